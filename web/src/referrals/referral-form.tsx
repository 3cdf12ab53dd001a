import { Button } from '@trussworks/react-uswds';
import type { Schemas } from '../api/client';
import { formatDate, parseDateInput } from '../api/dates';
import { summarize, type SummaryItem } from '../api/problem';
import { useCourts, type Court } from '../api/queries';
import { Form, useForm, type Checked } from '../app/form';
import { DateField, ErrorSummary, RadioGroup, SelectField, TextField } from '../app/ui';

export interface ReferralFacts {
  jurisdiction: string;
  caseNumber: string;
  referringAgency: string;
  offenseDate: string;
  chargeCode: string;
  offenseClass: string;
  minorInvolved: string;
  victimAgeAtOffense: string;
  priorProstitutionConvictions: string;
  priorDiversionDeclared: string;
  pendingSimilarCharge: string;
  registeredSexOffender: string;
  traffickingCharge: string;
}

export const EMPTY_FACTS: ReferralFacts = {
  jurisdiction: '',
  caseNumber: '',
  referringAgency: '',
  offenseDate: '',
  chargeCode: '',
  offenseClass: '',
  minorInvolved: '',
  victimAgeAtOffense: '',
  priorProstitutionConvictions: '',
  priorDiversionDeclared: '',
  pendingSimilarCharge: '',
  registeredSexOffender: '',
  traffickingCharge: '',
};

export const OFFENSE_CLASSES = [
  { value: 'B_MISDEMEANOR', label: 'Class B misdemeanor' },
  { value: 'A_MISDEMEANOR', label: 'Class A misdemeanor' },
  { value: 'E_FELONY', label: 'Class E felony' },
  { value: 'D_FELONY', label: 'Class D felony' },
  { value: 'OTHER', label: 'Other' },
];
const MINOR = [
  { value: 'YES', label: 'Yes' },
  { value: 'NO', label: 'No' },
  { value: 'UNKNOWN', label: 'Unknown' },
];
const YES_NO = [
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
];

const QUESTIONS: Record<string, string> = {
  jurisdiction: 'Court',
  caseNumber: 'Case number',
  referringAgency: 'Referring agency',
  offenseDate: 'Offense date',
  chargeCode: 'Charge',
  offenseClass: 'Offense class',
  minorInvolved: 'Was a minor involved?',
  victimAgeAtOffense: 'Age of the other person at the offense',
  priorProstitutionConvictions: 'Prior prostitution-related convictions',
  priorDiversionDeclared: 'Has the participant been in a diversion program before?',
  pendingSimilarCharge: 'Is a similar charge pending?',
  registeredSexOffender: 'Is the participant a registered sex offender?',
  traffickingCharge: 'Is there a trafficking charge or conviction?',
};

/** API field → input id (the first radio of a group carries the group's id). */
export const REFERRAL_FIELD_IDS: Record<string, string> = Object.fromEntries(
  Object.keys(QUESTIONS).map((k) => [k, k]),
);

export function factsFromReferral(r: Record<string, any>): ReferralFacts {
  const iso = (d: string) => {
    const [y, m, day] = d.split('-');
    return `${m}/${day}/${y}`;
  };
  return {
    jurisdiction: r.jurisdiction ?? '',
    caseNumber: r.caseNumber ?? '',
    referringAgency: r.referringAgency ?? '',
    offenseDate: r.offenseDate ? iso(r.offenseDate) : '',
    chargeCode: r.chargeCode ?? '',
    offenseClass: r.offenseClass ?? '',
    minorInvolved: r.minorInvolved ?? '',
    victimAgeAtOffense: r.victimAgeAtOffense == null ? '' : String(r.victimAgeAtOffense),
    priorProstitutionConvictions: String(r.priorProstitutionConvictions ?? ''),
    priorDiversionDeclared: String(r.priorDiversionDeclared ?? ''),
    pendingSimilarCharge: String(r.pendingSimilarCharge ?? ''),
    registeredSexOffender: String(r.registeredSexOffender ?? ''),
    traffickingCharge: String(r.traffickingCharge ?? ''),
  };
}

