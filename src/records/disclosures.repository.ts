import { Injectable } from '@nestjs/common';
import { countFromDb } from '../common/money';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { AccessReason } from './access-reason';
import { DisclosedEntity, DisclosureDto } from './disclosure.dto';
import { recordClosed } from './record-sight';

/** One opening of a closed record, as it is written. */
export interface NewDisclosure {
  actorId: string;
  reason: AccessReason;
  entityType: DisclosedEntity;
  entityId: string;
  participantId: string;
}

/** Every condition is optional; the `at` bounds are timestamps PostgreSQL can read. */
export interface DisclosureFilter {
  participantId?: string;
  actorId?: string;
  atOrAfter?: string;
  before?: string;
  atOrBefore?: string;
}

/** Whose record an entity is, and whether that record is closed. */
export interface RecordOwner {
  participantId: string;
  closed: boolean;
}

/** The participant behind each kind of disclosed entity ($1: the entity's id). */
const OWNER_SQL: Record<DisclosedEntity, string> = {
  PARTICIPANT: `SELECT p.id AS participant_id, ${recordClosed('p')} AS closed
                  FROM participants p WHERE p.id = $1`,
  REFERRAL: `SELECT p.id AS participant_id, ${recordClosed('p')} AS closed
               FROM referrals r JOIN participants p ON p.id = r.participant_id WHERE r.id = $1`,
  ENROLLMENT: `SELECT p.id AS participant_id, ${recordClosed('p')} AS closed
                 FROM enrollments e JOIN participants p ON p.id = e.participant_id WHERE e.id = $1`,
  LEDGER_ENTRY: `SELECT p.id AS participant_id, ${recordClosed('p')} AS closed
                   FROM ledger_entries l
                   JOIN enrollments e ON e.id = l.enrollment_id
                   JOIN participants p ON p.id = e.participant_id
                  WHERE l.id = $1`,
};

interface DisclosureRow {
  id: string;
  at: Date;
  actor_id: string;
  reason: string;
  entity_type: string;
  entity_id: string;
  participant_id: string;
}

function whereOf(f: DisclosureFilter): { clause: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`${condition} $${params.length}`);
  };
  add('participant_id =', f.participantId);
  add('actor_id =', f.actorId);
  add('at >=', f.atOrAfter);
  add('at <', f.before);
  add('at <=', f.atOrBefore);
  return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

const toDisclosureDto = (r: DisclosureRow): DisclosureDto => ({
  id: r.id,
  at: r.at.toISOString(),
  actorId: r.actor_id,
  reason: r.reason,
  entityType: r.entity_type,
  entityId: r.entity_id,
  participantId: r.participant_id,
});

/** Owns `disclosures` (append-only: inserts and reads). */
@Injectable()
export class DisclosuresRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /** Whose record the entity is and whether it is closed; undefined: no such entity. */
  async ownerOf(entityType: DisclosedEntity, entityId: string): Promise<RecordOwner | undefined> {
    const row = await one<{ participant_id: string; closed: boolean }>(
      this.tx,
      OWNER_SQL[entityType],
      [entityId],
    );
    return row && { participantId: row.participant_id, closed: row.closed };
  }

  /** In the ambient transaction: the disclosures commit with the read that made them. */
  async insert(list: NewDisclosure[]): Promise<void> {
    if (list.length === 0) return;
    await rows(
      this.tx,
      `INSERT INTO disclosures (actor_id, reason, entity_type, entity_id, participant_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::uuid[])`,
      [
        list.map((d) => d.actorId),
        list.map((d) => d.reason),
        list.map((d) => d.entityType),
        list.map((d) => d.entityId),
        list.map((d) => d.participantId),
      ],
    );
  }

  /** Newest first. */
  async list(
    f: DisclosureFilter,
    limit: number,
    offset: number,
  ): Promise<[DisclosureDto[], number]> {
    const { clause, params } = whereOf(f);
    const total = await one<{ n: string }>(
      this.tx,
      `SELECT count(*) AS n FROM disclosures ${clause}`,
      params,
    );
    const items = await rows<DisclosureRow>(
      this.tx,
      `SELECT id, at, actor_id, reason, entity_type, entity_id, participant_id
         FROM disclosures ${clause}
        ORDER BY at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return [items.map(toDisclosureDto), countFromDb(total?.n)];
  }
}
