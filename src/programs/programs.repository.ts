import { Injectable } from '@nestjs/common';
import { centsFromDb } from '../common/money';
import { TransactionHost, one, rows } from '../common/transactions';
import type { ProgramCode } from './program-codes';

export interface Program {
  id: string;
  code: ProgramCode;
  name: string;
  feeCents: number;
  requiredSessions: number;
  completionWindowDays: number;
  minSessionMinutes: number;
  beneficiary: string;
}

interface ProgramRow {
  id: string;
  code: ProgramCode;
  name: string;
  fee_cents: string;
  required_sessions: number;
  completion_window_days: number;
  min_session_minutes: number;
  beneficiary: string;
}

const COLUMNS =
  'id, code, name, fee_cents, required_sessions, completion_window_days, min_session_minutes, beneficiary';

const toProgram = (r: ProgramRow): Program => ({
  id: r.id,
  code: r.code,
  name: r.name,
  feeCents: centsFromDb(r.fee_cents),
  requiredSessions: r.required_sessions,
  completionWindowDays: r.completion_window_days,
  minSessionMinutes: r.min_session_minutes,
  beneficiary: r.beneficiary,
});

/** Owns `programs`: their names and settings (the fee schedule). */
@Injectable()
export class ProgramsRepository {
  constructor(private readonly txHost: TransactionHost) {}

  async list(): Promise<Program[]> {
    return (
      await rows<ProgramRow>(this.txHost, `SELECT ${COLUMNS} FROM programs ORDER BY code`)
    ).map(toProgram);
  }

  /** Locks the row for the rest of the transaction. */
  async lockById(id: string): Promise<Program | undefined> {
    const r = await one<ProgramRow>(
      this.txHost,
      `SELECT ${COLUMNS} FROM programs WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return r && toProgram(r);
  }

  async update(
    id: string,
    changes: {
      name?: string;
      feeCents?: number;
      requiredSessions?: number;
      completionWindowDays?: number;
      minSessionMinutes?: number;
    },
  ): Promise<Program> {
    const r = await one<ProgramRow>(
      this.txHost,
      `UPDATE programs SET name = coalesce($2, name), fee_cents = coalesce($3, fee_cents),
              required_sessions = coalesce($4, required_sessions),
              completion_window_days = coalesce($5, completion_window_days),
              min_session_minutes = coalesce($6, min_session_minutes), updated_at = now()
        WHERE id = $1
        RETURNING ${COLUMNS}`,
      [
        id,
        changes.name ?? null,
        changes.feeCents ?? null,
        changes.requiredSessions ?? null,
        changes.completionWindowDays ?? null,
        changes.minSessionMinutes ?? null,
      ],
    );
    return toProgram(r!);
  }
}
