import { maximize } from './linear-program';

/**
 * Small-cell suppression of the follow-up report (PRODUCT.md "Follow-up after exit").
 *
 * THE MODEL. Each row of the report (a program and exit status) is a group of people who exited,
 * and each of them is in exactly one of five categories, by their latest result for the check:
 *
 *   s  NEW_CHARGE_SIMILAR      o  NEW_CHARGE_OTHER      n  NO_NEW_CHARGE
 *   u  UNABLE_TO_CHECK         k  no result yet (not yet checked, or not yet due)
 *
 * The report prints five counts per row, each a sum of categories, and a totals row that is the
 * sum of the rows, field by field:
 *
 *   exits = s + o + n + u + k    checked = s + o + n    unableToCheck = u
 *   newChargeSimilar = s         newChargeOther = o
 *
 * n and k are never printed, so within a row nothing is an exact sum of printed numbers: checked
 * ≥ newChargeSimilar + newChargeOther and exits ≥ checked + unableToCheck. But they are not
 * secret either: whenever checked, newChargeSimilar and newChargeOther are printed, n is their
 * difference, and k likewise from exits, checked and unableToCheck. And an unprinted n or k that
 * is known to be 0 turns an inequality into an equation: if the totals row shows that nobody is
 * left unchecked (k = 0 in total, hence in every row), every row's unableToCheck is exits −
 * checked. So the reader's knowledge is the whole linear system — every printed number is an
 * equation over the 5 × rows unknown counts, every count is a whole number ≥ 0 — and a count is
 * disclosed when that system leaves it only one possible value.
 *
 * THE RULE. (1) A printed count from 1 to 9 is suppressed (null). (2) Complementary suppression:
 * as long as a suppressed count, or an unprinted category (n, k of a row or of the totals) whose
 * value is from 1 to 9, has only one possible value given everything printed, the smallest
 * non-zero printed count in its row or its column (totals row included) is suppressed too —
 * preferring one that makes it uncertain — until no such count is left. Zeros are used only when
 * nothing else is left: a suppressed 0 next to a row that is all accounted for protects nothing.
 *
 * THE CHECK. Whether a count has one possible value is decided exactly: it is the minimum and the
 * maximum of a linear program (the printed numbers as equations, every category ≥ 0). The
 * constraint matrix is totally unimodular (see linear-program.ts), so the extremes are attained
 * by whole-number tables, and every whole value between them is possible too: a count whose
 * minimum and maximum differ can be told apart from at least one other table that prints exactly
 * the same report. `alternativeTable` returns such a table, which the tests check with plain
 * arithmetic.
 *
 * What it does not protect against: comparing two reports whose exit ranges differ by a few days
 * (differencing), or knowledge from outside the report. Rates are printed only when both their
 * counts are.
 */

/** The true counts of one group, by category (see the model above). */
export interface FollowUpCells {
  similar: number;
  other: number;
  noNewCharge: number;
  unable: number;
  notChecked: number;
}

export const SHOWN_FIELDS = [
  'exits',
  'checked',
  'unableToCheck',
  'newChargeSimilar',
  'newChargeOther',
] as const;
export type ShownField = (typeof SHOWN_FIELDS)[number];

/** Categories no report column prints, but a reader may work out. */
export const HIDDEN_FIELDS = ['noNewCharge', 'notChecked'] as const;
export type HiddenField = (typeof HIDDEN_FIELDS)[number];
type Field = ShownField | HiddenField;

export type ShownCounts = Record<ShownField, number | null> & { suppressed: ShownField[] };

export interface SuppressedTable {
  rows: ShownCounts[];
  totals: ShownCounts;
}

/** A cell of the table: a row (rows.length is the totals row) and a field. */
export interface Cell {
  row: number;
  field: Field;
}

const CATEGORIES = ['similar', 'other', 'noNewCharge', 'unable', 'notChecked'] as const;
type Category = (typeof CATEGORIES)[number];

/** Which categories each field sums. */
const FIELD_CATEGORIES: Record<Field, readonly Category[]> = {
  exits: CATEGORIES,
  checked: ['similar', 'other', 'noNewCharge'],
  unableToCheck: ['unable'],
  newChargeSimilar: ['similar'],
  newChargeOther: ['other'],
  noNewCharge: ['noNewCharge'],
  notChecked: ['notChecked'],
};

const isSmall = (v: number) => v >= 1 && v <= 9;

/** The value of a field of row `row` (or of the totals row) in a table of categories. */
export function valueOf(table: FollowUpCells[], cell: Cell): number {
  const rows = cell.row === table.length ? table : [table[cell.row]];
  let sum = 0;
  for (const r of rows) for (const c of FIELD_CATEGORIES[cell.field]) sum += r[c];
  return sum;
}

/** The printed fields of a group (or of the totals), before suppression. */
export function countsOf(table: FollowUpCells[], row: number): Record<ShownField, number> {
  return Object.fromEntries(
    SHOWN_FIELDS.map((f) => [f, valueOf(table, { row, field: f })]),
  ) as Record<ShownField, number>;
}

