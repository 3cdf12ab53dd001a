import { Link } from '@tanstack/react-router';
import { formatDate } from '../api/dates';
import { formatCents } from '../api/money';
import { programName } from '../api/queries';
import type { Enrollment, Participant } from '../participants/page';
import { Loading, StatusTag, SummaryList } from '../app/ui';

export function EnrollmentTab({
  participant,
  enrollment: e,
  loading,
}: {
  participant: Participant;
  enrollment: Enrollment | null;
  loading: boolean;
}) {
  if (loading) return <Loading what="the enrollment" />;
  if (!e)
    return (
      <p>
        {participant.firstName} {participant.lastName} is not enrolled. An eligible referral can be
        enrolled from its{' '}
        <Link
          to="/participants/$participantId"
          params={{ participantId: participant.id }}
          search={{ tab: 'referrals' }}
        >
          eligibility result
        </Link>
        .
      </p>
    );
  return (
    <SummaryList
      rows={[
        ['Program', programName(e.programCode)],
        ['Status', <StatusTag key="s" status={e.status} />],
        ['Agreement signed', formatDate(e.agreementSignedOn)],
        ['Deadline', `${formatDate(e.deadline)}${e.overdue ? ' (passed)' : ''}`],
        ['Sessions attended', `${e.attendedSessions} of ${e.requiredSessions} required`],
        ['Fee', formatCents(e.feeCents)],
        ['Balance', formatCents(e.balanceCents)],
        ...(e.certificateNumber
          ? ([['Certificate number', e.certificateNumber]] as [string, string][])
          : []),
        ...(e.closedOn
          ? ([
              [
                'Closed',
                `${formatDate(e.closedOn)}${e.closedReason ? ` — ${e.closedReason}` : ''}`,
              ],
            ] as [string, string][])
          : []),
        [
          'Referral',
          <Link key="r" to="/referrals/$referralId" params={{ referralId: e.referralId }}>
            Eligibility result
          </Link>,
        ],
      ]}
    />
  );
}
