import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { requestIdOf } from '../api/problem';
import { parseDateInput, toDateInput } from '../api/dates';
import type { SummaryItem } from '../api/problem';
import { PROGRAM_NAMES, useStaffDirectory } from '../api/queries';
import { RequireRole } from '../app/shell';
import {
  ErrorSummary,
  PageHeading,
  SelectField,
  TextField,
  useAnnounce,
  useFormErrors,
  usePageTitle,
} from '../app/ui';
import { sessionProblem, useSessionWrites, type ProgramCode } from './api';
import { chicagoTimestamp, formatLongDate, formatTimeRange, parseTimeInput } from './time';

const route = getRouteApi('/sessions/new');

/** API field → input id, for the error summary's links. */
const FIELD_IDS: Record<string, string> = {
  programCode: 'programCode',
  startsAt: 'startTime',
  endsAt: 'endTime',
  location: 'location',
  capacity: 'capacity',
  facilitatorId: 'facilitatorId',
  topic: 'topic',
};

export function ScheduleSessionPage() {
  usePageTitle('Schedule a session');
  return (
    <RequireRole roles={['SUPERVISOR', 'INTAKE']}>
      <ScheduleSession />
    </RequireRole>
  );
}

interface Form {
  programCode: string;
  date: string;
  startTime: string;
  endTime: string;
  location: string;
  capacity: string;
  facilitatorId: string;
  topic: string;
}

function ScheduleSession() {
  const { on } = route.useSearch();
  const navigate = useNavigate();
  const writes = useSessionWrites();
  const announce = useAnnounce();
  const errors = useFormErrors();
  const directory = useStaffDirectory();
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState<Form>({
    programCode: '',
    date: on ? toDateInput(on) : '',
    startTime: '',
    endTime: '',
    location: '',
    capacity: '',
    facilitatorId: '',
    topic: '',
  });
  const set = (k: keyof Form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  const facilitators = (directory.data ?? [])
    .filter((s) => s.active && s.roles.includes('FACILITATOR'))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: SummaryItem[] = [];
    const date = parseDateInput(form.date);
    const start = parseTimeInput(form.startTime);
    const end = parseTimeInput(form.endTime);
    const capacity = Number(form.capacity.trim());
    if (!form.programCode) problems.push({ fieldId: 'programCode', message: 'Choose a program' });
    if (!date)
      problems.push({ fieldId: 'sessionDate', message: 'Enter the date as month/day/year' });
    if (!start)
      problems.push({ fieldId: 'startTime', message: 'Enter the start time, like 9:00 AM' });
    if (!end) problems.push({ fieldId: 'endTime', message: 'Enter the end time, like 12:00 PM' });
    if (start && end && end <= start)
      problems.push({ fieldId: 'endTime', message: 'The end time must be after the start time' });
    if (!form.location.trim())
      problems.push({ fieldId: 'location', message: 'Enter where the session takes place' });
    if (!/^\d+$/.test(form.capacity.trim()) || capacity < 1 || capacity > 500)
      problems.push({
        fieldId: 'capacity',
        message: 'Enter the number of seats, a whole number from 1 to 500',
      });
    if (problems.length) return errors.show(problems);

    setBusy(true);
    try {
      const startsAt = chicagoTimestamp(date!, start!);
      const endsAt = chicagoTimestamp(date!, end!);
      const session = await writes.schedule({
        programCode: form.programCode as ProgramCode,
        startsAt,
        endsAt,
        location: form.location.trim(),
        capacity,
        facilitatorId: form.facilitatorId || undefined,
        topic: form.topic.trim() || undefined,
      });
      announce(
        `Session scheduled for ${formatLongDate(date!)}, ${formatTimeRange(startsAt, endsAt)}.`,
      );
      void navigate({ to: '/sessions/$sessionId', params: { sessionId: session.id } });
    } catch (err) {
      errors.show(sessionProblem(err, FIELD_IDS), requestIdOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeading>Schedule a session</PageHeading>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      <form className="usa-form usa-form--large" onSubmit={submit} noValidate>
        <SelectField
          id="programCode"
          label="Program"
          value={form.programCode}
          placeholder="Choose a program"
          options={Object.entries(PROGRAM_NAMES).map(([value, label]) => ({ value, label }))}
          error={errors.field('programCode')}
          onChange={set('programCode')}
        />
        <TextField
          id="sessionDate"
          label="Date"
          hint="Month/day/year"
          inputMode="numeric"
          autoComplete="off"
          className="usa-input--md"
          value={form.date}
          error={errors.field('sessionDate')}
          onChange={set('date')}
        />
        <div className="schedule-times">
          <TextField
            id="startTime"
            label="Start time"
            hint="Chicago time, like 9:00 AM"
            autoComplete="off"
            className="usa-input--sm"
            value={form.startTime}
            error={errors.field('startTime')}
            onChange={set('startTime')}
          />
          <TextField
            id="endTime"
            label="End time"
            hint="Chicago time, like 12:00 PM"
            autoComplete="off"
            className="usa-input--sm"
            value={form.endTime}
            error={errors.field('endTime')}
            onChange={set('endTime')}
          />
        </div>
        <TextField
          id="location"
          label="Location"
          hint="Building and room, like Room 204, 1125 Locust St"
          autoComplete="off"
          maxLength={200}
          value={form.location}
          error={errors.field('location')}
          onChange={set('location')}
        />
        <TextField
          id="capacity"
          label="Capacity"
          hint="The number of seats"
          inputMode="numeric"
          autoComplete="off"
          className="usa-input--xs"
          value={form.capacity}
          error={errors.field('capacity')}
          onChange={set('capacity')}
        />
        <SelectField
          id="facilitatorId"
          label="Facilitator"
          optional
          hint={directory.isError ? 'The staff list could not be loaded.' : undefined}
          value={form.facilitatorId}
          placeholder="No facilitator yet"
          options={facilitators.map((s) => ({ value: s.id, label: s.displayName }))}
          error={errors.field('facilitatorId')}
          onChange={set('facilitatorId')}
        />
        <TextField
          id="topic"
          label="Topic"
          optional
          autoComplete="off"
          maxLength={200}
          value={form.topic}
          error={errors.field('topic')}
          onChange={set('topic')}
        />
        <div className="usa-button-group margin-top-3">
          <button type="submit" className="usa-button" disabled={busy}>
            {busy ? 'Scheduling…' : 'Schedule session'}
          </button>
          <Link to="/sessions" search={{ on }} className="usa-button usa-button--outline">
            Back to sessions
          </Link>
        </div>
      </form>
    </>
  );
}
