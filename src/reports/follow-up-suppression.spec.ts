import fc from 'fast-check';
import {
  alternativeTable,
  Cell,
  countsOf,
  FollowUpCells,
  HIDDEN_FIELDS,
  SHOWN_FIELDS,
  ShownCounts,
  SuppressedTable,
  suppressFollowUpTable,
  valueOf,
} from './follow-up-suppression';
import { maximize } from './linear-program';

const group = (
  similar: number,
  other: number,
  noNewCharge: number,
  unable: number,
  notChecked: number,
): FollowUpCells => ({ similar, other, noNewCharge, unable, notChecked });

/** The report as printed with exactly these cells suppressed (for the model's own examples). */
function printedWith(table: FollowUpCells[], hidden: Cell[]): SuppressedTable {
  const row = (i: number): ShownCounts => {
    const counts = countsOf(table, i);
    const fields = SHOWN_FIELDS.filter((f) => hidden.some((c) => c.row === i && c.field === f));
    return {
      ...counts,
      ...Object.fromEntries(fields.map((f) => [f, null])),
      suppressed: fields,
    } as ShownCounts;
  };
  return { rows: table.map((_, i) => row(i)), totals: row(table.length) };
}

const printedCells = (p: SuppressedTable) => [...p.rows, p.totals];

/**
 * Checked by plain arithmetic, independently of the solver that found it: `other` is a table of
 * whole counts ≥ 0 that prints every number `printed` shows, and gives `cell` another value.
 */
function provesUncertain(
  table: FollowUpCells[],
  printed: SuppressedTable,
  cell: Cell,
  other: FollowUpCells[] | null,
): boolean {
  if (!other || other.length !== table.length) return false;
  for (const r of other)
    for (const v of Object.values(r)) if (!Number.isInteger(v) || v < 0) return false;
  const same = printedCells(printed).every((p, row) => {
    const counts = countsOf(other, row);
    return SHOWN_FIELDS.every((f) => p[f] === null || p[f] === counts[f]);
  });
  return same && valueOf(other, cell) !== valueOf(table, cell);
}

describe('the linear-program solver', () => {
  it('finds the optimum of a small textbook problem', () => {
    // max 3a + 5b, a + s1 = 4, 2b + s2 = 12, 3a + 2b + s3 = 18 → a = 2, b = 6, 36.
    const r = maximize(
      [
        [1, 0, 1, 0, 0],
        [0, 2, 0, 1, 0],
        [3, 2, 0, 0, 1],
      ],
      [4, 12, 18],
      [3, 5, 0, 0, 0],
    );
    expect(r).toMatchObject({ status: 'optimal', value: 36 });
    expect(r.status === 'optimal' && r.x.slice(0, 2)).toEqual([2, 6]);
  });

  it('says when a problem is unbounded or infeasible', () => {
    expect(maximize([[1, -1]], [0], [1, 0]).status).toBe('unbounded');
    expect(maximize([[1, 1]], [-1], [0, 0]).status).toBe('infeasible');
    expect(
      maximize(
        [
          [1, 1],
          [1, 1],
        ],
        [2, 3],
        [1, 0],
      ).status,
    ).toBe('infeasible');
  });

  it('keeps redundant equations (a total and its parts) and degenerate vertices without cycling', () => {
    // a + b = 5, a = 5 − b again, b + c = 0: b and c are 0, a is 5.
    const r = maximize(
      [
        [1, 1, 0],
        [1, 1, 0],
        [0, 1, 1],
      ],
      [5, 5, 0],
      [0, 1, 1],
    );
    expect(r).toMatchObject({ status: 'optimal', value: 0, x: [5, 0, 0], integral: true });
  });
});

