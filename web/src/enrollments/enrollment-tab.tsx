import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { formatDate } from '../api/dates';
import { formatCents } from '../api/money';
import { programName } from '../api/queries';
import { hasRole, useSession } from '../api/session';
import type { Participant } from '../participants/api';
import { enrollmentKeys, type Enrollment } from './api';
import { useAction } from '../app/form';
import { ErrorSummary, Loading, StatusTag, SummaryList } from '../app/ui';
import { SeatOffer } from './seat-offer';
import {
  Checklist,
  closedReasonText,
  CloseDialog,
  CompleteDialog,
  completionChecklist,
  downloadCompletionNotice,
} from './transitions';
import { DoneNotice } from '../app/notice';

type Open = 'complete' | 'WITHDRAWN' | 'TERMINATED' | null;

export function EnrollmentTab({
  participant,
  enrollment: e,
  loading,
}: {
  participant: Participant;
  enrollment: Enrollment | null;
  loading: boolean;
}) {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The completion notice: the button stays enabled (and focused) while the file comes, a second
  // press meanwhile does nothing, and a failure is said in the tab's error summary.
  const completionNotice = useAction({ send: downloadCompletionNotice });
  // What happened takes focus once it is on the page (after the dialog gave focus back).
  useEffect(() => {
    if (notice) document.getElementById('enrollment-notice')?.focus();
  }, [notice]);

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

  const canClose = e.status === 'ACTIVE' && hasRole(user, 'INTAKE', 'SUPERVISOR');
  const canNotice = e.status === 'COMPLETED' && hasRole(user, 'INTAKE', 'SUPERVISOR', 'AUDITOR');
  const checklist = completionChecklist(e);
  // Complete is offered only when what it needs is done; until then the checklist says what is missing.
  const ready = checklist.every((c) => c.met !== false);

  function openDialog(which: Open) {
    setNotice(null);
    completionNotice.errors.clear();
    setOpen(which);
    // The checklist is read from the enrollment: read it again, attendance may just have changed.
    if (which === 'complete')
      void queryClient.invalidateQueries({
        queryKey: enrollmentKeys.ofParticipant(e!.participantId),
      });
  }

  function done(message: string) {
    setOpen(null);
    setNotice(message);
  }

  return (
    <>
      {notice && <DoneNotice id="enrollment-notice">{notice}</DoneNotice>}
      <ErrorSummary {...completionNotice.summary} />
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
                  `${formatDate(e.closedOn)}${e.closedReason ? ` — ${closedReasonText(e.closedReason)}` : ''}`,
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
      {canNotice && (
        <p>
          <button
            type="button"
            className="usa-button usa-button--outline"
            onClick={() => void completionNotice.act(e)}
          >
            Completion notice (PDF)
          </button>
        </p>
      )}
      {canClose && <SeatOffer enrollment={e} />}
      {canClose && (
        <section aria-labelledby="close-heading" className="margin-top-4">
          <h3 id="close-heading">Close the enrollment</h3>
          <p className="maxw-tablet">
            Complete it when every required session is attended and nothing is owed. Withdraw it at
            the participant’s request; terminate it to send the case back to the prosecutor. All
            three are final.
          </p>
          <Checklist items={checklist} />
          {!ready && (
            <p className="maxw-tablet" id="complete-not-yet">
              “Complete enrollment” is offered here once every item marked Missing is done.
            </p>
          )}
          <div className="usa-button-group">
            {ready && (
              <button type="button" className="usa-button" onClick={() => openDialog('complete')}>
                Complete enrollment
              </button>
            )}
            <button
              type="button"
              className="usa-button usa-button--outline"
              onClick={() => openDialog('WITHDRAWN')}
            >
              Withdraw
            </button>
            <button
              type="button"
              className="usa-button usa-button--secondary"
              onClick={() => openDialog('TERMINATED')}
            >
              Terminate
            </button>
          </div>
          <CompleteDialog
            open={open === 'complete'}
            enrollment={e}
            onClose={() => setOpen(null)}
            onDone={done}
          />
          <CloseDialog
            to="WITHDRAWN"
            open={open === 'WITHDRAWN'}
            enrollment={e}
            onClose={() => setOpen(null)}
            onDone={done}
          />
          <CloseDialog
            to="TERMINATED"
            open={open === 'TERMINATED'}
            enrollment={e}
            onClose={() => setOpen(null)}
            onDone={done}
          />
        </section>
      )}
    </>
  );
}
