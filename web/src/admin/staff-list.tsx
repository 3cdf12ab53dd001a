import { Link, getRouteApi } from '@tanstack/react-router';
import { formatTimestamp } from '../api/dates';
import { PagedTable, QueryState } from '../app/lists';
import { RequireRole } from '../app/shell';
import { PageHeading, usePageTitle } from '../app/ui';
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
      <QueryState query={staff} what="the staff">
        {(data) => (
          <PagedTable
            paging={{
              page,
              limit: PER_PAGE,
              total: data.total,
              to: '/admin/staff',
              label: 'Pages of staff',
            }}
            noun="staff members, by email"
            rows={data.items.length}
            label="Staff"
            caption="Staff members, by email"
            id="staff-table"
            columns={['Name', 'Email', 'Roles', 'Account', 'Sign-in']}
          >
            {data.items.map((s) => (
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
                  {s.active ? 'Active' : <span className="usa-tag bg-base-dark">Deactivated</span>}
                </td>
                <td data-label="Sign-in">
                  {s.lockedUntil ? `Locked until ${formatTimestamp(s.lockedUntil)}` : 'Not locked'}
                </td>
              </tr>
            ))}
          </PagedTable>
        )}
      </QueryState>
    </>
  );
}
