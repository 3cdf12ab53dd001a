import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { formatTimestamp } from '../api/dates';
import { useStaffName } from '../api/queries';
import { DateRangeFields, FilterForm, StaffSelect, onChecked, useDateRange } from '../app/filters';
import { HeadedSection, PagedTable, QueryState } from '../app/lists';
import { RequireRole } from '../app/shell';
import { PageHeading, useFormErrors, usePageTitle } from '../app/ui';
import {
  DISCLOSURES_PAGE_SIZE,
  useDisclosures,
  type Disclosure,
  type DisclosureSearch,
} from './api';
import { ACCESS_REASON_LABELS, DISCLOSED_ENTITY_LABELS, wordsFor } from './labels';

const route = getRouteApi('/disclosures');

/** The participant page's tab where each kind of record opened is seen. */
const TAB_OF: Record<string, 'referrals' | 'enrollment' | 'ledger'> = {
  PARTICIPANT: 'referrals',
  REFERRAL: 'referrals',
  ENROLLMENT: 'enrollment',
  LEDGER_ENTRY: 'ledger',
};

/**
 * Disclosures (AUDITOR): each opening of a closed record — when, who, why and which record —
 * newest first, by days and staff member. The list names no one: a record is opened from it only
 * through "This record is closed", with a reason, like any other opening.
 */
export function DisclosuresPage() {
  usePageTitle('Disclosures');
  return (
    <RequireRole roles={['AUDITOR']}>
      <Disclosures />
    </RequireRole>
  );
}

function Disclosures() {
  const search = route.useSearch();
  const page = search.page ?? 1;
  const { page: _page, ...filters } = search;
  const list = useDisclosures(search);
  const filtered = Object.values(filters).some((v) => v !== undefined && v !== '');

  return (
    <>
      <PageHeading>Disclosures</PageHeading>
      <p className="margin-top-0 maxw-tablet">
        Each time a closed record was opened: when, by whom, for what reason, and which part of the
        record. Newest first. A record the court closed may be opened only for a purpose the law
        allows (RSMo 610.120).
      </p>
      <DisclosureFilters key={JSON.stringify(filters)} search={filters} />
      <QueryState query={list} what="the disclosures">
        {(data) => (
          <HeadedSection
            id="disclosure-results"
            heading="Openings of closed records"
            className="margin-top-3"
          >
            <PagedTable
              paging={{
                page,
                limit: DISCLOSURES_PAGE_SIZE,
                total: data.total,
                to: '/disclosures',
                label: 'Pages of openings',
              }}
              noun="openings"
              empty={
                filtered
                  ? 'No closed record was opened in this period.'
                  : 'No closed record has been opened yet.'
              }
              rows={data.items.length}
              label="Openings of closed records"
              caption="Openings of closed records, newest first"
              id="disclosures-table"
              columns={['When', 'Who', 'Why', 'Record']}
            >
              {data.items.map((d) => (
                <DisclosureRow key={d.id} disclosure={d} />
              ))}
            </PagedTable>
          </HeadedSection>
        )}
      </QueryState>
    </>
  );
}

function DisclosureRow({ disclosure: d }: { disclosure: Disclosure }) {
  const staffName = useStaffName();
  return (
    <tr data-disclosure-id={d.id}>
      <th scope="row" data-label="When">
        {formatTimestamp(d.at)}
      </th>
      <td data-label="Who">{staffName(d.actorId)}</td>
      <td data-label="Why">{wordsFor(ACCESS_REASON_LABELS, d.reason)}</td>
      <td data-label="Record">
        <Link
          to="/participants/$participantId"
          params={{ participantId: d.participantId }}
          search={{ tab: TAB_OF[d.entityType] ?? 'referrals' }}
        >
          {wordsFor(DISCLOSED_ENTITY_LABELS, d.entityType)}
        </Link>
      </td>
    </tr>
  );
}

function DisclosureFilters({ search }: { search: Omit<DisclosureSearch, 'page'> }) {
  const navigate = useNavigate();
  const errors = useFormErrors();
  const [actorId, setActor] = useState(search.actorId ?? '');
  const range = useDateRange('disclosures', search, true);

  return (
    <FilterForm
      label="Filter openings"
      note="Every filter is optional. Days are Central time."
      errors={errors}
      clearTo="/disclosures"
      onSubmit={onChecked(errors, range.check, (days) => {
        void navigate({
          to: '/disclosures',
          search: { from: days.from, to: days.to, actorId: actorId || undefined },
        });
      })}
    >
      <DateRangeFields range={range} errors={errors} />
      {/* Supervisors and auditors open closed records; the follow-up list shows them to intake too. */}
      <StaffSelect id="disclosures-actor" value={actorId} onValue={setActor} />
    </FilterForm>
  );
}
