import { api } from '../api/client';
import { data } from '../api/queries';
import type { Enrollment } from './api';

/** The API's largest page of enrollments. */
export const UNSEATED_PAGE = 200;
/** Pages read at most for "Add a seat" (2,000 people); more are said to be left out. */
export const UNSEATED_MAX_PAGES = 10;

/**
 * Reads a paged list page by page until `total` is read (or `maxPages`), for lists filtered in
 * the browser: the API has no name search on enrollments, and it lists the most recently
 * enrolled first, so a first page only would leave out the people waiting longest.
 */
export async function readPages<T>(
  fetchPage: (page: number) => Promise<{ items: T[]; total: number }>,
  maxPages: number,
): Promise<{ items: T[]; total: number }> {
  const first = await fetchPage(1);
  const items = [...first.items];
  let total = first.total;
  for (let page = 2; page <= maxPages && items.length < total; page++) {
    const next = await fetchPage(page);
    if (next.items.length === 0) break;
    items.push(...next.items);
    total = next.total;
  }
  return { items, total };
}

/**
 * ACTIVE enrollments of the program with no seat in an upcoming session ("Add a seat"), every
 * one of them up to UNSEATED_MAX_PAGES pages, with the API's `total` of them.
 */
export function fetchUnseated(
  programCode: string,
): Promise<{ items: Enrollment[]; total: number }> {
  return readPages(
    (page) =>
      data(
        api.GET('/api/v1/enrollments', {
          params: {
            query: {
              status: 'ACTIVE',
              programCode: programCode as Enrollment['programCode'],
              unseated: 'true',
              limit: UNSEATED_PAGE,
              page,
            },
          },
        }),
      ),
    UNSEATED_MAX_PAGES,
  );
}

/** The hint under "Find by name": how many wait, and how many of them can be found here. */
export function waitingHint(waiting: number, listed: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const people = `${n(waiting)} ${waiting === 1 ? 'person is' : 'people are'} waiting for a seat.`;
  return listed < waiting
    ? `${people} Only the ${n(listed)} most recently enrolled can be found here.`
    : people;
}
