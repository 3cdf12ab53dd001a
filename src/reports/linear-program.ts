/**
 * A small linear-program solver for the follow-up report's suppression audit: maximize c·x
 * subject to A x = b and x ≥ 0, by the two-phase simplex method with Bland's rule (no cycling
 * on the many degenerate vertices a table of counts has).
 *
 * The tables it is given are sums of counts: every constraint row is the indicator of a set of
 * cells, and the sets come from two laminar families (each table row's nested totals, and the
 * totals row's), so A is totally unimodular. Every basis then has determinant ±1: pivots are ±1,
 * the tableau stays integral, floating point is exact, and every vertex — every solution this
 * returns — is a table of whole counts. `integral` in the answer says whether that held (the
 * callers check it rather than trust it).
 */
export type LpResult =
  | { status: 'optimal'; value: number; x: number[]; integral: boolean }
  | { status: 'unbounded' }
  | { status: 'infeasible' };

const EPS = 1e-9;

export function maximize(A: number[][], b: number[], c: number[]): LpResult {
  const n = c.length;
  // Rows with b < 0 are negated so that the artificial basis starts feasible.
  let rows = A.map((row, i) => (b[i] < 0 ? row.map((v) => -v) : [...row]));
  let rhs = b.map((v) => Math.abs(v));
  const m = rows.length;
  if (rows.some((r) => r.length !== n))
    throw new RangeError('every row needs one entry per variable');

  // Phase 1: x and one artificial per row; maximize −Σ artificials.
  const width = n + m;
  let T = rows.map((row, i) => {
    const t = new Array<number>(width + 1).fill(0);
    for (let j = 0; j < n; j++) t[j] = row[j];
    t[n + i] = 1;
    t[width] = rhs[i];
    return t;
  });
  let basis = rows.map((_, i) => n + i);
  const phase1Cost = new Array<number>(width).fill(0).map((_, j) => (j >= n ? -1 : 0));
  let obj = objectiveRow(T, basis, phase1Cost, width);
  if (run(T, obj, basis, width) === 'unbounded') throw new Error('phase 1 cannot be unbounded');
  if (obj[width] < -EPS) return { status: 'infeasible' };

  // Drive the artificials left in the basis (at zero) out; a row with no other entry is redundant.
  const keep: number[] = [];
  for (let i = 0; i < T.length; i++) {
    if (basis[i] < n) {
      keep.push(i);
      continue;
    }
    const j = T[i].findIndex((v, k) => k < n && Math.abs(v) > EPS);
    if (j >= 0) {
      pivot(T, obj, i, j, width);
      basis[i] = j;
      keep.push(i);
    }
  }
  T = keep.map((i) => [...T[i].slice(0, n), T[i][width]]);
  basis = keep.map((i) => basis[i]);
  rows = [];
  rhs = [];

  // Phase 2: the real objective over x only.
  obj = objectiveRow(T, basis, c, n);
  if (run(T, obj, basis, n) === 'unbounded') return { status: 'unbounded' };
  const x = new Array<number>(n).fill(0);
  basis.forEach((j, i) => (x[j] = T[i][n]));
  const integral = x.every((v) => Math.abs(v - Math.round(v)) < EPS);
  return {
    status: 'optimal',
    value: obj[n],
    x: integral ? x.map((v) => Math.round(v) + 0) : x,
    integral,
  };
}

/** z_j − c_j for every column, and the objective's value in the last entry. */
function objectiveRow(T: number[][], basis: number[], cost: number[], width: number): number[] {
  const obj = new Array<number>(width + 1).fill(0);
  for (let j = 0; j < width; j++) obj[j] = -cost[j];
  T.forEach((row, i) => {
    const cb = cost[basis[i]];
    if (cb !== 0) for (let j = 0; j <= width; j++) obj[j] += cb * row[j];
  });
  return obj;
}

/** Simplex iterations with Bland's rule: the lowest-index improving column, ties by lowest basis index. */
function run(
  T: number[][],
  obj: number[],
  basis: number[],
  width: number,
): 'optimal' | 'unbounded' {
  for (;;) {
    let enter = -1;
    for (let j = 0; j < width; j++) {
      if (obj[j] < -EPS) {
        enter = j;
        break;
      }
    }
    if (enter < 0) return 'optimal';
    let leave = -1;
    let best = Infinity;
    for (let i = 0; i < T.length; i++) {
      const a = T[i][enter];
      if (a <= EPS) continue;
      const ratio = T[i][width] / a;
      if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && basis[i] < basis[leave])) {
        best = ratio;
        leave = i;
      }
    }
    if (leave < 0) return 'unbounded';
    pivot(T, obj, leave, enter, width);
    basis[leave] = enter;
  }
}

function pivot(T: number[][], obj: number[], r: number, c: number, width: number): void {
  const p = T[r][c];
  const row = T[r];
  for (let j = 0; j <= width; j++) row[j] /= p;
  const eliminate = (target: number[]) => {
    const f = target[c];
    if (f === 0) return;
    for (let j = 0; j <= width; j++) target[j] -= f * row[j];
  };
  for (let i = 0; i < T.length; i++) if (i !== r) eliminate(T[i]);
  eliminate(obj);
}
