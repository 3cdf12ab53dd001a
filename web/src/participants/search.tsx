import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { formatDate, parseDateInput } from '../api/dates';
import { programName } from '../api/queries';
import { hasRole, useSession } from '../api/session';
import { RequireRole } from '../app/shell';
import { participantSearchQuery } from './api';
import { setLastSearch, useLastSearch } from '../app/search-state';
import { LoadFailed, Loading, PageHeading, StatusTag, usePageTitle } from '../app/ui';
import { DataTable } from '../app/lists';

/** A typed date searches dates of birth; anything else searches names and case numbers. */
export function searchParams(term: string): { q?: string; dateOfBirth?: string } {
  const date = parseDateInput(term);
  return date ? { dateOfBirth: date } : { q: term };
}

export function FindParticipantPage() {
  usePageTitle('Find a participant');
  return (
    <RequireRole roles={['INTAKE', 'SUPERVISOR', 'FINANCE', 'AUDITOR']}>
      <FindParticipant />
    </RequireRole>
  );
}

function FindParticipant() {
  const { user } = useSession();
  const term = useLastSearch();
  const [text, setText] = useState(term);
  useEffect(() => setText(term), [term]);

  const results = useQuery(participantSearchQuery(term, searchParams(term)));

  function submit(e: FormEvent) {
    e.preventDefault();
    setLastSearch(text.trim());
  }

  const items = results.data?.items ?? [];
  return (
    <>
      <PageHeading>Find a participant</PageHeading>
      <form className="usa-form usa-form--large margin-bottom-3" onSubmit={submit} role="search">
        <label className="usa-label" htmlFor="participant-search">
          Name, date of birth or case number
        </label>
        <div className="usa-hint" id="participant-search-hint">
          For example: Smith, 04/28/1986 or 2026-CR-00123
        </div>
        <div className="console-search__row">
          <input
            id="participant-search"
            className="usa-input"
            type="search"
            autoComplete="off"
            spellCheck={false}
            aria-describedby="participant-search-hint"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="usa-button">
            Search
          </button>
        </div>
      </form>
      {!term && (
        <p>
          Search for a participant before you register someone new, so nobody is registered twice.
        </p>
      )}
      {term && results.isPending && <Loading what="participants" />}
      {results.isError && <LoadFailed error={results.error} what="participants" />}
      {results.isSuccess && (
        <>
          <p role="status">
            {results.data.total === 0
              ? 'No participant matches.'
              : `${results.data.total} participant${results.data.total === 1 ? '' : 's'} found${
                  results.data.total > items.length ? `; the first ${items.length} are shown` : ''
                }.`}
          </p>
          {items.length > 0 && (
            <DataTable
              label="Search results"
              caption="Participants matching the search"
              columns={['Name', 'Date of birth', 'Case numbers', 'Program', 'Status']}
            >
              {items.map((p) => (
                <tr key={p.id}>
                  <th scope="row" data-label="Name">
                    <Link to="/participants/$participantId" params={{ participantId: p.id }}>
                      {p.lastName}, {p.firstName}
                    </Link>
                  </th>
                  <td data-label="Date of birth">{formatDate(p.dateOfBirth)}</td>
                  <td data-label="Case numbers">
                    {p.caseNumbers?.length ? p.caseNumbers.join(', ') : '—'}
                  </td>
                  <td data-label="Program">{programName(p.programCode)}</td>
                  <td data-label="Status">
                    <StatusTag status={p.enrollmentStatus} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          {hasRole(user, 'INTAKE', 'SUPERVISOR') && (
            <p>
              Not the person you are looking for?{' '}
              <Link to="/participants/new">Register a participant</Link>
            </p>
          )}
        </>
      )}
    </>
  );
}
