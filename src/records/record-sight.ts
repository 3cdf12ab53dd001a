/**
 * What "closed" means, once, for every query of the API (PRODUCT.md "After the class"): a
 * participant's record is closed when `participants.record_status` is anything but OPEN —
 * CLOSED, EXPUNGED or PSEUDONYMIZED. The database keeps that column from the court's
 * dispositions and expungement orders (refresh_record_status); the API never computes it.
 *
 * A closed record is out of everyday sight: searches, lists, rosters and work queues leave it
 * out (recordOpen), report rows that must add up keep it without the person (recordClosed), and
 * opening it is a disclosure (RecordAccessService).
 */

/** The participant row aliased `participant` has a closed record (a boolean SQL expression). */
export const recordClosed = (participant: string): string =>
  `(${participant}.record_status <> 'OPEN')`;

/** The participant row aliased `participant` has an open record. */
export const recordOpen = (participant: string): string => `NOT ${recordClosed(participant)}`;

/**
 * The participant whose id is `participantId` (an SQL expression) has an open record: for
 * queries that do not join `participants` themselves.
 */
export const participantOpen = (participantId: string): string =>
  `EXISTS (SELECT 1 FROM participants sight_p
            WHERE sight_p.id = ${participantId} AND ${recordOpen('sight_p')})`;

/** The enrollment whose id is `enrollmentId` (an SQL expression) is of an open record. */
export const enrollmentOpen = (enrollmentId: string): string =>
  `EXISTS (SELECT 1 FROM enrollments sight_e
             JOIN participants sight_p ON sight_p.id = sight_e.participant_id
            WHERE sight_e.id = ${enrollmentId} AND ${recordOpen('sight_p')})`;