const key = (c: Cell) => `${c.row}:${c.field}`;

/**
 * The linear system a reader of the report has: one unknown per row and category, one equation
 * per printed count.
 */
class ReaderSystem {
  readonly nVars: number;

  constructor(
    private readonly table: FollowUpCells[],
    private readonly suppressed: ReadonlySet<string>,
  ) {
    this.nVars = table.length * CATEGORIES.length;
  }

  /** The coefficients of a cell's value over the unknowns. */
  form(cell: Cell): number[] {
    const f = new Array<number>(this.nVars).fill(0);
    const rows = cell.row === this.table.length ? this.table.map((_, i) => i) : [cell.row];
    for (const r of rows)
      for (const c of FIELD_CATEGORIES[cell.field])
        f[r * CATEGORIES.length + CATEGORIES.indexOf(c)] = 1;
    return f;
  }

  private cached?: { A: number[][]; b: number[] };

  equations(): { A: number[][]; b: number[] } {
    if (this.cached) return this.cached;
    const A: number[][] = [];
    const b: number[] = [];
    for (let row = 0; row <= this.table.length; row++) {
      for (const field of SHOWN_FIELDS) {
        const cell = { row, field };
        if (this.suppressed.has(key(cell))) continue;
        A.push(this.form(cell));
        b.push(valueOf(this.table, cell));
      }
    }
    this.cached = { A, b };
    return this.cached;
  }

  private reducedSystem?: { free: number[]; fixed: number[]; A: number[][]; b: number[] };

  /**
   * The equations with what they settle on their own taken out: a printed count of 0 makes
   * every category it sums 0, and an equation with one unknown left gives it its value (what a
   * reader would do first). The linear program then runs on the rest only.
   */
  private reduced() {
    if (this.reducedSystem) return this.reducedSystem;
    const { A, b } = this.equations();
    const fixed = new Array<number>(this.nVars).fill(NaN);
    for (let changed = true; changed;) {
      changed = false;
      A.forEach((row, i) => {
        let rest = b[i];
        const open: number[] = [];
        row.forEach((a, j) => {
          if (a === 0) return;
          if (Number.isNaN(fixed[j])) open.push(j);
          else rest -= fixed[j];
        });
        if (open.length === 0) return;
        if (rest === 0) open.forEach((j) => (fixed[j] = 0));
        else if (open.length === 1) fixed[open[0]] = rest;
        else return;
        changed = true;
      });
    }
    const free = fixed.flatMap((v, j) => (Number.isNaN(v) ? [j] : []));
    const rowsLeft: number[][] = [];
    const rhs: number[] = [];
    A.forEach((row, i) => {
      if (!free.some((j) => row[j] !== 0)) return;
      rowsLeft.push(free.map((j) => row[j]));
      rhs.push(
        b[i] - row.reduce((sum, a, j) => (Number.isNaN(fixed[j]) ? sum : sum + a * fixed[j]), 0),
      );
    });
    this.reducedSystem = { free, fixed, A: rowsLeft, b: rhs };
    return this.reducedSystem;
  }

  /** maximize c·x over the tables that print the same report; x over every unknown. */
  private solve(
    c: number[],
    extra?: { form: number[]; value: number },
  ): { value: number; x: number[] } | 'unbounded' | 'infeasible' {
    const { free, fixed, A, b } = this.reduced();
    const constant = c.reduce(
      (sum, a, j) => (Number.isNaN(fixed[j]) ? sum : sum + a * fixed[j]),
      0,
    );
    const rowsOf = [...A];
    const rhs = [...b];
    if (extra) {
      rowsOf.push(free.map((j) => extra.form[j]));
      rhs.push(
        extra.value -
          extra.form.reduce((sum, a, j) => (Number.isNaN(fixed[j]) ? sum : sum + a * fixed[j]), 0),
      );
    }
    const r = maximize(
      rowsOf,
      rhs,
      free.map((j) => c[j]),
    );
    if (r.status !== 'optimal') return r.status;
    if (!r.integral)
      throw new Error('a vertex of a table of counts is not whole: the model is wrong');
    const x = [...fixed];
    free.forEach((j, i) => (x[j] = r.x[i]));
    return { value: r.value + constant, x };
  }

  /** A table that prints the same report and gives `cell` its largest (or smallest) value. */
  extreme(cell: Cell, direction: 'max' | 'min'): { value: number; x: number[] } | 'unbounded' {
    const form = this.form(cell);
    const r = this.solve(direction === 'max' ? form : form.map((v) => -v));
    if (r === 'infeasible') throw new Error('the printed counts contradict themselves');
    if (r === 'unbounded') return r;
    return { value: direction === 'max' ? r.value : -r.value, x: r.x };
  }

  /** A table that prints the same report and gives `cell` the value `value`, if there is one. */
  withValue(cell: Cell, value: number): number[] | null {
    const r = this.solve(new Array<number>(this.nVars).fill(0), { form: this.form(cell), value });
    return typeof r === 'string' ? null : r.x;
  }

