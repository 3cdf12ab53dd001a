import { useQuery } from '@tanstack/react-query';
import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { Schemas } from '../api/client';
import { chicagoToday, formatTimestamp, toDateInput } from '../api/dates';
import { useStaffDirectory } from '../api/queries';
import { hasRole, useSession } from '../api/session';
import { RequireRole } from '../app/shell';
import { AUDIT_PAGE_SIZE, auditEventsQuery, auditQueryOf, type AuditSearch } from './api';
import { PageHeading, SelectField, TextField, useFormErrors, usePageTitle } from '../app/ui';
import { DateRangeFields, FilterForm, StaffSelect, onChecked, useDateRange } from '../app/filters';
import { HeadedSection, PagedTable, QueryState } from '../app/lists';
import { ACTION_LABELS, ENTITY_LABELS, entityLabel, recordTarget } from './labels';
import { EventWhat } from './history-tab';
import { EventTime } from './event-time';

const route = getRouteApi('/audit');

/** A `from` that is a time, not a day (the home page's "Recent activity"). */
const isInstant = (from: string | undefined): from is string => !!from && from.length > 10;

/** The Chicago day of a `from` that is a day or a time. */
const dayOf = (from: string | undefined) => (isInstant(from) ? chicagoToday(new Date(from)) : from);

export function AuditPage() {
  usePageTitle('Audit trail');
  return (
    <RequireRole roles={['AUDITOR', 'ADMIN']}>
      <AuditTrail />
    </RequireRole>
  );
}

function AuditTrail() {
  const search = route.useSearch();
  const page = search.page ?? 1;
  const { page: _page, ...filters } = search;
  const events = useQuery(auditEventsQuery(auditQueryOf(search)));
  const filtered = Object.values(filters).some((v) => v !== undefined && v !== '');

  return (
    <>
      <PageHeading>Audit trail</PageHeading>
      <p className="margin-top-0">
        Every change, every sign-in and every opened record: who, what, when and whether it was
        done. Newest first.
      </p>
      <AuditFilters key={JSON.stringify(filters)} search={filters} />
      <QueryState query={events} what="the audit trail">
        {(data) => (
          <HeadedSection
            id="audit-results"
            heading={
              <>Events{isInstant(filters.from) && ` since ${formatTimestamp(filters.from)}`}</>
            }
            className="margin-top-3"
          >
            <PagedTable
              paging={{
                page,
                limit: AUDIT_PAGE_SIZE,
                total: data.total,
                more: data.totalIsLowerBound,
                to: '/audit',
                label: 'Pages of events',
              }}
              noun="events"
              empty={
                filtered ? 'No event matches these filters.' : 'No event has been recorded yet.'
              }
              rows={data.items.length}
              label="Events"
              caption="Audit events, newest first"
              id="audit-table"
              className="audit-table"
              columns={['When', 'Who', 'What', 'Record', 'Outcome', 'Request']}
            >
              {data.items.map((e) => (
                <AuditRow key={e.id} event={e} />
              ))}
            </PagedTable>
          </HeadedSection>
        )}
      </QueryState>
    </>
  );
}

type AuditEvent = Schemas['AuditEventDto'];

/** Staff accounts and programs have pages only an administrator can open. */
const ADMIN_PAGES = new Set(['staff', 'program']);

