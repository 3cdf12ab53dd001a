import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { formatDate } from '../api/dates';
import { programName } from '../api/queries';
import { PagedTable, QueryState } from '../app/lists';
import { RequireRole } from '../app/shell';
import { Alert, PageHeading, RadioGroup, StatusTag, usePageTitle } from '../app/ui';
import {
  LIST_LIMIT,
  RESULT_LABELS,
  SOURCE_LABELS,
  useFollowUps,
  type FollowUp,
  type FollowUpMonths,
  type FollowUpResult,
  type FollowUpStatus,
} from './api';
import { RecordResultDialog } from './record-dialog';

const route = getRouteApi('/follow-ups');

const TITLES: Record<FollowUpStatus, string> = {
  DUE: 'Follow-up checks due',
  RECORDED: 'Follow-up checks recorded',
};

const EMPTY: Record<FollowUpStatus, string> = {
  DUE: 'No follow-up check is due.',
  RECORDED: 'No result has been recorded for these checks.',
};

const STATUS_OPTIONS = [
  { value: 'DUE', label: 'Due, no result yet' },
  { value: 'RECORDED', label: 'Result recorded' },
];

const MONTH_OPTIONS = [
  { value: 'both', label: '12 and 24 months' },
  { value: '12', label: '12 months' },
  { value: '24', label: '24 months' },
];

export function FollowUpListPage() {
  const { status } = route.useSearch();
  usePageTitle(TITLES[status]);
  return (
    <RequireRole roles={['INTAKE', 'SUPERVISOR']}>
      <FollowUpList />
    </RequireRole>
  );
}

/** A result just saved: what the confirmation says. */
interface Saved {
  row: FollowUp;
  result: FollowUpResult;
}

function FollowUpList() {
  const { status, months, page = 1 } = route.useSearch();
  const list = useFollowUps({ status, months, page });
  const [recording, setRecording] = useState<FollowUp | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  // A confirmation belongs to the view it was given in.
  useEffect(() => setSaved(null), [status, months, page]);
  const title = TITLES[status];
  const caption = `${title}${months ? `, ${months}-month checks` : ''}, ${
    status === 'DUE' ? 'oldest due first' : 'oldest due first, with the latest result'
  }`;

  return (
    <>
      <PageHeading>{title}</PageHeading>
      <p className="margin-top-0 measure-5">
        A check of the court records is due 12 and 24 months after an enrollment ends, however it
        ended. Search the state’s court records or use the prosecutor’s return, then record the
        result here: codes only, never a case number or notes. A correction is a newer result.
      </p>
      {saved && <SavedConfirmation saved={saved} />}
      <FollowUpFilters key={`${status} ${months ?? 'both'}`} status={status} months={months} />
      <QueryState query={list} what="the follow-up checks">
        {(data) => (
          <PagedTable
            paging={{
              page,
              limit: LIST_LIMIT,
              total: data.total,
              to: '/follow-ups',
              label: 'Pages of follow-up checks',
            }}
            noun={data.total === 1 ? 'check' : 'checks'}
            empty={EMPTY[status]}
            rows={data.items.length}
            label={title}
            caption={caption}
            id="follow-up-table"
            columns={['Name', 'Date of birth', 'Program', 'Exit', 'Due', 'Result']}
          >
            {data.items.map((f) => (
              <tr key={`${f.enrollmentId}-${f.months}`} data-enrollment={f.enrollmentId}>
                <th scope="row" data-label="Name">
                  {f.participantName}
                </th>
                <td data-label="Date of birth">{formatDate(f.dateOfBirth)}</td>
                <td data-label="Program">{programName(f.programCode)}</td>
                <td data-label="Exit">
                  <StatusTag status={f.exitStatus} />{' '}
                  <span className="text-no-wrap">{formatDate(f.exitedOn)}</span>
                </td>
                <td data-label="Due">
                  <span className="text-no-wrap">{formatDate(f.dueOn)}</span>
                  <span className="display-block font-body-3xs text-base-dark">
                    {f.months}-month check
                  </span>
                </td>
                <td data-label="Result">
                  {/* Short lines: the cells of a scrolling table do not wrap. */}
                  {f.result && (
                    <>
                      <span className="display-block">{RESULT_LABELS[f.result]}</span>
                      <span className="display-block font-body-3xs text-base-dark">
                        {f.source ? SOURCE_LABELS[f.source] : ''},
                      </span>
                      <span className="display-block font-body-3xs text-base-dark">
                        checked {formatDate(f.checkedOn)}
                      </span>
                    </>
                  )}
                  <button
                    type="button"
                    className={`usa-button text-no-wrap ${f.result ? 'usa-button--unstyled margin-top-05' : 'usa-button--outline'}`}
                    onClick={() => {
                      setSaved(null);
                      setRecording(f);
                    }}
                  >
                    {f.result ? 'Correct result' : 'Record result'}
                    <span className="usa-sr-only">
                      {' '}
                      for {f.participantName}, {f.months}-month check
                    </span>
                  </button>
                </td>
              </tr>
            ))}
          </PagedTable>
        )}
      </QueryState>
      <RecordResultDialog
        check={recording}
        onClose={() => setRecording(null)}
        onSaved={(result) => {
          if (recording) setSaved({ row: recording, result });
          setRecording(null);
        }}
      />
    </>
  );
}

/**
 * The confirmation of a saved result. It takes focus once the dialog has closed (the browser
 * first gives focus back to the button that opened it, which the saved check's row may no
 * longer have).
 */
function SavedConfirmation({ saved: { row, result } }: { saved: Saved }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const t = window.setTimeout(() => ref.current?.focus(), 0);
    return () => window.clearTimeout(t);
  }, [row, result]);
  return (
    <div ref={ref} id="follow-up-saved" tabIndex={-1} className="follow-up-saved">
      <Alert type="success" heading="Result recorded">
        <p className="margin-0">
          {row.participantName}, {row.months}-month check: {RESULT_LABELS[result.result]} (
          {SOURCE_LABELS[result.source].toLowerCase()}, checked {formatDate(result.checkedOn)}). It
          is now under “Result recorded”.
        </p>
      </Alert>
    </div>
  );
}

function FollowUpFilters({
  status,
  months,
}: {
  status: FollowUpStatus;
  months: FollowUpMonths | undefined;
}) {
  const navigate = useNavigate();
  const [show, setShow] = useState<string>(status);
  const [check, setCheck] = useState<string>(months ? String(months) : 'both');
  function submit(e: FormEvent) {
    e.preventDefault();
    void navigate({
      to: '/follow-ups',
      search: {
        status: show === 'RECORDED' ? 'RECORDED' : 'DUE',
        months: check === '12' ? 12 : check === '24' ? 24 : undefined,
      },
    });
  }
  return (
    <form className="usa-form report-filters" onSubmit={submit} noValidate>
      <div className="report-filters__dates">
        <RadioGroup
          id="fu-show"
          legend="Status"
          options={STATUS_OPTIONS}
          value={show}
          onChange={setShow}
          small
        />
        <RadioGroup
          id="fu-months"
          legend="Months after the exit"
          options={MONTH_OPTIONS}
          value={check}
          onChange={setCheck}
          small
        />
      </div>
      <button type="submit" className="usa-button margin-top-2">
        Show checks
      </button>
    </form>
  );
}