/** Checks what the form can check itself; the API checks the rest. */
export function validateFacts(f: ReferralFacts): SummaryItem[] {
  const out: SummaryItem[] = [];
  const need = (k: keyof ReferralFacts, message: string) => {
    if (!f[k].trim()) out.push({ fieldId: k, message });
  };
  need('jurisdiction', 'Select the court');
  need('caseNumber', 'Enter the case number');
  need('referringAgency', 'Enter the referring agency');
  if (!parseDateInput(f.offenseDate))
    out.push({
      fieldId: 'offenseDate',
      message: 'Enter the offense date as month/day/year, for example 03/14/2026',
    });
  need('chargeCode', 'Enter the charge, for example RSMo 567.030');
  need('offenseClass', 'Select the offense class');
  need('minorInvolved', 'Select whether a minor was involved');
  if (f.victimAgeAtOffense.trim() && !/^\d{1,3}$/.test(f.victimAgeAtOffense.trim()))
    out.push({
      fieldId: 'victimAgeAtOffense',
      message: 'Enter the age as a whole number of years, or leave it empty',
    });
  if (!/^\d{1,3}$/.test(f.priorProstitutionConvictions.trim()))
    out.push({
      fieldId: 'priorProstitutionConvictions',
      message: 'Enter the number of prior convictions (0 if none)',
    });
  need(
    'priorDiversionDeclared',
    'Select whether the participant has been in a diversion program before',
  );
  need('pendingSimilarCharge', 'Select whether a similar charge is pending');
  need('registeredSexOffender', 'Select whether the participant is a registered sex offender');
  need('traffickingCharge', 'Select whether there is a trafficking charge or conviction');
  return out;
}

/** The facts, or what is wrong with them. */
function okFacts(facts: ReferralFacts): Checked<ReferralFacts> {
  const problems = validateFacts(facts);
  return problems.length ? { ok: false, problems } : { ok: true, body: facts };
}

function focusLater(id: string) {
  window.setTimeout(() => document.getElementById(id)?.focus(), 0);
}

/** The API's body for the facts (the form offers only the API's codes for class and minor). */
type ReferralBody = Omit<Schemas['CreateReferralDto'], 'participantId'>;

export function factsToBody(f: ReferralFacts): ReferralBody {
  return {
    jurisdiction: f.jurisdiction.trim(),
    caseNumber: f.caseNumber.trim(),
    referringAgency: f.referringAgency.trim(),
    offenseDate: parseDateInput(f.offenseDate)!,
    chargeCode: f.chargeCode.trim(),
    offenseClass: f.offenseClass as ReferralBody['offenseClass'],
    minorInvolved: f.minorInvolved as ReferralBody['minorInvolved'],
    victimAgeAtOffense: f.victimAgeAtOffense.trim() ? Number(f.victimAgeAtOffense) : null,
    priorProstitutionConvictions: Number(f.priorProstitutionConvictions),
    priorDiversionDeclared: f.priorDiversionDeclared === 'true',
    pendingSimilarCharge: f.pendingSimilarCharge === 'true',
    registeredSexOffender: f.registeredSexOffender === 'true',
    traffickingCharge: f.traffickingCharge === 'true',
  };
}

function answer(f: ReferralFacts, k: keyof ReferralFacts, courts: Court[]): string {
  const v = f[k];
  if (k === 'jurisdiction') return courts.find((c) => c.code === v)?.name ?? v;
  if (k === 'offenseDate') return formatDate(parseDateInput(v));
  if (k === 'offenseClass') return OFFENSE_CLASSES.find((o) => o.value === v)?.label ?? v;
  if (k === 'minorInvolved') return MINOR.find((o) => o.value === v)?.label ?? v;
  if (v === 'true') return 'Yes';
  if (v === 'false') return 'No';
  return v.trim() || 'Not recorded';
}

/**
 * The referral's court facts and screening questions, then "Check your answers" before saving.
 * `save` runs the API calls; its errors come back to this form's error summary.
 */
