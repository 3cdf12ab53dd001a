import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { formatTimestamp, parseDateInput, toDateInput } from '../api/dates';
import type { SummaryItem } from '../api/problem';
import { useStaffDirectory, useStaffName } from '../api/queries';
import { ListStatus, Pager } from '../app/pager';
import { RequireRole } from '../app/shell';
import {
  ErrorSummary,
  LoadFailed,
  Loading,
  PageHeading,
  SelectField,
  TableRegion,
  TextField,
  useFormErrors,
  usePageTitle,
} from '../app/ui';
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
      {list.isPending && <Loading what="the disclosures" />}
      {list.isError && <LoadFailed error={list.error} what="the disclosures" />}
      {list.isSuccess && (
        <section aria-labelledby="disclosure-results" className="margin-top-3">
          <h2 id="disclosure-results">Openings of closed records</h2>
          <ListStatus
            page={page}
            limit={DISCLOSURES_PAGE_SIZE}
            total={list.data.total}
            noun="openings"
            empty={
              filtered
                ? 'No closed record was opened in this period.'
                : 'No closed record has been opened yet.'
            }
          />
          {list.data.items.length > 0 && (
            <TableRegion
              label="Openings of closed records"
              caption="Openings of closed records, newest first"
              id="disclosures-table"
            >
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Why</th>
                  <th scope="col">Record</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((d) => (
                  <DisclosureRow key={d.id} disclosure={d} />
                ))}
              </tbody>
            </TableRegion>
          )}
          <Pager
            page={page}
            total={list.data.total}
            limit={DISCLOSURES_PAGE_SIZE}
            to="/disclosures"
            label="Pages of openings"
          />
        </section>
      )}
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
  const staff = useStaffDirectory();
  const errors = useFormErrors();
  const [actorId, setActor] = useState(search.actorId ?? '');
  const [from, setFrom] = useState(toDateInput(search.from));
  const [to, setTo] = useState(toDateInput(search.to));

  // Supervisors and auditors open closed records; the follow-up list shows them to intake too.
  const staffOptions = (staff.data ?? []).map((s) => ({
    value: s.id,
    label: s.active ? s.displayName : `${s.displayName} (deactivated)`,
  }));
  if (actorId && !staffOptions.some((o) => o.value === actorId))
    staffOptions.push({ value: actorId, label: 'Staff member (not in the directory)' });

  function submit(e: FormEvent) {
    e.preventDefault();
    const problems: SummaryItem[] = [];
    const f = from.trim() ? parseDateInput(from) : undefined;
    const t = to.trim() ? parseDateInput(to) : undefined;
    if (f === null)
      problems.push({
        fieldId: 'disclosures-from',
        message: 'Enter the first day as month/day/year',
      });
    if (t === null)
      problems.push({ fieldId: 'disclosures-to', message: 'Enter the last day as month/day/year' });
    if (f && t && f > t)
      problems.push({
        fieldId: 'disclosures-to',
        message: 'The last day must be on or after the first day',
      });
    if (problems.length) return errors.show(problems);
    errors.clear();
    void navigate({
      to: '/disclosures',
      search: { from: f ?? undefined, to: t ?? undefined, actorId: actorId || undefined },
    });
  }

  return (
    <form
      className="usa-form audit-filters"
      onSubmit={submit}
      noValidate
      aria-label="Filter openings"
    >
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      <p className="margin-0 text-base-dark">Every filter is optional. Days are Central time.</p>
      <div className="audit-filters__grid">
        <TextField
          id="disclosures-from"
          label="From"
          hint="Month/day/year"
          inputMode="numeric"
          autoComplete="off"
          value={from}
          error={errors.field('disclosures-from')}
          onChange={(e) => setFrom(e.target.value)}
        />
        <TextField
          id="disclosures-to"
          label="To"
          hint="Month/day/year"
          inputMode="numeric"
          autoComplete="off"
          value={to}
          error={errors.field('disclosures-to')}
          onChange={(e) => setTo(e.target.value)}
        />
        <SelectField
          id="disclosures-actor"
          label="Staff member"
          options={staffOptions}
          placeholder="Anyone"
          value={actorId}
          onChange={(e) => setActor(e.target.value)}
        />
      </div>
      <div className="usa-button-group margin-top-2">
        <button type="submit" className="usa-button">
          Apply filters
        </button>
        <Link to="/disclosures" className="usa-button usa-button--outline">
          Clear filters
        </Link>
      </div>
    </form>
  );
}
