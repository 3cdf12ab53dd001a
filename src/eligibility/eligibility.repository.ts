import { Injectable } from '@nestjs/common';
import { countFromDb } from '../common/money';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { EligibilityCheckDto } from './eligibility.dto';
import { RuleResult } from './rules';

interface CheckRow {
  id: string;
  referral_id: string;
  eligible: boolean;
  rule_set_version: string;
  screening_version: number;
  current_screening_version: number;
  checked_at: Date;
  checked_by: string;
  reasons: RuleResult[];
}

/** A check to store: what the rule set saw and what it decided. */
export interface NewCheck {
  referralId: string;
  ruleSetVersion: string;
  screeningVersion: number;
  eligible: boolean;
  inputSnapshot: unknown;
  reasons: RuleResult[];
  checkedBy: string;
}

const CHECK_SELECT = `
  SELECT c.id, c.referral_id, c.eligible, c.rule_set_version, c.screening_version,
         r.screening_version AS current_screening_version, c.checked_at, c.checked_by, c.reasons
    FROM eligibility_checks c JOIN referrals r ON r.id = c.referral_id`;

const toDto = (r: CheckRow): EligibilityCheckDto => ({
  id: r.id,
  referralId: r.referral_id,
  eligible: r.eligible,
  ruleSetVersion: r.rule_set_version,
  screeningVersion: r.screening_version,
  stale: r.screening_version !== r.current_screening_version,
  checkedAt: r.checked_at.toISOString(),
  checkedBy: r.checked_by,
  reasons: r.reasons,
});

/** The SQL of `eligibility_checks` (immutable records) and the facts a check reads. */
@Injectable()
export class EligibilityRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /** Stores a check; answers its id. */
  async insert(c: NewCheck): Promise<string> {
    const row = await one<{ id: string }>(
      this.tx,
      `INSERT INTO eligibility_checks (referral_id, rule_set_version, screening_version, eligible,
          input_snapshot, reasons, checked_by)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7) RETURNING id`,
      [
        c.referralId,
        c.ruleSetVersion,
        c.screeningVersion,
        c.eligible,
        JSON.stringify(c.inputSnapshot),
        JSON.stringify(c.reasons),
        c.checkedBy,
      ],
    );
    return row!.id;
  }

  /** A check, stale or not against its referral's current screening version. */
  async get(id: string): Promise<EligibilityCheckDto | undefined> {
    const row = await one<CheckRow>(this.tx, `${CHECK_SELECT} WHERE c.id = $1`, [id]);
    return row && toDto(row);
  }

  /** The referral's checks, newest first, and how many there are. */
  async ofReferral(
    referralId: string,
    limit: number,
    offset: number,
  ): Promise<[EligibilityCheckDto[], number]> {
    const list = await rows<CheckRow>(
      this.tx,
      `${CHECK_SELECT}
        WHERE c.referral_id = $1 ORDER BY c.checked_at DESC, c.id DESC LIMIT $2 OFFSET $3`,
      [referralId, limit, offset],
    );
    const total = await one<{ n: string }>(
      this.tx,
      `SELECT count(*) AS n FROM eligibility_checks WHERE referral_id = $1`,
      [referralId],
    );
    return [list.map(toDto), countFromDb(total?.n)];
  }

  async participantDateOfBirth(participantId: string): Promise<string | undefined> {
    const row = await one<{ date_of_birth: string }>(
      this.tx,
      `SELECT date_of_birth::text AS date_of_birth FROM participants WHERE id = $1`,
      [participantId],
    );
    return row?.date_of_birth;
  }

  /**
   * Enrollments of this person — this participant record or another one the identity rule
   * matches — other than the one made from the given referral, oldest first. Whatever their
   * record status: a closed or expunged participation still counts ("first time only"); a
   * pseudonymized record has no name left: the rule compares its blind index (records/blind-index.ts).
   */
  async priorEnrollmentIds(participantId: string, exceptReferralId: string): Promise<string[]> {
    const list = await rows<{ id: string }>(
      this.tx,
      `SELECT e.id FROM participants me
         JOIN participants p ON p.id = me.id
           OR (p.last_name_key = me.last_name_key AND p.date_of_birth = me.date_of_birth
               AND (p.state_id_key IS NULL OR me.state_id_key IS NULL
                    OR p.state_id_key = me.state_id_key))
           OR (p.identity_index = me.identity_index
               AND (p.pseudonymized_at IS NOT NULL OR me.pseudonymized_at IS NOT NULL)
               AND (p.state_id_index IS NULL OR me.state_id_index IS NULL
                    OR p.state_id_index = me.state_id_index))
           OR (p.state_id_index = me.state_id_index
               AND (p.pseudonymized_at IS NOT NULL OR me.pseudonymized_at IS NOT NULL))
         JOIN enrollments e ON e.participant_id = p.id
        WHERE me.id = $1 AND e.referral_id <> $2
        ORDER BY e.created_at, e.id`,
      [participantId, exceptReferralId],
    );
    return list.map((r) => r.id);
  }
}
