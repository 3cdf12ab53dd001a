import { fillOf, type ChartSeries } from './chart-series';

const MARGIN = { top: 8, right: 16, bottom: 8, left: 8 };
/** Room under the columns for the groups' names, beside the bars for the values. */
const AXIS_TEXT = 30;
const TEXT = { fill: '#1b1b1b', fontSize: 14 };
const AXIS = '#565c65';
const GRID = '#dfe1e2';
const BAR_GAP = 2;
/** The share of each group's band left empty on each side. */
const BAND_PADDING = 0.1;

/** Round steps (1, 2, 2.5 or 5 × 10ⁿ) from 0 (or the lowest value) to above the highest. */
export function valueTicks(min: number, max: number, count: number): number[] {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  if (hi === lo) return [0];
  const raw = (hi - lo) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.floor(lo / step) * step; t < hi + step; t += step) {
    ticks.push(Math.round(t * 1e6) / 1e6);
    if (t >= hi) break;
  }
  return ticks;
}

/** About how wide a label is drawn at 14 px (for spacing the groups' names). */
const textWidth = (s: string) => s.length * 7.5;

/** A label broken at spaces into lines that fit `width` (a long word keeps its own line). */
export function wrapLabel(label: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of label.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && textWidth(`${last} ${word}`) <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * The drawing of BarChartFigure: plain SVG, columns (or, on a narrow screen, horizontal bars one
 * group per line), a value axis with round steps and grid lines, each bar filled with its series'
 * colour or pattern and carrying its series, group and value (data-series, data-group,
 * data-value).
 */
export default function BarChartPlot({
  id,
  width,
  height,
  narrow,
  data,
  series,
  tick,
  categoryWidth,
  valueWidth,
}: {
  id: string;
  width: number;
  height: number;
  narrow: boolean;
  data: Record<string, string | number>[];
  series: ChartSeries[];
  tick: (n: number) => string;
  categoryWidth: number;
  valueWidth: number;
}) {
  const values = data.flatMap((d) => series.map((s) => Number(d[s.key]) || 0));
  const ticks = valueTicks(Math.min(0, ...values), Math.max(0, ...values), narrow ? 4 : 5);
  const lo = ticks[0];
  const hi = ticks[ticks.length - 1];
  const span = hi - lo || 1;

  // The value axis runs along `valueFrom`…`valueTo`, the groups along `bandFrom`…`bandTo`.
  const left = MARGIN.left + (narrow ? categoryWidth : valueWidth);
  const right = width - MARGIN.right;
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom - AXIS_TEXT;
  const [valueFrom, valueTo] = narrow ? [left, right] : [bottom, top];
  const [bandFrom, bandTo] = narrow ? [top, bottom] : [left, right];
  const at = (v: number) => valueFrom + ((v - lo) / span) * (valueTo - valueFrom);
  const band = (bandTo - bandFrom) / Math.max(1, data.length);
  const inner = band * (1 - 2 * BAND_PADDING);
  const barSize = Math.max(1, (inner - BAR_GAP * (series.length - 1)) / series.length);
  // Columns: name every k-th group so that the names never overlap.
  const widest = Math.max(...data.map((d) => textWidth(String(d.label))), 1);
  const every = narrow ? 1 : Math.max(1, Math.ceil((widest + 4) / band));

  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      className="console-chart__svg"
      aria-hidden="true"
      focusable="false"
    >
      {ticks.map((t) => {
        const p = at(t);
        return (
          <g key={t}>
            {narrow ? (
              <line x1={p} x2={p} y1={top} y2={bottom} stroke={GRID} />
            ) : (
              <line x1={left} x2={right} y1={p} y2={p} stroke={GRID} />
            )}
            {narrow ? (
              <text x={p} y={bottom + 20} textAnchor="middle" {...TEXT}>
                {tick(t)}
              </text>
            ) : (
              <text x={left - 6} y={p} dy="0.35em" textAnchor="end" {...TEXT}>
                {tick(t)}
              </text>
            )}
          </g>
        );
      })}
      {data.map((d, i) => {
        const start = bandFrom + i * band;
        const middle = start + band / 2;
        return (
          <g key={String(d.group)}>
            {series.map((s, k) => {
              const value = Number(d[s.key]) || 0;
              const from = Math.min(at(0), at(value));
              const size = Math.abs(at(value) - at(0));
              const offset = start + band * BAND_PADDING + k * (barSize + BAR_GAP);
              const box = narrow
                ? { x: from, y: offset, width: size, height: barSize }
                : { x: offset, y: from, width: barSize, height: size };
              return (
                <rect
                  key={s.key}
                  {...box}
                  fill={fillOf(id, s)}
                  stroke={s.color}
                  strokeWidth={1}
                  className="console-chart__bar"
                  data-series={s.key}
                  data-group={d.group}
                  data-value={d[s.key]}
                />
              );
            })}
            {narrow ? (
              <NarrowLabel label={String(d.label)} x={left - 6} y={middle} width={categoryWidth} />
            ) : (
              i % every === 0 && (
                <text x={middle} y={bottom + 20} textAnchor="middle" {...TEXT}>
                  {d.label}
                </text>
              )
            )}
          </g>
        );
      })}
      {/* The axes: the value axis at zero across the groups, and the line the groups stand on. */}
      {narrow ? (
        <>
          <line x1={at(0)} x2={at(0)} y1={top} y2={bottom} stroke={AXIS} />
          <line x1={left} x2={right} y1={bottom} y2={bottom} stroke={AXIS} />
        </>
      ) : (
        <>
          <line x1={left} x2={right} y1={at(0)} y2={at(0)} stroke={AXIS} />
          <line x1={left} x2={left} y1={top} y2={bottom} stroke={AXIS} />
        </>
      )}
    </svg>
  );
}

/** A group's name beside its bars, on as many lines as it needs, centred on the group. */
function NarrowLabel({
  label,
  x,
  y,
  width,
}: {
  label: string;
  x: number;
  y: number;
  width: number;
}) {
  const lines = wrapLabel(label, width - 6);
  const first = -((lines.length - 1) * 1.1) / 2 + 0.35;
  return (
    <text x={x} y={y} textAnchor="end" {...TEXT}>
      {lines.map((line, i) => (
        <tspan key={i} x={x} dy={`${i === 0 ? first : 1.1}em`}>
          {line}
        </tspan>
      ))}
    </text>
  );
}
