import { Injectable } from '@nestjs/common';
import { FollowUpDto } from './follow-up.dto';
import { FollowUpFilter } from './follow-ups.repository';

/** What one successful GET /follow-ups is about to show. */
export interface FollowUpPageShown {
  filter: FollowUpFilter;
  /** The rows of the page, each naming a person (name and date of birth). */
  items: FollowUpDto[];
  total: number;
}

/**
 * The one place where the due list's showing of people is accounted for. It is called once per
 * successful GET /follow-ups, after the page was read and before it is answered, and is where
 * two rules belong when their features land (nothing else in this module needs to change):
 *
 * - Closed records (PRODUCT.md "After the class"): a follow-up check needs the name and date of
 *   birth of a closed record too, so the list shows them to INTAKE and SUPERVISOR, and each row
 *   of a CLOSED (or EXPUNGED) record is a disclosure with the reason FOLLOW_UP: one call here, to
 *   the records module's disclosure service, with `items` whose record is closed (entity
 *   `enrollment`, the row's enrollmentId and participantId).
 * - Bulk-read audit: every list that names people writes one `follow_up.list` audit event per
 *   request with the filter (months, status, due range: no personal data) and the number of
 *   people shown (`items.length`).
 *
 * Until then it records nothing: no record can be closed yet, and the `*.list` event has no
 * shape in the audit module yet.
 */
@Injectable()
export class FollowUpListHook {
  shown(page: FollowUpPageShown): Promise<void> {
    void page;
    return Promise.resolve();
  }
}
