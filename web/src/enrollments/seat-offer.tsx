import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { programName } from '../api/queries';
import { useAction } from '../app/form';
import { ErrorSummary, LoadFailed, Loading, TableRegion, useAnnounce } from '../app/ui';
import {
  formatSessionDay,
  formatTimeRange,
  seatOfferQuery,
  sessionProblem,
  useGiveSeat,
} from '../sessions/api';
import type { Enrollment } from './api';
import { DoneNotice } from '../app/notice';

/** How many of the program's next sessions the record offers. */
const OFFERED = 5;

/**
 * "Give a seat" from the record: the program's next sessions that have a free seat and do not
 * already seat this enrollment, each with its button. The API keeps the rules (a seat never
 * overlaps another, never before the enrollment began).
 */
export function SeatOffer({ enrollment: e }: { enrollment: Enrollment }) {
  const seats = useGiveSeat();
  const announce = useAnnounce();
  // The session whose seat is being given.
  const [giving, setGiving] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The confirmation takes focus once it is on the page (the pressed row may be gone).
  useEffect(() => {
    if (notice) document.getElementById('seat-notice')?.focus();
  }, [notice]);
  const sessions = useQuery(seatOfferQuery(e, OFFERED));

  const give = useAction({
    async send({ sessionId, when }: { sessionId: string; when: string }) {
      setGiving(sessionId);
      setNotice(null);
      try {
        const seat = await seats.give(sessionId, e.id);
        const m = `Seat given in the session of ${when}. ${seat.seatsTaken} of ${seat.capacity} seats are taken.`;
        setNotice(m);
        announce(m);
      } finally {
        setGiving(null);
        void seats.changed();
      }
    },
    refused: (err) => sessionProblem(err),
  });

  return (
    <section aria-labelledby="seat-offer-heading" className="margin-top-4">
      <h3 id="seat-offer-heading">Give a seat</h3>
      {notice && <DoneNotice id="seat-notice">{notice}</DoneNotice>}
      <ErrorSummary {...give.summary} />
      {sessions.isPending && <Loading what="the upcoming sessions" />}
      {sessions.isError && <LoadFailed error={sessions.error} what="the upcoming sessions" />}
      {sessions.isSuccess && sessions.data.items.length === 0 && (
        <p>
          {programName(e.programCode)} has no upcoming session with a free seat. A supervisor
          schedules sessions.
        </p>
      )}
      {sessions.isSuccess && sessions.data.items.length > 0 && (
        <TableRegion
          label="Upcoming sessions with a free seat"
          caption={`The next sessions of ${programName(e.programCode)} with a free seat (Chicago time)`}
          showCaption
          className="seat-offer-table"
        >
          <thead>
            <tr>
              <th scope="col">Session</th>
              <th scope="col">Place</th>
              <th scope="col">Seats taken</th>
              <th scope="col">
                <span className="usa-sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.items.map((s) => {
              const when = `${formatSessionDay(s.startsAt)}, ${formatTimeRange(s.startsAt, s.endsAt)}`;
              return (
                <tr key={s.id}>
                  <th scope="row" data-label="Session">
                    {when}
                  </th>
                  <td data-label="Place">{s.location}</td>
                  <td data-label="Seats taken">
                    {s.seatsTaken} of {s.capacity}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="usa-button usa-button--outline margin-0"
                      aria-disabled={give.busy || undefined}
                      onClick={() => void give.act({ sessionId: s.id, when })}
                    >
                      {giving === s.id ? 'Giving the seat…' : 'Give a seat'}
                      <span className="usa-sr-only">: {when}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </TableRegion>
      )}
    </section>
  );
}