  /** Whether the printed counts leave `cell` one possible value. */
  determined(cell: Cell): boolean {
    const truth = valueOf(this.table, cell);
    const hi = this.extreme(cell, 'max');
    if (hi === 'unbounded' || hi.value > truth) return false;
    const lo = this.extreme(cell, 'min');
    return lo !== 'unbounded' && lo.value >= truth;
  }
}

/** Suppressed printed counts and small unprinted ones: what must not have one possible value. */
function mustProtect(table: FollowUpCells[], suppressed: ReadonlySet<string>): Cell[] {
  const out: Cell[] = [];
  for (let row = 0; row <= table.length; row++) {
    for (const field of SHOWN_FIELDS)
      if (suppressed.has(key({ row, field }))) out.push({ row, field });
    for (const field of HIDDEN_FIELDS)
      if (isSmall(valueOf(table, { row, field }))) out.push({ row, field });
  }
  return out;
}

/** Printed counts in the same row or the same column (the totals row included) as `cell`. */
function neighbours(table: FollowUpCells[], cell: Cell): Cell[] {
  const out: Cell[] = SHOWN_FIELDS.map((field) => ({ row: cell.row, field }));
  if ((SHOWN_FIELDS as readonly string[]).includes(cell.field))
    for (let row = 0; row <= table.length; row++)
      if (row !== cell.row) out.push({ row, field: cell.field });
  return out;
}

/**
 * The report's printed counts of `table` (one entry per group) and of its totals, with small
 * counts and what would disclose them suppressed (the rule above). Pure and deterministic: the
 * same table always gives the same suppression.
 */
export function suppressFollowUpTable(table: FollowUpCells[]): SuppressedTable {
  for (const r of table)
    for (const c of CATEGORIES)
      if (!Number.isSafeInteger(r[c]) || r[c] < 0) throw new RangeError(`${c} must be a count`);
  const suppressed = new Set<string>();
  const order: Cell[] = [];
  for (let row = 0; row <= table.length; row++)
    for (const field of SHOWN_FIELDS) order.push({ row, field });
  for (const cell of order) if (isSmall(valueOf(table, cell))) suppressed.add(key(cell));

  // Suppressing more only widens what a reader can imagine: a count once uncertain stays so.
  const uncertain = new Set<string>();
  for (;;) {
    const system = new ReaderSystem(table, suppressed);
    const exposed = mustProtect(table, suppressed).find((cell) => {
      if (uncertain.has(key(cell))) return false;
      if (system.determined(cell)) return true;
      uncertain.add(key(cell));
      return false;
    });
    if (!exposed) break;
    const rank = (c: Cell) => {
      const v = valueOf(table, c);
      return [v === 0 ? 1 : 0, v, order.findIndex((o) => key(o) === key(c))];
    };
    const byRank = (a: Cell, b: Cell) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    };
    let candidates = neighbours(table, exposed).filter((c) => !suppressed.has(key(c)));
    if (candidates.length === 0) candidates = order.filter((c) => !suppressed.has(key(c)));
    candidates.sort(byRank);
    // The smallest that leaves the exposed count uncertain on its own, else simply the smallest.
    const enough = candidates.find(
      (c) => !new ReaderSystem(table, new Set([...suppressed, key(c)])).determined(exposed),
    );
    suppressed.add(key(enough ?? candidates[0]));
  }

  const shown = (row: number): ShownCounts => {
    const counts = countsOf(table, row);
    const fields = SHOWN_FIELDS.filter((f) => suppressed.has(key({ row, field: f })));
    return {
      ...(Object.fromEntries(
        SHOWN_FIELDS.map((f) => [f, fields.includes(f) ? null : counts[f]]),
      ) as Record<ShownField, number | null>),
      suppressed: fields,
    };
  };
  return { rows: table.map((_, i) => shown(i)), totals: shown(table.length) };
}

/**
 * A table of whole counts, other than `table`, that prints exactly `printed` and gives `cell` a
 * different value — proof that a reader cannot tell which it is — or null when there is none
 * (the printed counts determine the cell). Rows of categories, like the input.
 */
export function alternativeTable(
  table: FollowUpCells[],
  printed: SuppressedTable,
  cell: Cell,
): FollowUpCells[] | null {
  const suppressed = new Set<string>();
  [...printed.rows, printed.totals].forEach((r, row) =>
    r.suppressed.forEach((field) => suppressed.add(key({ row, field }))),
  );
  const system = new ReaderSystem(table, suppressed);
  const truth = valueOf(table, cell);
  const asTable = (x: number[]): FollowUpCells[] =>
    table.map(
      (_, r) =>
        Object.fromEntries(
          CATEGORIES.map((c, i) => [c, x[r * CATEGORIES.length + i]]),
        ) as unknown as FollowUpCells,
    );
  for (const direction of ['max', 'min'] as const) {
    const e = system.extreme(cell, direction);
    // Nothing printed bounds it from above: one more is possible.
    const x =
      e === 'unbounded' ? system.withValue(cell, truth + 1) : e.value !== truth ? e.x : null;
    if (x) return asTable(x);
  }
  return null;
}