describe('follow-up report suppression', () => {
  it('prints counts of 0 and of 10 or more as they are, and suppresses 1 to 9', () => {
    const table = [group(0, 12, 40, 0, 0), group(0, 0, 0, 0, 0)];
    const out = suppressFollowUpTable(table);
    expect(out.rows[0]).toEqual({
      exits: 52,
      checked: 52,
      unableToCheck: 0,
      newChargeSimilar: 0,
      newChargeOther: 12,
      suppressed: [],
    });
    expect(out.rows[1].suppressed).toEqual([]);
    expect(out.totals).toMatchObject({ exits: 52, newChargeOther: 12, suppressed: [] });
  });

  it('suppresses the next smallest count of a column when a small one could be worked out from the total', () => {
    // newChargeSimilar: 3 in the first group, 14 and 25 in the others, 42 in total: 42 − 14 − 25 = 3.
    const table = [group(3, 20, 60, 10, 0), group(14, 20, 60, 10, 0), group(25, 20, 60, 10, 0)];
    const out = suppressFollowUpTable(table);
    expect(out.rows[0].newChargeSimilar).toBeNull();
    expect(out.rows[1].newChargeSimilar).toBeNull();
    expect(out.rows[2].newChargeSimilar).toBe(25);
    expect(out.totals.newChargeSimilar).toBe(42);
    for (const row of [0, 1])
      expect(
        provesUncertain(
          table,
          out,
          { row, field: 'newChargeSimilar' },
          alternativeTable(table, out, { row, field: 'newChargeSimilar' }),
        ),
      ).toBe(true);
  });

  it('an unprinted category known to be 0 is an equation: two suppressed cells in a column are not always enough', () => {
    // Everyone checked or found uncheckable (no one left: exits = checked + unable in total, so in
    // every group). unableToCheck: 3 and 20, total 23.
    const table = [group(0, 0, 40, 3, 0), group(0, 0, 30, 20, 0)];
    const naive = printedWith(table, [
      { row: 0, field: 'unableToCheck' },
      { row: 1, field: 'unableToCheck' },
    ]);
    // Exits − checked: 43 − 40 = 3 in the first group, since nobody can be left unchecked.
    expect(alternativeTable(table, naive, { row: 0, field: 'unableToCheck' })).toBeNull();
    const out = suppressFollowUpTable(table);
    expect(out.rows[0].unableToCheck).toBeNull();
    const cell = { row: 0, field: 'unableToCheck' } as const;
    expect(provesUncertain(table, out, cell, alternativeTable(table, out, cell))).toBe(true);
  });

  it('an unprinted count from 1 to 9 that could be worked out is protected like a printed one', () => {
    // checked 25, similar 10, other 10: no new charge = 5, though no column prints it.
    const table = [group(10, 10, 5, 0, 0), group(10, 10, 40, 0, 0)];
    const out = suppressFollowUpTable(table);
    const cell = { row: 0, field: 'noNewCharge' } as const;
    expect(out.rows[0].suppressed.length).toBeGreaterThan(0);
    expect(provesUncertain(table, out, cell, alternativeTable(table, out, cell))).toBe(true);
  });

  it('leaves a table with nothing small alone', () => {
    const table = [group(10, 20, 100, 15, 30), group(12, 11, 90, 10, 40)];
    const out = suppressFollowUpTable(table);
    expect([...out.rows, out.totals].flatMap((r) => r.suppressed)).toEqual([]);
  });

  it('is deterministic', () => {
    const table = [group(2, 30, 50, 4, 11), group(0, 7, 12, 0, 3), group(15, 15, 15, 15, 15)];
    expect(suppressFollowUpTable(table)).toEqual(suppressFollowUpTable(table));
  });

  /** Counts as programs have them: many zeros and small numbers, some large ones. */
  const count = fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 9 }) },
    { weight: 3, arbitrary: fc.integer({ min: 10, max: 30 }) },
    { weight: 1, arbitrary: fc.integer({ min: 31, max: 400 }) },
  );
  const tables = fc.array(
    fc.record({
      similar: count,
      other: count,
      noNewCharge: count,
      unable: count,
      notChecked: count,
    }),
    { minLength: 1, maxLength: 6 },
  );

  it('property: no number from 1 to 9 is printed, and every printed number is the true count', () => {
    fc.assert(
      fc.property(tables, (table) => {
        const out = suppressFollowUpTable(table);
        printedCells(out).forEach((p, row) => {
          const truth = countsOf(table, row);
          for (const f of SHOWN_FIELDS) {
            if (p[f] === null) expect(p.suppressed).toContain(f);
            else {
              expect(p[f]).toBe(truth[f]);
              expect(p[f]! === 0 || p[f]! >= 10).toBe(true);
            }
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('property: no suppressed count, and no unprinted count from 1 to 9, can be worked out from what is printed', () => {
    fc.assert(
      fc.property(tables, (table) => {
        const out = suppressFollowUpTable(table);
        const protectedCells: Cell[] = [];
        printedCells(out).forEach((p, row) => {
          for (const field of p.suppressed) protectedCells.push({ row, field });
          for (const field of HIDDEN_FIELDS) {
            const v = valueOf(table, { row, field });
            if (v >= 1 && v <= 9) protectedCells.push({ row, field });
          }
        });
        for (const cell of protectedCells) {
          const other = alternativeTable(table, out, cell);
          expect({ cell, uncertain: provesUncertain(table, out, cell, other) }).toEqual({
            cell,
            uncertain: true,
          });
        }
      }),
      { numRuns: 200 },
    );
  });
});
