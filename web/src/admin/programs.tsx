import { useState, type FormEvent } from 'react';
import { formatCents, parseDollars } from '../api/money';
import type { SummaryItem } from '../api/problem';
import { usePrograms, type Program } from '../api/queries';
import { useUpdateProgram } from './api';
import { RequireRole } from '../app/shell';
import {
  Alert,
  ErrorSummary,
  LoadFailed,
  Loading,
  MoneyField,
  PageHeading,
  TextField,
  useAnnounce,
  useFormErrors,
  usePageTitle,
} from '../app/ui';

const MAX_FEE_CENTS = 10_000_000;

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

function ProgramForm({ program: p }: { program: Program }) {
  const updateProgram = useUpdateProgram();
  const announce = useAnnounce();
  const errors = useFormErrors();
  const ids = {
    feeCents: `${p.code}-fee`,
    requiredSessions: `${p.code}-sessions`,
    completionWindowDays: `${p.code}-window`,
  };
  const [fee, setFee] = useState(dollars(p.feeCents));
  const [sessions, setSessions] = useState(String(p.requiredSessions));
  const [windowDays, setWindowDays] = useState(String(p.completionWindowDays));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    const problems: SummaryItem[] = [];
    const money = parseDollars(fee);
    if (!money.ok) problems.push({ fieldId: ids.feeCents, message: money.message });
    else if (money.cents > MAX_FEE_CENTS)
      problems.push({
        fieldId: ids.feeCents,
        message: `Enter a fee of at most ${formatCents(MAX_FEE_CENTS)}`,
      });
    const n = Number(sessions.trim());
    if (!/^\d+$/.test(sessions.trim()) || n < 1 || n > 100)
      problems.push({
        fieldId: ids.requiredSessions,
        message: 'Enter a whole number of sessions from 1 to 100',
      });
    const days = Number(windowDays.trim());
    if (!/^\d+$/.test(windowDays.trim()) || days < 1 || days > 730)
      problems.push({
        fieldId: ids.completionWindowDays,
        message: 'Enter a whole number of days from 1 to 730',
      });
    if (problems.length) return errors.show(problems);
    errors.clear();
    const body: { feeCents?: number; requiredSessions?: number; completionWindowDays?: number } =
      {};
    if (money.ok && money.cents !== p.feeCents) body.feeCents = money.cents;
    if (n !== p.requiredSessions) body.requiredSessions = n;
    if (days !== p.completionWindowDays) body.completionWindowDays = days;
    if (!Object.keys(body).length) {
      setSaved('Nothing changed.');
      return;
    }
    setBusy(true);
    try {
      const updated = await updateProgram(p.id, body);
      const message = `${updated.name} saved. The changes apply to new enrollments only.`;
      announce(message);
      setSaved(message);
    } catch (err) {
      errors.fromError(err, ids);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${p.code}-heading`} className="program-settings margin-top-4">
      <h2 id={`${p.code}-heading`}>{p.name}</h2>
      <form className="usa-form usa-form--large" onSubmit={submit} noValidate>
        <ErrorSummary items={errors.items} requestId={errors.requestId} />
        {saved && <Alert type="success" slim heading={saved} headingLevel={3} />}
        <MoneyField
          id={ids.feeCents}
          label="Fee"
          hint={`Now ${formatCents(p.feeCents)}. Assessed when someone enrolls.`}
          value={fee}
          error={errors.field(ids.feeCents)}
          onChange={(e) => setFee(e.target.value)}
        />
        <TextField
          id={ids.requiredSessions}
          label="Sessions required"
          hint="Sessions attended (present or late) needed to complete."
          inputMode="numeric"
          autoComplete="off"
          className="usa-input--sm"
          value={sessions}
          error={errors.field(ids.requiredSessions)}
          onChange={(e) => setSessions(e.target.value)}
        />
        <TextField
          id={ids.completionWindowDays}
          label="Completion window in days"
          hint="Days from the agreement date to the deadline."
          inputMode="numeric"
          autoComplete="off"
          className="usa-input--sm"
          value={windowDays}
          error={errors.field(ids.completionWindowDays)}
          onChange={(e) => setWindowDays(e.target.value)}
        />
        <button type="submit" className="usa-button margin-top-2" disabled={busy}>
          {busy ? (
            'Saving…'
          ) : (
            <>
              Save<span className="usa-sr-only"> {p.name}</span>
            </>
          )}
        </button>
      </form>
    </section>
  );
}
