import { useQuery } from '@tanstack/react-query';
import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import type { Schemas } from '../api/client';
import { chicagoToday, formatTimestamp, parseDateInput, toDateInput } from '../api/dates';
import type { SummaryItem } from '../api/problem';
import { useStaffDirectory } from '../api/queries';
import { hasRole, useSession } from '../api/session';
import { RequireRole } from '../app/shell';
import { AUDIT_PAGE_SIZE, auditEventsQuery, auditQueryOf } from './api';
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
import { ACTION_LABELS, ENTITY_LABELS, entityLabel, recordTarget } from './labels';
import { ListStatus, Pager } from '../app/pager';
import { EventWhat } from './history-tab';

export interface AuditSearch {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  outcome?: 'SUCCESS' | 'FAILURE';
  /** A day (YYYY-MM-DD), or a timestamp: "Recent activity" on the home page counts from one. */
  from?: string;
  to?: string;
  page?: number;
}

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
      {events.isPending && <Loading what="the audit trail" />}
      {events.isError && <LoadFailed error={events.error} what="the audit trail" />}
      {events.isSuccess && (
        <section aria-labelledby="audit-results" className="margin-top-3">
          <h2 id="audit-results">
            Events{isInstant(filters.from) && ` since ${formatTimestamp(filters.from)}`}
          </h2>
          <ListStatus
            page={page}
            limit={AUDIT_PAGE_SIZE}
            total={events.data.total}
            more={events.data.totalIsLowerBound}
            noun="events"
            empty={filtered ? 'No event matches these filters.' : 'No event has been recorded yet.'}
          />
          {events.data.items.length > 0 && (
            <TableRegion
              label="Events"
              caption="Audit events, newest first"
              id="audit-table"
              className="audit-table"
            >
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Record</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Request</th>
                </tr>
              </thead>
              <tbody>
                {events.data.items.map((e) => (
                  <AuditRow key={e.id} event={e} />
                ))}
              </tbody>
            </TableRegion>
          )}
          <Pager
            page={page}
            total={events.data.total}
            more={events.data.totalIsLowerBound}
            limit={AUDIT_PAGE_SIZE}
            to="/audit"
            label="Pages of events"
          />
        </section>
      )}
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
        {formatTimestamp(e.at)}
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
  const staff = useStaffDirectory();
  const errors = useFormErrors();
  const [actorId, setActor] = useState(search.actorId ?? '');
  const [action, setAction] = useState(search.action ?? '');
  const [entityType, setEntityType] = useState(search.entityType ?? '');
  const [entityId, setEntityId] = useState(search.entityId ?? '');
  const [outcome, setOutcome] = useState(search.outcome ?? '');
  // A `from` time shows as its day, and is kept as long as that day is left as it is.
  const fromShown = toDateInput(dayOf(search.from));
  const [from, setFrom] = useState(fromShown);
  const [to, setTo] = useState(toDateInput(search.to));

  const staffOptions = (staff.data ?? []).map((s) => ({
    value: s.id,
    label: s.active ? s.displayName : `${s.displayName} (deactivated)`,
  }));
  if (actorId && !staffOptions.some((o) => o.value === actorId))
    staffOptions.push({ value: actorId, label: 'Staff member (not in the directory)' });

  function submit(e: FormEvent) {
    e.preventDefault();
    const problems: SummaryItem[] = [];
    const f = !from.trim() ? undefined : from === fromShown ? search.from : parseDateInput(from);
    const t = to.trim() ? parseDateInput(to) : undefined;
    if (f === null)
      problems.push({ fieldId: 'audit-from', message: 'Enter the first day as month/day/year' });
    if (t === null)
      problems.push({ fieldId: 'audit-to', message: 'Enter the last day as month/day/year' });
    if (f && t && dayOf(f)! > t)
      problems.push({
        fieldId: 'audit-to',
        message: 'The last day must be on or after the first day',
      });
    const id = entityId.trim();
    if (id.length > 100)
      problems.push({
        fieldId: 'audit-entity-id',
        message: 'Enter a record id of at most 100 characters',
      });
    if (problems.length) return errors.show(problems);
    errors.clear();
    void navigate({
      to: '/audit',
      search: {
        actorId: actorId || undefined,
        action: action || undefined,
        entityType: entityType || undefined,
        entityId: id ? id.toLowerCase() : undefined,
        outcome: (outcome || undefined) as AuditSearch['outcome'],
        from: f ?? undefined,
        to: t ?? undefined,
      },
    });
  }

  return (
    <form
      className="usa-form audit-filters"
      onSubmit={submit}
      noValidate
      aria-label="Filter events"
    >
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      <p className="margin-0 text-base-dark">Every filter is optional.</p>
      <div className="audit-filters__grid">
        <SelectField
          id="audit-actor"
          label="Staff member"
          options={staffOptions}
          placeholder="Anyone"
          value={actorId}
          onChange={(e) => setActor(e.target.value)}
        />
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
        <TextField
          id="audit-from"
          label="From"
          hint="Month/day/year"
          inputMode="numeric"
          autoComplete="off"
          value={from}
          error={errors.field('audit-from')}
          onChange={(e) => setFrom(e.target.value)}
        />
        <TextField
          id="audit-to"
          label="To"
          hint="Month/day/year"
          inputMode="numeric"
          autoComplete="off"
          value={to}
          error={errors.field('audit-to')}
          onChange={(e) => setTo(e.target.value)}
        />
      </div>
      <div className="usa-button-group margin-top-2">
        <button type="submit" className="usa-button">
          Apply filters
        </button>
        <Link to="/audit" className="usa-button usa-button--outline">
          Clear filters
        </Link>
      </div>
    </form>
  );
}