function AuditRow({ event: e }: { event: AuditEvent }) {
  const staff = useStaffDirectory();
  const { user } = useSession();
  const who = e.actorId
    ? (staff.data?.find((s) => s.id === e.actorId)?.displayName ?? 'Staff member')
    : 'Nobody signed in';
  const target =
    ADMIN_PAGES.has(e.entityType ?? '') && !hasRole(user, 'ADMIN') ? null : recordTarget(e);
  return (
    <tr data-event-id={e.id}>
      <th scope="row" data-label="When">
        <EventTime at={e.at} />
      </th>
      <td data-label="Who">{who}</td>
      <td data-label="What">
        <EventWhat action={e.action} details={e.details} />
      </td>
      <td data-label="Record">
        {target ? (
          <Link
            to={target.to as never}
            params={target.params as never}
            search={target.search as never}
          >
            {target.text}
          </Link>
        ) : (
          entityLabel(e.entityType)
        )}
        {target && target.text !== entityLabel(e.entityType) && (
          <div className="font-body-3xs text-base-dark">{entityLabel(e.entityType)}</div>
        )}
      </td>
      <td data-label="Outcome">
        {e.outcome === 'SUCCESS' ? (
          'Done'
        ) : (
          <>
            <span className="text-bold">Refused</span>
            {(e.errorCode || e.statusCode) && (
              <div className="text-mono font-mono-3xs text-base-dark">
                {[e.statusCode, e.errorCode].filter(Boolean).join(' ')}
              </div>
            )}
          </>
        )}
      </td>
      <td data-label="Request" className="audit-request">
        <span className="text-mono font-mono-3xs">{e.requestId ?? '—'}</span>
      </td>
    </tr>
  );
}

function AuditFilters({ search }: { search: Omit<AuditSearch, 'page'> }) {
  const navigate = useNavigate();
  const errors = useFormErrors();
  const [actorId, setActor] = useState(search.actorId ?? '');
  const [action, setAction] = useState(search.action ?? '');
  const [entityType, setEntityType] = useState(search.entityType ?? '');
  const [entityId, setEntityId] = useState(search.entityId ?? '');
  const [outcome, setOutcome] = useState(search.outcome ?? '');
  // A `from` time shows as its day, and is kept as long as that day is left as it is.
  const range = useDateRange('audit', { from: dayOf(search.from), to: search.to }, true);
  const fromShown = toDateInput(dayOf(search.from));

  function check() {
    const days = range.check();
    const problems = Array.isArray(days) ? days : [];
    const id = entityId.trim();
    if (id.length > 100)
      problems.push({
        fieldId: 'audit-entity-id',
        message: 'Enter a record id of at most 100 characters',
      });
    if (problems.length || Array.isArray(days)) return problems;
    const from = days.from && range.from === fromShown ? search.from : days.from;
    return { from, to: days.to, id };
  }

  return (
    <FilterForm
      label="Filter events"
      note="Every filter is optional."
      errors={errors}
      clearTo="/audit"
      onSubmit={onChecked(errors, check, ({ from, to, id }) => {
        void navigate({
          to: '/audit',
          search: {
            actorId: actorId || undefined,
            action: action || undefined,
            entityType: entityType || undefined,
            entityId: id ? id.toLowerCase() : undefined,
            outcome: (outcome || undefined) as AuditSearch['outcome'],
            from,
            to,
          },
        });
      })}
    >
      <StaffSelect id="audit-actor" value={actorId} onValue={setActor} />
      <SelectField
        id="audit-action"
        label="Action"
        options={Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label }))}
        placeholder="Any action"
        value={action}
        onChange={(e) => setAction(e.target.value)}
      />
      <SelectField
        id="audit-entity-type"
        label="Record type"
        options={Object.entries(ENTITY_LABELS).map(([value, label]) => ({ value, label }))}
        placeholder="Any record"
        value={entityType}
        onChange={(e) => setEntityType(e.target.value)}
      />
      <TextField
        id="audit-entity-id"
        label="Record id"
        hint="The id at the end of the record's address"
        autoComplete="off"
        spellCheck={false}
        value={entityId}
        error={errors.field('audit-entity-id')}
        onChange={(e) => setEntityId(e.target.value)}
      />
      <SelectField
        id="audit-outcome"
        label="Outcome"
        options={[
          { value: 'SUCCESS', label: 'Done' },
          { value: 'FAILURE', label: 'Refused' },
        ]}
        placeholder="Done or refused"
        value={outcome}
        onChange={(e) => setOutcome(e.target.value as AuditSearch['outcome'] & string)}
      />
      <DateRangeFields range={range} errors={errors} />
    </FilterForm>
  );
}