export function ReferralForm({
  initial,
  save,
  saveLabel,
  busyLabel,
}: {
  initial: ReferralFacts;
  save: (facts: ReferralFacts) => Promise<void>;
  saveLabel: string;
  busyLabel: string;
}) {
  const form = useForm({
    initial,
    ids: REFERRAL_FIELD_IDS,
    review: true,
    check(facts, problems) {
      const checked = problems.from(okFacts(facts));
      if (checked) focusLater('check-heading');
      return checked;
    },
    send: (facts) => save(facts),
    refused(err, ids) {
      const items = summarize(err, ids);
      if (items.some((i) => i.fieldId)) form.closeReview();
      return items;
    },
  });
  const facts = form.values;
  const courts = useCourts().data ?? [];
  // The active courts, and the one this referral already names if it was taken off the list.
  const courtOptions = courts
    .filter((c) => c.active || c.code === initial.jurisdiction)
    .map((c) => ({ value: c.code, label: c.active ? c.name : `${c.name} (no longer listed)` }));
  const text = (k: keyof ReferralFacts) => ({
    ...form.bind(k),
    label: QUESTIONS[k],
    autoComplete: 'off',
  });

  function change(k: string) {
    form.closeReview();
    focusLater(k);
  }

  if (form.review)
    return (
      <>
        <ErrorSummary {...form.summary} />
        <h2 id="check-heading" tabIndex={-1}>
          Check your answers
        </h2>
        <p>Saving runs the eligibility check on these facts.</p>
        <dl className="summary-list">
          {(Object.keys(QUESTIONS) as (keyof ReferralFacts)[]).map((k) => (
            <div className="summary-list__row" key={k}>
              <dt>{QUESTIONS[k]}</dt>
              <dd>{answer(facts, k, courts)}</dd>
              <dd className="summary-list__action">
                <button
                  type="button"
                  className="usa-button usa-button--unstyled"
                  onClick={() => change(k)}
                >
                  Change<span className="usa-sr-only"> {QUESTIONS[k].toLowerCase()}</span>
                </button>
              </dd>
            </div>
          ))}
        </dl>
        <div className="usa-button-group margin-top-3">
          <Button type="button" onClick={() => void form.confirm()} disabled={form.busy}>
            {form.busy ? busyLabel : saveLabel}
          </Button>
          <Button type="button" outline onClick={form.closeReview} disabled={form.busy}>
            Back to the answers
          </Button>
        </div>
      </>
    );

  return (
    <Form form={form}>
      <fieldset className="usa-fieldset">
        <legend className="usa-legend usa-legend--large">The court case</legend>
        <SelectField
          {...form.bind('jurisdiction')}
          label={QUESTIONS.jurisdiction}
          hint="A court missing from the list is added by an administrator."
          options={courtOptions}
          placeholder="- Select -"
        />
        <TextField {...text('caseNumber')} />
        <TextField {...text('referringAgency')} hint="For example: KCPD Vice Unit" />
        <DateField {...text('offenseDate')} hint="Month/day/year, for example 03/14/2026" />
        <TextField {...text('chargeCode')} hint="The statute, for example RSMo 567.030" />
        <SelectField
          {...form.bind('offenseClass')}
          label={QUESTIONS.offenseClass}
          options={OFFENSE_CLASSES}
          placeholder="- Select -"
        />
      </fieldset>
      <fieldset className="usa-fieldset margin-top-4">
        <legend className="usa-legend usa-legend--large">Screening</legend>
        <RadioGroup
          {...form.bind('minorInvolved')}
          legend={QUESTIONS.minorInvolved}
          hint="From the police report. Diversion is never available when a minor was involved; Unknown must be verified before enrolling."
          options={MINOR}
        />
        <TextField
          {...text('victimAgeAtOffense')}
          optional
          hint="Only the age in years. Never record the person's name or contact details."
          inputMode="numeric"
          className="usa-input--sm"
        />
        <TextField
          {...text('priorProstitutionConvictions')}
          hint="0 if none"
          inputMode="numeric"
          className="usa-input--sm"
        />
        {(
          [
            'priorDiversionDeclared',
            'pendingSimilarCharge',
            'registeredSexOffender',
            'traffickingCharge',
          ] as const
        ).map((k) => (
          <RadioGroup key={k} {...form.bind(k)} legend={QUESTIONS[k]} options={YES_NO} />
        ))}
      </fieldset>
      <Button type="submit" className="margin-top-3">
        Continue
      </Button>
    </Form>
  );
}
