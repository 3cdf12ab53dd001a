import { Link } from '@tanstack/react-router';
import type { ComponentType, ReactNode } from 'react';
import { formatCents } from '../api/money';
import { programName } from '../api/queries';
import type { Role } from '../api/session';
import { useEnrollment, type Enrollment } from '../enrollments/api';
import { RequireRole } from '../app/shell';
import { LoadFailed, Loading, PageHeading, StatusTag, SummaryList, usePageTitle } from '../app/ui';
import { useLedger, type Ledger } from './api';

/**
 * The ledger's forms start from an enrollment id (the only thing in their URL): this loads the
 * enrollment and its ledger, then renders the form with both.
 */
export function WithLedger({
  enrollmentId,
  children,
}: {
  enrollmentId: string;
  children: (enrollment: Enrollment, ledger: Ledger) => ReactNode;
}) {
  const enrollment = useEnrollment(enrollmentId);
  const ledger = useLedger(enrollmentId);
  if (enrollment.isError) return <LoadFailed error={enrollment.error} what="the enrollment" />;
  if (ledger.isError) return <LoadFailed error={ledger.error} what="the ledger" />;
  if (enrollment.isPending || ledger.isPending)
    return (
      <div className="pending-ledger-form">
        <Loading what="the ledger" />
      </div>
    );
  return <>{children(enrollment.data, ledger.data)}</>;
}

/**
 * The page of a ledger form at `route`, for `roles`: its title and heading, then the form once
 * its enrollment and ledger are loaded.
 */
export function ledgerFormPage(
  route: { useParams: () => { enrollmentId: string } },
  title: string,
  roles: Role[],
  LedgerForm: ComponentType<{ enrollment: Enrollment; ledger: Ledger }>,
) {
  return function LedgerFormPage() {
    usePageTitle(title);
    const { enrollmentId } = route.useParams();
    return (
      <RequireRole roles={roles}>
        <PageHeading>{title}</PageHeading>
        <WithLedger enrollmentId={enrollmentId}>
          {(enrollment, ledger) => <LedgerForm enrollment={enrollment} ledger={ledger} />}
        </WithLedger>
      </RequireRole>
    );
  };
}

/** Whose money this is: shown above every ledger form. */
export function WhoseLedger({
  enrollment: e,
  ledger,
  showReceived,
}: {
  enrollment: Enrollment;
  ledger: Ledger;
  showReceived?: boolean;
}) {
  return (
    <SummaryList
      rows={[
        ['Participant', e.participantName ?? '—'],
        ['Program', programName(e.programCode)],
        ['Status', <StatusTag key="s" status={e.status} />],
        ['Balance owed', formatCents(ledger.balanceCents)],
        ...(showReceived
          ? ([['Money received', formatCents(ledger.receivedCents)]] as [string, string][])
          : []),
      ]}
    />
  );
}

export function BackToLedger({
  enrollment,
  className = 'usa-button usa-button--outline',
  children = 'Back to the ledger',
}: {
  enrollment: Enrollment;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <Link
      to="/participants/$participantId"
      params={{ participantId: enrollment.participantId }}
      search={{ tab: 'ledger' }}
      className={className}
    >
      {children}
    </Link>
  );
}
