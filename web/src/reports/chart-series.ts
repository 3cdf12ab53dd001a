/** A bar chart's series and rows, and how each series is filled (read by the chart and its lazily loaded plot). */

export type Pattern = 'solid' | 'stripes' | 'dots' | 'cross';

export interface ChartSeries {
  key: string;
  label: string;
  /** Against white: #1a4480 9.6:1, #c05600 4.6:1, #54278f 10:1, #1c5a2b 7.9:1. */
  color: string;
  pattern: Pattern;
}

export interface ChartRow {
  /** The group as the API names it (program code, YYYY-MM…): data-group of each bar. */
  group: string;
  /** What people read on the axis. */
  label: string;
  values: Record<string, number>;
}

/** Colours and patterns in the order series use them. */
export const SERIES_LOOKS: { color: string; pattern: Pattern }[] = [
  { color: '#1a4480', pattern: 'solid' },
  { color: '#c05600', pattern: 'stripes' },
  { color: '#54278f', pattern: 'dots' },
  { color: '#1c5a2b', pattern: 'cross' },
];

export const patternId = (chartId: string, key: string) => `${chartId}-pattern-${key}`;

export function fillOf(chartId: string, s: ChartSeries): string {
  return s.pattern === 'solid' ? s.color : `url(#${patternId(chartId, s.key)})`;
}
