import { Injectable } from '@nestjs/common';
import { one, rows, Tx, TransactionHost } from '../common/transactions';
import { CourtDto } from './court.dto';

interface CourtRow {
  id: string;
  code: string;
  name: string;
  active: boolean;
}

const COLUMNS = 'id, code, name, active';

const toCourtDto = (r: CourtRow): CourtDto => ({
  id: r.id,
  code: r.code,
  name: r.name,
  active: r.active,
});

/** Owns `courts`: the list a referral's jurisdiction is chosen from. */
@Injectable()
export class CourtsRepository {
  constructor(private readonly txHost: TransactionHost) {}

  private get tx(): Tx {
    return this.txHost;
  }

  /** By name; `active` filters. */
  async list(active?: boolean): Promise<CourtDto[]> {
    const found = await rows<CourtRow>(
      this.tx,
      `SELECT ${COLUMNS} FROM courts WHERE ($1::boolean IS NULL OR active = $1)
        ORDER BY upper(name), code`,
      [active ?? null],
    );
    return found.map(toCourtDto);
  }

  /** The court a code names (read under FOR SHARE: it cannot be taken off the list meanwhile). */
  async byCode(code: string): Promise<CourtDto | undefined> {
    const r = await one<CourtRow>(
      this.tx,
      `SELECT ${COLUMNS} FROM courts WHERE code = $1 FOR SHARE`,
      [code],
    );
    return r && toCourtDto(r);
  }

  async lockById(id: string): Promise<CourtDto | undefined> {
    const r = await one<CourtRow>(
      this.tx,
      `SELECT ${COLUMNS} FROM courts WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return r && toCourtDto(r);
  }

  /** Which of the code and the name another court already has. */
  async clashes(code: string | null, name: string | null, exceptId: string | null) {
    const r = await one<{ code: boolean; name: boolean }>(
      this.tx,
      `SELECT coalesce(bool_or(code = $1), false) AS code,
              coalesce(bool_or(upper(name) = upper($2)), false) AS name
         FROM courts WHERE ($3::uuid IS NULL OR id <> $3)
          AND (code = $1 OR upper(name) = upper($2))`,
      [code, name, exceptId],
    );
    return { code: r?.code ?? false, name: r?.name ?? false };
  }

  async insert(c: { code: string; name: string; active: boolean }): Promise<CourtDto> {
    const r = await one<CourtRow>(
      this.tx,
      `INSERT INTO courts (code, name, active) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [c.code, c.name, c.active],
    );
    return toCourtDto(r!);
  }

  async update(id: string, c: { name?: string; active?: boolean }): Promise<CourtDto> {
    const r = await one<CourtRow>(
      this.tx,
      `UPDATE courts SET name = coalesce($2, name), active = coalesce($3, active), updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, c.name ?? null, c.active ?? null],
    );
    return toCourtDto(r!);
  }
}
