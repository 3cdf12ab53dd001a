import { Button } from '@trussworks/react-uswds';
import { chicagoToday, formatDate, toDateInput } from '../api/dates';
import { programName } from '../api/queries';
import { Form, SubmitButton, useForm } from '../app/form';
import { DateField, Dialog, RadioGroup, SelectField, useAnnounce } from '../app/ui';
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
const RESULT_HINT = 'Similar: a new prostitution-related charge. Other: any other new charge.';
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
  const announce = useAnnounce();
  const form = useForm({
    initial: { result: '', source: '', checkedOn: toDateInput(chicagoToday()) },
    ids: RECORD_FIELDS,
    check: (v, problems) => problems.from(checkRecordForm(v, check, chicagoToday())),
    async send(body) {
      await save(body);
      announce(`Result recorded: ${RESULT_LABELS[body.result]}, ${check.months}-month check.`);
    },
    refused: (err) => recordProblem(err, check.months),
  });
  const sending = busy || form.busy;

  return (
    <Form form={form} large={false}>
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
      <RadioGroup {...form.bind('result')} legend="Result" hint={RESULT_HINT} options={RESULTS} />
      <SelectField
        {...form.bind('source')}
        label="Source"
        options={SOURCES}
        placeholder="- Select -"
      />
      <DateField
        {...form.bind('checkedOn')}
        label="Checked on"
        hint={`The day the records were searched or the return received, month/day/year. On or after ${formatDate(check.dueOn)}.`}
      />
      <div className="usa-button-group margin-top-3">
        <SubmitButton form={{ busy: sending }} busy="Saving…">
          Save result
        </SubmitButton>
        <Button type="button" outline onClick={onClose} disabled={sending}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}
