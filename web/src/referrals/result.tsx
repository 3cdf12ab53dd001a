import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { closedRecordAccess } from '../api/access-reason';
import { Link, getRouteApi } from '@tanstack/react-router';
import { formatDate, formatTimestamp } from '../api/dates';
import { formatCents } from '../api/money';
import { programName, usePrograms, useStaffName } from '../api/queries';
import { hasRole, useSession } from '../api/session';
import { useParticipant } from '../participants/api';
import { ClosedRecordBanner, ClosedRecordGate, isRecordClosed } from '../records/parts';
import { RequireRole } from '../app/shell';
import {
  Alert,
  ErrorSummary,
  LoadFailed,
  Loading,
  PageHeading,
  useAnnounce,
  useFormErrors,
  usePageTitle,
} from '../app/ui';
import { OFFENSE_CLASSES } from './referral-form';
import { useChecks, useReferral, useReferralsOf, useReferralWrites, type Check } from './api';
import { DataTable } from '../app/lists';

/** What each rule of MO-2026.1 asks, in plain words; the API's message says why it passed or failed. */
export const RULE_TITLES: Record<string, string> = {
  CHARGE_NOT_ELIGIBLE: 'The charge is patronizing prostitution, a Class B misdemeanor',
  MINOR_INVOLVED: 'No minor was involved',
  MINOR_STATUS_UNVERIFIED: 'Whether a minor was involved is known',
  PARTICIPANT_NOT_ADULT: 'The participant was an adult on the offense date',
  PRIOR_CONVICTION: 'No prior prostitution-related conviction',
  PRIOR_DIVERSION: 'Never in a diversion program before',
  PENDING_CHARGE: 'No similar charge pending',
  REGISTERED_SEX_OFFENDER: 'Not a registered sex offender',
  TRAFFICKING_CHARGE: 'No trafficking charge or conviction',
};

const route = getRouteApi('/referrals/$referralId');

export function EligibilityResultPage() {
  usePageTitle('Eligibility result');
  return (
    <RequireRole roles={['INTAKE', 'SUPERVISOR', 'AUDITOR']}>
      <EligibilityResult />
    </RequireRole>
  );
}

