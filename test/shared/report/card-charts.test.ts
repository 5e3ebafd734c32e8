import { describe, expect, it } from 'vitest';
import { cardCharts } from '../../../shared/report/card-charts.ts';
import type { ReportAggressor } from '../../../shared/report/types.ts';
import { largeRun } from './large-run.ts';

type Rows = { values: Array<{ group: string }> };

const LARGE = largeRun(20_000, 1, 100);
const AGGRESSOR = LARGE.aggressors[0] as ReportAggressor;

describe('Function: cardCharts, loss against the most telling field', () => {
  it('caps the scatter and says how many of how many samples it shows', () => {
    const { lossByField } = cardCharts(AGGRESSOR, LARGE.samples, 1);
    const rows = (lossByField?.data as Rows).values;

    expect(rows).toHaveLength(1500);
    expect(lossByField?.title).toEqual({
      text: 'loss against lines',
      subtitle: [
        'the most telling field',
        '1,500 of 20,000 samples shown (seeded): all 100 inside, 1,400 of 19,900 outside',
      ],
    });
  });

  it('keeps every member of a small aggressor in the subsample', () => {
    const { lossByField } = cardCharts(AGGRESSOR, LARGE.samples, 1);
    const inside = (lossByField?.data as Rows).values.filter(
      (r) => r.group === 'inside',
    );

    expect(inside).toHaveLength(100);
  });

  it('says nothing of sampling when every sample is drawn', () => {
    const small = largeRun(1000, 1, 100);
    const aggressor = small.aggressors[0] as ReportAggressor;
    const { lossByField } = cardCharts(aggressor, small.samples, 1);

    expect((lossByField?.data as Rows).values).toHaveLength(1000);
    expect(lossByField?.title).toEqual({
      text: 'loss against lines',
      subtitle: ['the most telling field'],
    });
  });

  it('draws the same points for the same seed', () => {
    expect(cardCharts(AGGRESSOR, LARGE.samples, 3)).toEqual(
      cardCharts(AGGRESSOR, LARGE.samples, 3),
    );
  });
});
