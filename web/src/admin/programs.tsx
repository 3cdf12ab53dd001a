import { useState } from 'react';
import { LIMITS } from '../api/limits';
import { formatCents, parseDollars } from '../api/money';
import { usePrograms, type Program } from '../api/queries';
import { useUpdateProgram } from './api';
import { Form, SubmitButton, useForm } from '../app/form';
import { RequireRole } from '../app/shell';
import {
  Alert,
  LoadFailed,
  Loading,
  MoneyField,
  PageHeading,
  TextField,
  useAnnounce,
  usePageTitle,
} from '../app/ui';

export function ProgramsPage() {
  usePageTitle('Programs');
  return (
    <RequireRole roles={['ADMIN']}>
      <Programs />
    </RequireRole>
  );
}

function Programs() {
  const programs = usePrograms();
  return (
    <>
      <PageHeading>Programs</PageHeading>
      <Alert type="info" heading="Changes apply to new enrollments only">
        <p className="margin-0">
          People already enrolled keep the fee, the number of sessions and the deadline they
          enrolled with.
        </p>
      </Alert>
      {programs.isPending && <Loading what="the programs" />}
      {programs.isError && <LoadFailed error={programs.error} what="the programs" />}
      {programs.isSuccess && programs.data.map((p) => <ProgramForm key={p.id} program={p} />)}
    </>
  );
}

function dollars(cents: number): string {
  return formatCents(cents).replace(/^\$/, '');
}

const LIMIT = LIMITS.UpdateProgramDto;
type ProgramChanges = {
  feeCents?: number;
  requiredSessions?: number;
  completionWindowDays?: number;
};

function ProgramForm({ program: p }: { program: Program }) {
  const updateProgram = useUpdateProgram();
  const announce = useAnnounce();
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm({
    initial: {
      feeCents: dollars(p.feeCents),
      requiredSessions: String(p.requiredSessions),
      completionWindowDays: String(p.completionWindowDays),
    },
    ids: {
      feeCents: `${p.code}-fee`,
      requiredSessions: `${p.code}-sessions`,
      completionWindowDays: `${p.code}-window`,
    },
    check(v, problems) {
      setSaved(null);
      const money = parseDollars(v.feeCents);
      if (!money.ok) problems.add('feeCents', money.message);
      else if (money.cents > LIMIT.feeCents.max)
        problems.add('feeCents', `Enter a fee of at most ${formatCents(LIMIT.feeCents.max)}`);
      const { requiredSessions: sessions, completionWindowDays: days } = LIMIT;
      const n = problems.wholeNumber(
        'requiredSessions',
        v.requiredSessions,
        sessions,
        `Enter a whole number of sessions from ${sessions.min} to ${sessions.max}`,
      );
      const window = problems.wholeNumber(
        'completionWindowDays',
        v.completionWindowDays,
        days,
        `Enter a whole number of days from ${days.min} to ${days.max}`,
      );
      const body: ProgramChanges = {};
      if (money.ok && money.cents !== p.feeCents) body.feeCents = money.cents;
      if (n !== p.requiredSessions) body.requiredSessions = n;
      if (window !== p.completionWindowDays) body.completionWindowDays = window;
      return body;
    },
    async send(body) {
      if (!Object.keys(body).length) return setSaved('Nothing changed.');
      const updated = await updateProgram(p.id, body);
      const message = `${updated.name} saved. The changes apply to new enrollments only.`;
      announce(message);
      setSaved(message);
    },
  });
  const numeric = {
    inputMode: 'numeric',
    autoComplete: 'off',
    className: 'usa-input--sm',
  } as const;

  return (
    <section aria-labelledby={`${p.code}-heading`} className="program-settings margin-top-4">
      <h2 id={`${p.code}-heading`}>{p.name}</h2>
      <Form form={form}>
        {saved && <Alert type="success" slim heading={saved} headingLevel={3} />}
        <MoneyField
          {...form.bind('feeCents')}
          label="Fee"
          hint={`Now ${formatCents(p.feeCents)}. Assessed when someone enrolls.`}
        />
        <TextField
          {...form.bind('requiredSessions')}
          {...numeric}
          label="Sessions required"
          hint="Sessions attended (present or late) needed to complete."
        />
        <TextField
          {...form.bind('completionWindowDays')}
          {...numeric}
          label="Completion window in days"
          hint="Days from the agreement date to the deadline."
        />
        <SubmitButton form={form} busy="Saving…" className="margin-top-2">
          Save<span className="usa-sr-only"> {p.name}</span>
        </SubmitButton>
      </Form>
    </section>
  );
}