function EligibilityResult() {
  const { referralId } = route.useParams();
  const { user } = useSession();
  const referral = useReferral(referralId);
  const checks = useChecks(referralId);
  const participantId = referral.data?.participantId;
  const participant = useParticipant(participantId ?? '');
  const siblings = useReferralsOf(participantId ?? '');
  const staffName = useStaffName();
  const referrals = useReferralWrites();
  const announce = useAnnounce();
  const errors = useFormErrors();
  const canAct = hasRole(user, 'INTAKE', 'SUPERVISOR');
  const [justOpened, setJustOpened] = useState(false);
  const ownEnrollmentId = siblings.data?.find((s) => s.id === referralId)?.enrollmentId;
  // Opened with a reason from here, the record's participant page and enrollment are its too.
  useEffect(() => {
    if (participantId && closedRecordAccess.covers(referralId))
      closedRecordAccess.include([participantId, ownEnrollmentId]);
  }, [participantId, referralId, ownEnrollmentId]);

  const runCheck = useMutation({
    mutationFn: () => referrals.check(referralId),
    onSuccess: (c) => {
      errors.clear();
      announce(
        c.eligible ? 'Eligibility checked: eligible.' : 'Eligibility checked: not eligible.',
      );
    },
    onError: (err) => errors.fromError(err),
  });

  // A link to a referral of a closed record: why it is opened is asked first.
  if ([referral.error, checks.error].some(isRecordClosed))
    return <ClosedRecordGate recordId={referralId} onOpened={() => setJustOpened(true)} />;
  if (referral.isPending || checks.isPending) return <Loading what="the eligibility result" />;
  if (referral.isError) return <LoadFailed error={referral.error} what="the referral" />;
  if (checks.isError) return <LoadFailed error={checks.error} what="the eligibility checks" />;

  const r = referral.data;
  const [latest, ...earlier] = checks.data;
  const enrollmentId = siblings.data?.find((s) => s.id === referralId)?.enrollmentId ?? null;
  const p = participant.data;

  return (
    <>
      <PageHeading>Eligibility result</PageHeading>
      {p && p.recordStatus !== 'OPEN' && <ClosedRecordBanner focus={justOpened} />}
      <p className="usa-intro margin-top-0">
        Case {r.caseNumber}, {r.courtName}
        {p && (
          <>
            {' '}
            —{' '}
            <Link to="/participants/$participantId" params={{ participantId: r.participantId }}>
              {p.firstName} {p.lastName}
            </Link>
          </>
        )}
      </p>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />

      {r.childrenDivisionReportRequired && (
        <Alert type="emergency" heading="Report to Children's Division required">
          <p className="margin-0">
            A minor was involved in this offense. Under RSMo 567.020 a minor in prostitution is a
            victim: report it to the Missouri Children&apos;s Division hotline today and record the
            report in the case file. Diversion is not available.
          </p>
        </Alert>
      )}

      {!latest && (
        <>
          <Alert type="info" heading="No eligibility check yet">
            <p className="margin-0">Run a check to see whether this referral can be enrolled.</p>
          </Alert>
        </>
      )}

      {latest && (
        <section aria-labelledby="latest-heading">
          <div
            className={`result-panel ${latest.stale ? 'result-panel--stale' : latest.eligible ? 'result-panel--eligible' : 'result-panel--ineligible'}`}
          >
            <h2 id="latest-heading" className="margin-0">
              {latest.stale ? 'Out of date: ' : ''}
              {latest.eligible ? 'Eligible for diversion' : 'Not eligible for diversion'}
            </h2>
            <p className="margin-bottom-0">
              {latest.eligible
                ? `All ${latest.reasons.length} rules pass.`
                : `${latest.reasons.filter((x) => !x.passed).length} of ${latest.reasons.length} rules fail:`}
            </p>
            {!latest.eligible && (
              <ul className="margin-bottom-0">
                {latest.reasons
                  .filter((x) => !x.passed)
                  .map((x) => (
                    <li key={x.code}>{x.message}</li>
                  ))}
              </ul>
            )}
          </div>
          {latest.stale && (
            <Alert type="warning" heading="The screening facts changed after this check">
              <p className="margin-0">Run a new check before enrolling.</p>
            </Alert>
          )}
          <p>
            Rule set <strong>{latest.ruleSetVersion}</strong>, run by {staffName(latest.checkedBy)}{' '}
            on {formatTimestamp(latest.checkedAt)}.
          </p>
          <RulesTable check={latest} />
        </section>
      )}

      {canAct && (
        <div className="usa-button-group margin-y-3">
          {(!latest || latest.stale) && (
            <button
              type="button"
              className="usa-button"
              onClick={() => runCheck.mutate()}
              disabled={runCheck.isPending}
            >
              {runCheck.isPending ? 'Checking…' : 'Run eligibility check'}
            </button>
          )}
          {!enrollmentId && (
            <Link
              to="/referrals/$referralId/edit"
              params={{ referralId }}
              className="usa-button usa-button--outline"
            >
              Change screening facts
            </Link>
          )}
        </div>
      )}

      {latest?.eligible && !latest.stale && canAct && !enrollmentId && (
        <EnrollChoices referralId={referralId} />
      )}
      {enrollmentId && (
        <Alert type="info" heading="Enrolled">
          <p className="margin-0">
            This referral is enrolled.{' '}
            <Link
              to="/participants/$participantId"
              params={{ participantId: r.participantId }}
              search={{ tab: 'enrollment' }}
            >
              See the enrollment
            </Link>
            .
          </p>
        </Alert>
      )}

      <section aria-labelledby="facts-heading" className="margin-top-4">
        <h2 id="facts-heading">Facts on the referral</h2>
        <dl className="summary-list">
          <Row k="Offense date" v={formatDate(r.offenseDate)} />
          <Row
            k="Charge"
            v={`${r.chargeCode}, ${OFFENSE_CLASSES.find((o) => o.value === r.offenseClass)?.label ?? r.offenseClass}`}
          />
          <Row
            k="Was a minor involved?"
            v={{ YES: 'Yes', NO: 'No', UNKNOWN: 'Unknown' }[r.minorInvolved] ?? r.minorInvolved}
          />
          <Row
            k="Age of the other person at the offense"
            v={r.victimAgeAtOffense == null ? 'Not recorded' : String(r.victimAgeAtOffense)}
          />
          <Row
            k="Prior prostitution-related convictions"
            v={String(r.priorProstitutionConvictions)}
          />
          <Row
            k="Diversion program before (declared)"
            v={r.priorDiversionDeclared ? 'Yes' : 'No'}
          />
          <Row k="Similar charge pending" v={r.pendingSimilarCharge ? 'Yes' : 'No'} />
          <Row k="Registered sex offender" v={r.registeredSexOffender ? 'Yes' : 'No'} />
          <Row k="Trafficking charge or conviction" v={r.traffickingCharge ? 'Yes' : 'No'} />
          <Row k="Referring agency" v={r.referringAgency} />
        </dl>
      </section>

      {earlier.length > 0 && (
        <section aria-labelledby="earlier-heading" className="margin-top-4">
          <h2 id="earlier-heading">Earlier checks</h2>
          <DataTable
            label="Earlier checks"
            caption="Earlier eligibility checks, newest first"
            stacked={false}
            columns={['When', 'Result', 'Failed rules', 'Run by']}
          >
            {earlier.map((c) => (
              <tr key={c.id}>
                <th scope="row">{formatTimestamp(c.checkedAt)}</th>
                <td>
                  {c.eligible ? 'Eligible' : 'Not eligible'}
                  {c.stale ? ' (out of date)' : ''}
                </td>
                <td>
                  {c.reasons
                    .filter((x) => !x.passed)
                    .map((x) => x.code)
                    .join(', ') || 'None'}
                </td>
                <td>{staffName(c.checkedBy)}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}
    </>
  );
}

function Row({ k, v }: { k: string; v: string }) {
  return (
    <div className="summary-list__row">
      <dt>{k}</dt>
      <dd>{v}</dd>
    </div>
  );
}

function RulesTable({ check }: { check: Check }) {
  return (
    <DataTable
      label="Rules of the check"
      caption={`Every rule of rule set ${check.ruleSetVersion}`}
      showCaption
      className="rules-table"
      columns={['Rule', 'Result', 'Why', 'Code']}
    >
      {check.reasons.map((r) => (
        <tr key={r.code} className={r.passed ? undefined : 'rule-row--fail'}>
          <th scope="row" data-label="Rule">
            {RULE_TITLES[r.code] ?? r.code}
          </th>
          <td data-label="Result">
            <span className={`rule-result ${r.passed ? 'rule-result--pass' : 'rule-result--fail'}`}>
              <span aria-hidden="true">{r.passed ? '✓' : '✗'}</span> {r.passed ? 'Pass' : 'Fail'}
            </span>
          </td>
          <td data-label="Why">{r.message}</td>
          <td data-label="Code" className="text-mono font-mono-3xs">
            {/* A rule's code matters only when it fails (it is what reports count). */}
            {r.passed ? '' : r.code}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function EnrollChoices({ referralId }: { referralId: string }) {
  const programs = usePrograms();
  if (programs.isPending) return <Loading what="the programs" />;
  if (programs.isError) return <LoadFailed error={programs.error} what="the programs" />;
  return (
    <section aria-labelledby="enroll-heading" className="margin-top-3">
      <h2 id="enroll-heading">Enroll</h2>
      <ul className="usa-card-group">
        {programs.data.map((p) => (
          <li className="usa-card tablet:grid-col-6" key={p.code}>
            <div className="usa-card__container">
              <div className="usa-card__header">
                <h3 className="usa-card__heading">{p.name}</h3>
              </div>
              <div className="usa-card__body">
                <p>
                  Fee {formatCents(p.feeCents)} · {p.requiredSessions} session
                  {p.requiredSessions === 1 ? '' : 's'} required · {p.completionWindowDays} days to
                  complete
                </p>
              </div>
              <div className="usa-card__footer">
                <Link
                  to="/referrals/$referralId/enroll"
                  params={{ referralId }}
                  search={{ program: p.code }}
                  className="usa-button"
                >
                  Enroll in {programName(p.code)}
                </Link>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
