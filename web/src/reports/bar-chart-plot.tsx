import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from 'recharts';
import { fillOf, type ChartSeries } from './chart-series';

/**
 * The drawing of BarChartFigure (recharts, a large library): loaded apart from the reports, so
 * their tables show while it loads, in the space the figure keeps for it.
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
  const tickStyle = { fill: '#1b1b1b', fontSize: 14 };
  return (
    <BarChart
      width={width}
      height={height}
      data={data}
      layout={narrow ? 'vertical' : 'horizontal'}
      margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
      barGap={2}
      accessibilityLayer={false}
    >
      <CartesianGrid stroke="#dfe1e2" vertical={narrow} horizontal={!narrow} strokeDasharray="0" />
      {narrow ? (
        <>
          <XAxis
            type="number"
            tickFormatter={tick}
            tick={tickStyle}
            stroke="#565c65"
            tickCount={4}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={categoryWidth}
            tick={tickStyle}
            stroke="#565c65"
            interval={0}
          />
        </>
      ) : (
        <>
          <XAxis dataKey="label" tick={tickStyle} stroke="#565c65" minTickGap={4} />
          <YAxis tickFormatter={tick} width={valueWidth} tick={tickStyle} stroke="#565c65" />
        </>
      )}
      {series.map((s) => (
        <Bar
          key={s.key}
          dataKey={s.key}
          name={s.label}
          fill={fillOf(id, s)}
          stroke={s.color}
          isAnimationActive={false}
          shape={(p: any) => (
            <rect
              x={p.x}
              y={p.y}
              width={Math.max(0, p.width ?? 0)}
              height={Math.max(0, p.height ?? 0)}
              fill={fillOf(id, s)}
              stroke={s.color}
              strokeWidth={1}
              className="console-chart__bar"
              data-series={s.key}
              data-group={p.payload?.group}
              data-value={p.payload?.[s.key]}
            />
          )}
        />
      ))}
    </BarChart>
  );
}
