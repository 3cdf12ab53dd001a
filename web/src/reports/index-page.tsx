import { Link } from '@tanstack/react-router';
import { hasRole, useSession, type Role } from '../api/session';
import { PageHeading, usePageTitle } from '../app/ui';

const REPORTS: {
  to: '/reports/fees' | '/reports/balances' | '/reports/outcomes' | '/reports/follow-up';
  title: string;
  about: string;
  roles: Role[];
}[] = [
  {
    to: '/reports/fees',
    title: 'Fees',
    about:
      'Assessed, collected, waived, refunded and remitted, by program, payment method, month or day.',
    roles: ['FINANCE', 'SUPERVISOR', 'AUDITOR'],
  },
  {
    to: '/reports/balances',
    title: 'Balances',
    about: 'What participants still owe on a day, by days since enrollment.',
    roles: ['FINANCE', 'SUPERVISOR', 'AUDITOR'],
  },
  {
    to: '/reports/outcomes',
    title: 'Outcomes',
    about: 'Referrals, eligibility, completion and termination per program.',
    roles: ['INTAKE', 'SUPERVISOR', 'AUDITOR'],
  },
  {
    to: '/reports/follow-up',
    title: 'Follow-up',
    about: 'New charges 12 or 24 months after people left a program, with small counts hidden.',
    roles: ['INTAKE', 'SUPERVISOR', 'AUDITOR'],
  },
];

export function ReportsPage() {
  usePageTitle('Reports');
  const { user } = useSession();
  const mine = REPORTS.filter((r) => hasRole(user, ...r.roles));
  return (
    <>
      <PageHeading>Reports</PageHeading>
      {mine.length === 0 ? (
        <p>
          Reports need the role Finance, Supervisor, Intake or Auditor. Ask an administrator if your
          work needs them.
        </p>
      ) : (
        <ul className="usa-card-group">
          {mine.map((r) => (
            <li key={r.to} className="usa-card tablet:grid-col-6 desktop:grid-col-4">
              <div className="usa-card__container">
                <div className="usa-card__header">
                  <h2 className="usa-card__heading">
                    <Link to={r.to}>{r.title}</Link>
                  </h2>
                </div>
                <div className="usa-card__body">
                  <p>{r.about}</p>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
