import { useLayoutEffect, useRef, useState } from 'react';
import { formatCents } from '../api/money';
import BarChartPlot from './bar-chart-plot';
import { fillOf, patternId, type ChartRow, type ChartSeries } from './chart-series';

/**
 * A bar chart that is never the only way to read its numbers: it always sits with a table of
 * the same figures (its text alternative, which the chart's label points to). Each series has a
 * colour with at least 3:1 contrast against white AND its own fill pattern, named in a legend,
 * so colour never carries the meaning alone. Narrow screens get horizontal bars, one group per
 * line, so the chart stays readable at 390 px.
 */

export {
  fillOf,
  SERIES_LOOKS,
  type ChartRow,
  type ChartSeries,
  type Pattern,
} from './chart-series';

function PatternDefs({ chartId, series }: { chartId: string; series: ChartSeries[] }) {
  return (
    <svg width="0" height="0" className="console-chart__defs" aria-hidden="true" focusable="false">
      <defs>
        {series
          .filter((s) => s.pattern !== 'solid')
          .map((s) => (
            <pattern
              key={s.key}
              id={patternId(chartId, s.key)}
              width="6"
              height="6"
              patternUnits="userSpaceOnUse"
              patternTransform={s.pattern === 'stripes' ? 'rotate(45)' : undefined}
            >
              <rect width="6" height="6" fill={s.color} />
              {s.pattern === 'stripes' && <rect x="0" y="0" width="2" height="6" fill="#fff" />}
              {s.pattern === 'dots' && <circle cx="3" cy="3" r="1.3" fill="#fff" />}
              {s.pattern === 'cross' && (
                <path d="M0 0L6 6M6 0L0 6" stroke="#fff" strokeWidth="1.2" />
              )}
            </pattern>
          ))}
      </defs>
    </svg>
  );
}

function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  // Measured before the first paint: the figure keeps its height from the start, so the table
  // under it never moves when the chart is drawn.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

export function axisMoney(cents: number): string {
  return formatCents(cents).replace(/\.00$/, '');
}

export function BarChartFigure({
  id,
  title,
  tableName,
  rows,
  series,
  format,
}: {
  id: string;
  title: string;
  /** The caption of the table that holds the same numbers. */
  tableName: string;
  rows: ChartRow[];
  series: ChartSeries[];
  format: 'money' | 'count';
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const narrow = width > 0 && width < 600;
  const tick = format === 'money' ? axisMoney : (n: number) => n.toLocaleString('en-US');
  const data = rows.map((r) => ({ group: r.group, label: r.label, ...r.values }));
  const bandHeight = series.length * 16 + 20;
  const height = narrow ? Math.max(160, rows.length * bandHeight + 50) : 320;
  const longestLabel = Math.max(...rows.map((r) => r.label.length), 4);
  const categoryWidth = Math.min(140, Math.max(60, longestLabel * 8));
  const valueWidth = format === 'money' ? 84 : 48;

  return (
    <figure className="console-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="console-chart__title">
        {title}
      </figcaption>
      <PatternDefs chartId={id} series={series} />
      {series.length > 1 && (
        <ul className="console-chart__legend" aria-label="Legend">
          {series.map((s) => (
            <li key={s.key}>
              <svg width="28" height="16" aria-hidden="true" focusable="false">
                <rect
                  x="1"
                  y="1"
                  width="26"
                  height="14"
                  fill={fillOf(id, s)}
                  stroke={s.color}
                  strokeWidth="1.5"
                />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <div
        ref={ref}
        id={id}
        className="console-chart__plot"
        role="img"
        aria-label={`Bar chart: ${title}. Every figure is in the table “${tableName}”.`}
        data-chart={JSON.stringify({ series: series.map((s) => s.key), rows: data })}
        data-layout={narrow ? 'horizontal-bars' : 'columns'}
        style={rows.length > 0 ? { minHeight: height } : undefined}
      >
        {width > 0 && rows.length > 0 && (
          <BarChartPlot
            id={id}
            width={width}
            height={height}
            narrow={narrow}
            data={data}
            series={series}
            tick={tick}
            categoryWidth={categoryWidth}
            valueWidth={valueWidth}
          />
        )}
      </div>
    </figure>
  );
}
