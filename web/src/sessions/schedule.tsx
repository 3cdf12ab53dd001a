import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { toDateInput } from '../api/dates';
import { LIMITS } from '../api/limits';
import { PROGRAM_NAMES, useStaffDirectory } from '../api/queries';
import { BACK_LINK, Form, FormActions, useForm } from '../app/form';
import { RequireRole } from '../app/shell';
import {
  DateField,
  ErrorSummary,
  PageHeading,
  SelectField,
  TextField,
  useAnnounce,
  usePageTitle,
} from '../app/ui';
import { sessionProblem, useSessionWrites, type ProgramCode } from './api';
import { chicagoTimestamp, formatLongDate, formatTimeRange, parseTimeInput } from './time';

const route = getRouteApi('/sessions/new');

/** Value or API field → input id, where they differ (the error summary links to the inputs). */
const FIELD_IDS: Record<string, string> = {
  date: 'sessionDate',
  startsAt: 'startTime',
  endsAt: 'endTime',
};

export function ScheduleSessionPage() {
  usePageTitle('Schedule a session');
  return (
    <RequireRole roles={['SUPERVISOR', 'INTAKE']}>
      <ScheduleSession />
    </RequireRole>
  );
}

const LIMIT = LIMITS.CreateSessionDto;

function ScheduleSession() {
  const { on } = route.useSearch();
  const navigate = useNavigate();
  const writes = useSessionWrites();
  const announce = useAnnounce();
  const directory = useStaffDirectory();
  const form = useForm({
    initial: {
      programCode: '',
      date: on ? toDateInput(on) : '',
      startTime: '',
      endTime: '',
      location: '',
      capacity: '',
      facilitatorId: '',
      topic: '',
    },
    ids: FIELD_IDS,
    clearSummary: 'when-sent',
    check(v, problems) {
      problems.when(!v.programCode, 'programCode', 'Choose a program');
      const date = problems.date('date', v.date, 'Enter the date as month/day/year');
      const start = parseTimeInput(v.startTime);
      const end = parseTimeInput(v.endTime);
      problems.when(!start, 'startTime', 'Enter the start time, like 9:00 AM');
      problems.when(!end, 'endTime', 'Enter the end time, like 12:00 PM');
      problems.when(
        start && end && end <= start,
        'endTime',
        'The end time must be after the start time',
      );
      const location = problems.required(
        'location',
        v.location,
        'Enter where the session takes place',
      );
      const capacity = problems.wholeNumber(
        'capacity',
        v.capacity,
        LIMIT.capacity,
        `Enter the number of seats, a whole number from ${LIMIT.capacity.min} to ${LIMIT.capacity.max}`,
      );
      if (!date || !start || !end) return undefined;
      return {
        date,
        body: {
          programCode: v.programCode as ProgramCode,
          startsAt: chicagoTimestamp(date, start),
          endsAt: chicagoTimestamp(date, end),
          location,
          capacity,
          facilitatorId: v.facilitatorId || undefined,
          topic: v.topic.trim() || undefined,
        },
      };
    },
    async send({ date, body }) {
      const session = await writes.schedule(body);
      announce(
        `Session scheduled for ${formatLongDate(date)}, ${formatTimeRange(body.startsAt, body.endsAt)}.`,
      );
      void navigate({ to: '/sessions/$sessionId', params: { sessionId: session.id } });
    },
    refused: (err, ids) => sessionProblem(err, ids),
  });

  const facilitators = (directory.data ?? [])
    .filter((s) => s.active && s.roles.includes('FACILITATOR'))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  const off = { autoComplete: 'off' } as const;

  return (
    <>
      <PageHeading>Schedule a session</PageHeading>
      <ErrorSummary {...form.summary} />
      <Form form={form} summary={false}>
        <SelectField
          {...form.bind('programCode')}
          label="Program"
          placeholder="Choose a program"
          options={Object.entries(PROGRAM_NAMES).map(([value, label]) => ({ value, label }))}
        />
        <DateField {...form.bind('date')} label="Date" hint="Month/day/year" />
        <div className="schedule-times">
          <TextField
            {...form.bind('startTime')}
            {...off}
            label="Start time"
            hint="Chicago time, like 9:00 AM"
            className="usa-input--sm"
          />
          <TextField
            {...form.bind('endTime')}
            {...off}
            label="End time"
            hint="Chicago time, like 12:00 PM"
            className="usa-input--sm"
          />
        </div>
        <TextField
          {...form.bind('location')}
          {...off}
          label="Location"
          hint="Building and room, like Room 204, 1125 Locust St"
          maxLength={LIMIT.location.max}
        />
        <TextField
          {...form.bind('capacity')}
          {...off}
          label="Capacity"
          hint="The number of seats"
          inputMode="numeric"
          className="usa-input--xs"
        />
        <SelectField
          {...form.bind('facilitatorId')}
          label="Facilitator"
          optional
          hint={directory.isError ? 'The staff list could not be loaded.' : undefined}
          placeholder="No facilitator yet"
          options={facilitators.map((s) => ({ value: s.id, label: s.displayName }))}
        />
        <TextField
          {...form.bind('topic')}
          {...off}
          label="Topic"
          optional
          maxLength={LIMIT.topic.max}
        />
        <FormActions
          form={form}
          submit="Schedule session"
          busy="Scheduling…"
          back={
            <Link to="/sessions" search={{ on }} className={BACK_LINK}>
              Back to sessions
            </Link>
          }
        />
      </Form>
    </>
  );
}
