import { Injectable } from '@nestjs/common';
import { RecordAccessService } from '../records/record-access.service';
import { FollowUpDto } from './follow-up.dto';
import { FollowUpFilter } from './follow-ups.repository';

/** What one successful GET /follow-ups is about to show. */
export interface FollowUpPageShown {
  filter: FollowUpFilter;
  /** The rows of the page, each naming a person (name and date of birth). */
  items: FollowUpDto[];
  total: number;
  /** The rows of the page whose record is closed (the court closed the case). */
  closed: FollowUpDto[];
}

/**
 * The one place where the due list's showing of people is accounted for. It is called once per
 * successful GET /follow-ups, after the page was read and before it is answered, in the
 * transaction of the read:
 *
 * - Closed records (PRODUCT.md "After the class"): a follow-up check needs the name and date of
 *   birth of a closed record too, so the list shows them to INTAKE and SUPERVISOR, and each row
 *   of a closed record is a disclosure with the reason FOLLOW_UP (entity ENROLLMENT: the row's
 *   enrollmentId and participantId), by the caller: one per enrollment shown.
 * - Bulk-read audit (a `follow_up.list` event per request with the filter and the number of
 *   people shown) belongs here too; it is not written yet.
 */
@Injectable()
export class FollowUpListHook {
  constructor(private readonly access: RecordAccessService) {}

  async shown(page: FollowUpPageShown): Promise<void> {
    // One disclosure per record shown, though its 12- and 24-month checks may both be rows.
    const shown = new Map(page.closed.map((row) => [row.enrollmentId, row.participantId]));
    await this.access.disclose(
      'FOLLOW_UP',
      [...shown].map(([enrollmentId, participantId]) => ({
        entityType: 'ENROLLMENT',
        entityId: enrollmentId,
        participantId,
      })),
    );
  }
}
