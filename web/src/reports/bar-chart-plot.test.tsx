import { render } from '@testing-library/react';
import BarChartPlot, { valueTicks, wrapLabel } from './bar-chart-plot';
import { SERIES_LOOKS, type ChartSeries } from './chart-series';

const SERIES: ChartSeries[] = [
  { key: 'a', label: 'A', ...SERIES_LOOKS[0] },
  { key: 'b', label: 'B', ...SERIES_LOOKS[1] },
];
const DATA = [
  { group: 'G1', label: 'First', a: 100, b: 50 },
  { group: 'G2', label: 'Second', a: 0, b: 200 },
];

function bars(container: HTMLElement) {
  return [...container.querySelectorAll('rect.console-chart__bar')].map((r) => ({
    series: r.getAttribute('data-series'),
    group: r.getAttribute('data-group'),
    value: Number(r.getAttribute('data-value')),
    width: Number(r.getAttribute('width')),
    height: Number(r.getAttribute('height')),
  }));
}

describe('BarChartPlot', () => {
  it.each([false, true])(
    'draws one bar per group and series, sized by its value (narrow %s)',
    (narrow) => {
      const { container } = render(
        <BarChartPlot
          id="c"
          width={600}
          height={320}
          narrow={narrow}
          data={DATA}
          series={SERIES}
          tick={String}
          categoryWidth={80}
          valueWidth={48}
        />,
      );
      const drawn = bars(container);
      expect(drawn.map((b) => [b.group, b.series, b.value])).toEqual([
        ['G1', 'a', 100],
        ['G1', 'b', 50],
        ['G2', 'a', 0],
        ['G2', 'b', 200],
      ]);
      const size = (b: (typeof drawn)[number]) => (narrow ? b.width : b.height);
      expect(size(drawn[1]) * 2).toBeCloseTo(size(drawn[0]), 5);
      expect(size(drawn[0]) * 2).toBeCloseTo(size(drawn[3]), 5);
      expect(size(drawn[2])).toBe(0);
      // The groups' names and the axis' round steps are written out.
      const text = container.textContent ?? '';
      for (const t of ['First', 'Second', '0', '200']) expect(text).toContain(t);
    },
  );

  it('steps the value axis in round numbers from zero past the highest value', () => {
    expect(valueTicks(0, 200, 5)).toEqual([0, 50, 100, 150, 200]);
    expect(valueTicks(0, 7_890, 5)).toEqual([0, 2_000, 4_000, 6_000, 8_000]);
    expect(valueTicks(0, 0, 5)).toEqual([0]);
  });

  it('breaks a long group name into lines that fit', () => {
    expect(wrapLabel('No method (fees, waivers)', 120)).toEqual(['No method (fees,', 'waivers)']);
    expect(wrapLabel('Card', 120)).toEqual(['Card']);
  });
});
