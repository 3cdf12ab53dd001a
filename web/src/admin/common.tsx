import { ApiError, summarize, type SummaryItem } from '../api/problem';
import type { Role } from '../api/session';
import { ChoiceGroup } from '../app/ui';

export { useStaffMember, type Staff } from './api';

export const ROLES: { value: Role; label: string; about: string }[] = [
  { value: 'ADMIN', label: 'Administrator', about: 'Staff accounts and program settings.' },
  {
    value: 'INTAKE',
    label: 'Intake',
    about: 'Participants, referrals, eligibility checks, enrollment and closing cases.',
  },
  { value: 'FACILITATOR', label: 'Facilitator', about: 'Class sessions and attendance.' },
  {
    value: 'FINANCE',
    label: 'Finance',
    about: 'Payments, refunds, waiver requests, remittances and fee reports.',
  },
  {
    value: 'SUPERVISOR',
    label: 'Supervisor',
    about: 'Approves waivers and reversals, schedules sessions, sees everything operational.',
  },
  { value: 'AUDITOR', label: 'Auditor', about: 'Read-only: reports, ledgers and the audit trail.' },
];

export const LAST_ADMIN_MESSAGE =
  'You cannot remove the last active administrator: give another person the Administrator role first.';

/** Plain words for the refusals of the staff routes. */
export function staffProblem(err: unknown, fieldIds: Record<string, string> = {}): SummaryItem[] {
  if (err instanceof ApiError && err.code === 'LAST_ADMIN')
    return [{ message: LAST_ADMIN_MESSAGE }];
  if (err instanceof ApiError && err.code === 'DUPLICATE_EMAIL')
    return [
      {
        fieldId: fieldIds.email,
        message:
          'A staff member with this email already exists. Use another email, or find them in the list.',
      },
    ];
  return summarize(err, fieldIds);
}

/** The roles as checkboxes in a fieldset whose legend is the question. */
export function RoleCheckboxes({
  id,
  legend,
  hint,
  value,
  onChange,
  error,
}: {
  id: string;
  legend: string;
  hint?: string;
  value: Role[];
  onChange: (roles: Role[]) => void;
  error?: string;
}) {
  return (
    <ChoiceGroup id={id} legend={legend} hint={hint} error={error}>
      {ROLES.map((r, n) => {
        const inputId = n === 0 ? id : `${id}-${r.value.toLowerCase()}`;
        return (
          <div className="usa-checkbox" key={r.value}>
            <input
              className="usa-checkbox__input"
              id={inputId}
              type="checkbox"
              name={id}
              value={r.value}
              checked={value.includes(r.value)}
              onChange={(e) =>
                onChange(
                  e.target.checked
                    ? ROLES.map((x) => x.value).filter((v) => v === r.value || value.includes(v))
                    : value.filter((v) => v !== r.value),
                )
              }
            />
            <label className="usa-checkbox__label" htmlFor={inputId}>
              {r.label}
              <span className="usa-checkbox__label-description">{r.about}</span>
            </label>
          </div>
        );
      })}
    </ChoiceGroup>
  );
}

export function roleLabels(roles: string[]): string {
  return roles.map((r) => ROLES.find((x) => x.value === r)?.label ?? r).join(', ');
}
