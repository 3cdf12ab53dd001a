import { Link, getRouteApi } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { closedRecordAccess, useOpenedRecord } from '../api/access-reason';
import { formatDate } from '../api/dates';
import { formatCents } from '../api/money';
import { programName } from '../api/queries';
import { hasRole, useSession, type Role } from '../api/session';
import { HistoryTab } from '../audit/parts';
import { ContactTab } from '../contact/parts';
import { AttendanceTab, EnrollmentTab } from '../enrollments/parts';
import { LedgerTab } from '../ledger/parts';
import { useReferralsOf } from '../referrals/api';
import { ReferralsTab } from '../referrals/parts';
import { ClosedRecordBanner, ClosedRecordGate, isRecordClosed } from '../records/parts';
import { RequireRole } from '../app/shell';
import { useEnrollmentOf, type Enrollment } from '../enrollments/api';
import { useParticipant, type Participant } from './api';
import { LoadFailed, Loading, StatusTag, usePageTitle } from '../app/ui';
import { TABS, type Tab } from './tabs';

export { TABS, type Tab } from './tabs';

const TAB_LABELS: Record<Tab, string> = {
  referrals: 'Referrals and eligibility',
  enrollment: 'Enrollment',
  attendance: 'Attendance',
  ledger: 'Ledger',
  contact: 'Contact and reminders',
  history: 'History',
};

const TAB_ROLES: Record<Tab, Role[]> = {
  referrals: ['INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR'],
  enrollment: ['INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR'],
  attendance: ['INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR'],
  ledger: ['INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR'],
  contact: ['INTAKE', 'SUPERVISOR', 'FINANCE'],
  history: ['SUPERVISOR', 'AUDITOR', 'ADMIN'],
};

const route = getRouteApi('/participants/$participantId');

export function ParticipantPage() {
  usePageTitle('Participant record');
  return (
    <RequireRole roles={['INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR']}>
      <ParticipantRecord />
    </RequireRole>
  );
}

function ParticipantRecord() {
  const { participantId } = route.useParams();
  const { tab = 'referrals' } = route.useSearch();
  const { user } = useSession();
  const participant = useParticipant(participantId);
  const closed = !!participant.data && participant.data.recordStatus !== 'OPEN';
  const enrollment = useEnrollmentOf(participantId, closed);
  // A closed record opened with a reason keeps it on its own pages: its referrals' and its
  // enrollment's too (ClosedRecordScope).
  const opened = useOpenedRecord();
  const openedHere = !!opened?.ids.has(participantId.toLowerCase());
  const referrals = useReferralsOf(openedHere ? participantId : '');
  useEffect(() => {
    if (openedHere && referrals.data)
      closedRecordAccess.include(referrals.data.flatMap((r) => [r.id, r.enrollmentId]));
  }, [openedHere, referrals.data]);
  // The court's decision that has just closed this record, said above "This record is closed".
  const [closedBy, setClosedBy] = useState<string | null>(null);
  const [justOpened, setJustOpened] = useState(false);

  if (participant.isError && isRecordClosed(participant.error))
    return (
      <ClosedRecordGate
        recordId={participantId}
        notice={closedBy}
        onOpened={() => {
          setClosedBy(null);
          setJustOpened(true);
        }}
      />
    );
  if (participant.isPending) return <Loading what="the participant" />;
  if (participant.isError) return <LoadFailed error={participant.error} what="the participant" />;
  const p = participant.data;
  const e = enrollment.data ?? null;
  const tabs = TABS.filter((t) => hasRole(user, ...TAB_ROLES[t]));
  const current: Tab = tabs.includes(tab) ? tab : tabs[0];

  return (
    <>
      <h1 id="page-heading" tabIndex={-1} className="margin-top-0 margin-bottom-1">
        {p.firstName} {p.lastName}
      </h1>
      {closed && <ClosedRecordBanner focus={justOpened} />}
      <KeyDetails participant={p} enrollment={e} />
      <nav aria-label="Participant record" className="record-tabs">
        <ul>
          {tabs.map((t) => (
            <li key={t}>
              <Link
                to="/participants/$participantId"
                params={{ participantId }}
                search={{ tab: t }}
                aria-current={t === current ? 'page' : undefined}
                className={t === current ? 'is-current' : undefined}
              >
                {TAB_LABELS[t]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="tab-heading" className="padding-top-2">
        <h2 id="tab-heading" className="margin-top-0">
          {TAB_LABELS[current]}
        </h2>
        {current === 'referrals' && (
          <ReferralsTab
            participantId={participantId}
            enrollment={e}
            enrollmentLoading={enrollment.isPending}
            onRecordChanged={setClosedBy}
          />
        )}
        {current === 'enrollment' && (
          <EnrollmentTab participant={p} enrollment={e} loading={enrollment.isPending} />
        )}
        {current === 'attendance' && (
          <NeedsEnrollment enrollment={e}>{e && <AttendanceTab enrollment={e} />}</NeedsEnrollment>
        )}
        {current === 'ledger' && (
          <NeedsEnrollment enrollment={e}>{e && <LedgerTab enrollment={e} />}</NeedsEnrollment>
        )}
        {current === 'contact' && <ContactTab participant={p} />}
        {current === 'history' && (
          <HistoryTab entityType="participant" entityId={participantId} enrollmentId={e?.id} />
        )}
      </section>
    </>
  );
}

function NeedsEnrollment({
  enrollment,
  children,
}: {
  enrollment: Enrollment | null;
  children: ReactNode;
}) {
  if (!enrollment) return <p>This participant is not enrolled in a program yet.</p>;
  return <>{children}</>;
}

function KeyDetails({
  participant: p,
  enrollment: e,
}: {
  participant: Participant;
  enrollment: Enrollment | null;
}) {
  return (
    <dl className="key-details" aria-label="Key details">
      <div>
        <dt>Date of birth</dt>
        <dd>{formatDate(p.dateOfBirth)}</dd>
      </div>
      <div>
        <dt>Program</dt>
        <dd>{e ? programName(e.programCode) : 'None'}</dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>
          <StatusTag status={e?.status} />
          {e?.overdue && (
            <span className="usa-tag bg-secondary-dark margin-left-1">Past deadline</span>
          )}
        </dd>
      </div>
      <div>
        <dt>Balance</dt>
        <dd>{e ? formatCents(e.balanceCents) : '—'}</dd>
      </div>
    </dl>
  );
}
