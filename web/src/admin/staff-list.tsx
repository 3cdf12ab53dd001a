import { Link, getRouteApi } from '@tanstack/react-router';
import { formatTimestamp } from '../api/dates';
import { Pager, showing } from '../app/pager';
import { RequireRole } from '../app/shell';
import { LoadFailed, Loading, PageHeading, TableRegion, usePageTitle } from '../app/ui';
import { useStaffList } from './api';
import { roleLabels } from './common';

const PER_PAGE = 50;
const route = getRouteApi('/admin/staff');

export function StaffListPage() {
  usePageTitle('Staff');
  return (
    <RequireRole roles={['ADMIN']}>
      <StaffList />
    </RequireRole>
  );
}

function StaffList() {
  const { page = 1 } = route.useSearch();
  const staff = useStaffList(page, PER_PAGE);
  return (
    <>
      <PageHeading>Staff</PageHeading>
      <p className="margin-top-0">
        Who can sign in to the case manager, and what each person may do.
      </p>
      <p>
        <Link to="/admin/staff/new" className="usa-button">
          Add staff member
        </Link>
      </p>
      {staff.isPending && <Loading what="the staff" />}
      {staff.isError && <LoadFailed error={staff.error} what="the staff" />}
      {staff.isSuccess && (
        <>
          <p role="status">
            {showing(page, PER_PAGE, staff.data.total, 'staff members, by email')}
          </p>
          <TableRegion label="Staff" caption="Staff members, by email" id="staff-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Roles</th>
                <th scope="col">Account</th>
                <th scope="col">Sign-in</th>
              </tr>
            </thead>
            <tbody>
              {staff.data.items.map((s) => (
                <tr key={s.id}>
                  <th scope="row" data-label="Name">
                    <Link to="/admin/staff/$staffId" params={{ staffId: s.id }}>
                      {s.displayName}
                    </Link>
                  </th>
                  <td data-label="Email" className="staff-email">
                    {s.email}
                  </td>
                  <td data-label="Roles">{roleLabels(s.roles)}</td>
                  <td data-label="Account">
                    {s.active ? (
                      'Active'
                    ) : (
                      <span className="usa-tag bg-base-dark">Deactivated</span>
                    )}
                  </td>
                  <td data-label="Sign-in">
                    {s.lockedUntil
                      ? `Locked until ${formatTimestamp(s.lockedUntil)}`
                      : 'Not locked'}
                  </td>
                </tr>
              ))}
            </tbody>
          </TableRegion>
          <Pager
            page={page}
            total={staff.data.total}
            limit={PER_PAGE}
            to="/admin/staff"
            label="Pages of staff"
          />
        </>
      )}
    </>
  );
}
