import { Injectable } from '@nestjs/common';
import { notFound } from '../common/domain-error';
import { one, TransactionHost, Tx } from '../common/transactions';
import { SESSION_COLUMNS, SessionRow } from './session.dto';

/** Reads of class_sessions shared by the session, seat and attendance use cases. */
@Injectable()
export class SessionRepository {
  constructor(private readonly txHost: TransactionHost) {}

  get tx(): Tx {
    return this.txHost as Tx;
  }

  async get(id: string): Promise<SessionRow> {
    const row = await one<SessionRow>(
      this.tx,
      `SELECT ${SESSION_COLUMNS} FROM class_sessions WHERE id = $1`,
      [id],
    );
    if (!row) throw notFound('Session', id);
    return row;
  }

  /** Locks the session row: seat changes, cancellation and roster submissions take turns. */
  async lock(id: string): Promise<SessionRow> {
    const row = await one<SessionRow>(
      this.tx,
      `SELECT ${SESSION_COLUMNS} FROM class_sessions WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) throw notFound('Session', id);
    return row;
  }
}
