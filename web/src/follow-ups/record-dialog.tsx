import { useState, type FormEvent } from 'react';
import { chicagoToday, formatDate, toDateInput } from '../api/dates';
import { requestIdOf } from '../api/problem';
import { programName } from '../api/queries';
import {
  Dialog,
  ErrorSummary,
  RadioGroup,
  SelectField,
  TextField,
  useAnnounce,
  useFormErrors,
} from '../app/ui';
import {
  EXIT_LABELS,
  RESULT_LABELS,
  SOURCE_LABELS,
  useRecordFollowUp,
  type FollowUp,
  type FollowUpResult,
  type RecordFollowUp,
} from './api';
import { checkRecordForm, RECORD_FIELDS, recordProblem } from './record-rules';

const RESULTS = Object.entries(RESULT_LABELS).map(([value, label]) => ({ value, label }));
const SOURCES = Object.entries(SOURCE_LABELS).map(([value, label]) => ({ value, label }));

/**
 * "Record result" of one check, over the list: who it is (a records search needs the name and
 * date of birth), then the result, its source and the day checked. Codes only: there is no note.
 */
export function RecordResultDialog({
  check,
  onClose,
  onSaved,
}: {
  check: FollowUp | null;
  onClose: () => void;
  onSaved: (result: FollowUpResult) => void;
}) {
  const record = useRecordFollowUp();
  const busy = record.isPending;
  return (
    <Dialog
      open={check !== null}
      title={
        check?.result
          ? `Correct the ${check.months}-month result`
          : `Record the ${check?.months ?? 12}-month check`
      }
      onClose={busy ? undefined : onClose}
      id="follow-up-dialog"
    >
      {check && (
        <RecordForm
          key={`${check.enrollmentId}-${check.months}`}
          check={check}
          busy={busy}
          onClose={onClose}
          save={async (body) => {
            const saved = await record.mutateAsync({ enrollmentId: check.enrollmentId, body });
            onSaved(saved);
          }}
        />
      )}
    </Dialog>
  );
}

function RecordForm({
  check,
  busy,
  onClose,
  save,
}: {
  check: FollowUp;
  busy: boolean;
  onClose: () => void;
  save: (body: RecordFollowUp) => Promise<void>;
}) {
  const errors = useFormErrors();
  const announce = useAnnounce();
  const [result, setResult] = useState('');
  const [source, setSource] = useState('');
  const [checkedOn, setCheckedOn] = useState(toDateInput(chicagoToday()));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const form = checkRecordForm({ result, source, checkedOn }, check, chicagoToday());
    if (!form.ok) return errors.show(form.problems);
    errors.clear();
    try {
      await save(form.body);
      announce(`Result recorded: ${RESULT_LABELS[form.body.result]}, ${check.months}-month check.`);
    } catch (err) {
      errors.show(recordProblem(err, check.months), requestIdOf(err));
    }
  }

  return (
    <form className="usa-form" onSubmit={submit} noValidate>
      <ErrorSummary items={errors.items} requestId={errors.requestId} />
      {/* Who and which check, in a few lines: the dialog keeps its fields in view on a phone. */}
      <p className="margin-top-0" id="follow-up-who">
        <strong className="display-block">{check.participantName}</strong>
        <span className="display-block">Born {formatDate(check.dateOfBirth)}</span>
        <span className="display-block">
          {programName(check.programCode)}, {EXIT_LABELS[check.exitStatus].toLowerCase()} on{' '}
          {formatDate(check.exitedOn)}
        </span>
        <span className="display-block">Due {formatDate(check.dueOn)}</span>
        {check.result && (
          <span className="display-block">
            Recorded now: {RESULT_LABELS[check.result]}, checked {formatDate(check.checkedOn)}
          </span>
        )}
      </p>
      <RadioGroup
        id={RECORD_FIELDS.result}
        legend="Result"
        hint="Similar: a new prostitution-related charge. Other: any other new charge."
        options={RESULTS}
        value={result}
        error={errors.field(RECORD_FIELDS.result)}
        onChange={setResult}
      />
      <SelectField
        id={RECORD_FIELDS.source}
        label="Source"
        options={SOURCES}
        placeholder="- Select -"
        value={source}
        error={errors.field(RECORD_FIELDS.source)}
        onChange={(e) => setSource(e.target.value)}
      />
      <TextField
        id={RECORD_FIELDS.checkedOn}
        label="Checked on"
        hint={`The day the records were searched or the return received, month/day/year. On or after ${formatDate(check.dueOn)}.`}
        inputMode="numeric"
        autoComplete="off"
        className="usa-input--md"
        value={checkedOn}
        error={errors.field(RECORD_FIELDS.checkedOn)}
        onChange={(e) => setCheckedOn(e.target.value)}
      />
      <div className="usa-button-group margin-top-3">
        <button type="submit" className="usa-button" disabled={busy}>
          {busy ? 'Saving…' : 'Save result'}
        </button>
        <button
          type="button"
          className="usa-button usa-button--outline"
          onClick={onClose}
          disabled={busy}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
