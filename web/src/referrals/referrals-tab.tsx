import { Link } from '@tanstack/react-router';
import { formatDate, formatTimestamp } from '../api/dates';
import { hasRole, useSession } from '../api/session';
import { LoadFailed, Loading } from '../app/ui';
import { RECORD_STATUS_SHORT, wordsFor } from '../records/api';
import { CourtDecision } from '../records/parts';

import type { Enrollment } from '../enrollments/api';
import { useReferralsOf, type ReferralSummary } from './api';
import { DataTable } from '../app/lists';

export function checkLabel(r: ReferralSummary): { text: string; tone: string } {
  if (!r.latestCheck) return { text: 'Not checked', tone: 'bg-base-dark' };
  if (r.latestCheck.stale) return { text: 'Check out of date', tone: 'bg-accent-warm-darker' };
  return r.latestCheck.eligible
    ? { text: 'Eligible', tone: 'bg-green-cool-60v' }
    : { text: 'Not eligible', tone: 'bg-secondary-darker' };
}

export function ReferralsTab({
  participantId,
  enrollment,
  enrollmentLoading,
  onRecordChanged,
}: {
  participantId: string;
  enrollment: Enrollment | null;
  enrollmentLoading: boolean;
  /** A decision or order that may have closed the whole record (said above the closed gate). */
  onRecordChanged?: (message: string) => void;
}) {
  const { user } = useSession();
  const referrals = useReferralsOf(participantId);
  const canAdd = hasRole(user, 'INTAKE', 'SUPERVISOR');
  // The court's decisions are read by the desks that record them, and by auditors.
  const seesDecisions = hasRole(user, 'INTAKE', 'SUPERVISOR', 'AUDITOR');

  if (referrals.isPending) return <Loading what="referrals" />;
  if (referrals.isError) return <LoadFailed error={referrals.error} what="referrals" />;
  return (
    <>
      {referrals.data.length === 0 ? (
        <p>No referral has been recorded for this participant.</p>
      ) : (
        <DataTable
          label="Referrals"
          caption="Referrals of this participant, newest first"
          columns={['Case number', 'Court', 'Offense date', 'Eligibility', 'Checked', 'Record']}
        >
          {referrals.data.map((r) => {
            const label = checkLabel(r);
            return (
              <tr key={r.id}>
                <th scope="row" data-label="Case number">
                  <Link to="/referrals/$referralId" params={{ referralId: r.id }}>
                    {r.caseNumber}
                  </Link>
                </th>
                <td data-label="Court">{r.courtName}</td>
                <td data-label="Offense date">{formatDate(r.offenseDate)}</td>
                <td data-label="Eligibility">
                  <span className={`usa-tag ${label.tone}`}>{label.text}</span>
                  {r.childrenDivisionReportRequired && (
                    <span className="usa-tag bg-secondary-darker margin-left-1">
                      Children&apos;s Division report
                    </span>
                  )}
                </td>
                <td data-label="Checked">
                  {r.latestCheck ? formatTimestamp(r.latestCheck.checkedAt) : '—'}
                </td>
                <td data-label="Record">{wordsFor(RECORD_STATUS_SHORT, r.recordStatus)}</td>
              </tr>
            );
          })}
        </DataTable>
      )}
      {canAdd && (
        <Link
          to="/participants/$participantId/referrals/new"
          params={{ participantId }}
          className="usa-button margin-top-2"
        >
          Add a referral
        </Link>
      )}
      {seesDecisions &&
        referrals.data.map((r) => (
          <CourtDecision
            key={r.id}
            referral={r}
            enrollment={enrollment}
            enrollmentLoading={enrollmentLoading}
            onRecordClosed={onRecordChanged}
          />
        ))}
    </>
  );
}
