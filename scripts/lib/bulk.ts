import type { ClientBase } from 'pg';

/**
 * Column of a bulk insert. `localts` values are America/Chicago wall-clock times
 * ('YYYY-MM-DD HH:MM:SS') stored into a timestamptz column.
 */
export interface BulkColumn {
  name: string;
  type: 'uuid' | 'text' | 'int' | 'bigint' | 'bool' | 'date' | 'jsonb' | 'timestamptz' | 'localts';
}

const PG_ARRAY_TYPE: Record<BulkColumn['type'], string> = {
  uuid: 'uuid[]',
  text: 'text[]',
  int: 'int[]',
  bigint: 'bigint[]',
  bool: 'boolean[]',
  date: 'date[]',
  jsonb: 'jsonb[]',
  timestamptz: 'timestamptz[]',
  localts: 'timestamp[]',
};

/**
 * Multi-row INSERT … SELECT FROM unnest(arrays): one statement per `chunk` rows, however many
 * columns, instead of one round trip per row.
 */
export async function bulkInsert(
  client: ClientBase,
  table: string,
  columns: BulkColumn[],
  rows: unknown[][],
  opts: { chunk?: number; onProgress?: (n: number) => void } = {},
): Promise<void> {
  const chunk = opts.chunk ?? 5_000;
  const params = columns.map((c, i) => `$${i + 1}::${PG_ARRAY_TYPE[c.type]}`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const exprs = columns
    .map((c, i) => (c.type === 'localts' ? `(c${i} AT TIME ZONE 'America/Chicago')` : `c${i}`))
    .join(', ');
  const sql = `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')})
               SELECT ${exprs} FROM unnest(${params}) AS x(${aliases})`;
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    const arrays = columns.map((c, i) =>
      slice.map((r) => (c.type === 'jsonb' && r[i] !== null ? JSON.stringify(r[i]) : r[i])),
    );
    await client.query(sql, arrays);
    opts.onProgress?.(slice.length);
  }
}
