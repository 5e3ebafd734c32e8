import { describe, expect, it } from 'vitest';

import type { SliceResult } from '../../../bench/quality/run-setting.ts';
import { summarize } from '../../../bench/quality/summary.ts';
import { formatTable } from '../../../bench/quality/table.ts';

const scored: SliceResult = {
  kind: 'rare',
  strength: 0.4,
  seed: 1,
  field: 'senderDomain',
  slice: 'senderDomain = a.com',
  size: 30,
  took: { sliceErrorRate: 0.4, restErrorRate: 0.05, took: true },
  scores: {
    all: { precisionAt10: 0.9, precisionAt25: 0.6, auroc: 0.95, aggressorRank: 1 },
    blind: { precisionAt10: 0.5, precisionAt25: 0.4, auroc: 0.8, aggressorRank: 2 },
    baseline: { precisionAt10: 0.1, precisionAt25: 0.04, auroc: 0.6, aggressorRank: 3 },
  },
  candidates: { all: 2, blind: 2, baseline: 5 },
  k: 9,
  oracle: { precisionAt10: 0.9, precisionAt25: 0.5 },
};

describe('Function: formatTable', () => {
  it('prints one row per method, pass and kind with the figures of each', () => {
    const lines = formatTable(summarize([scored])).split('\n');

    expect(lines).toHaveLength(1 + 3 * 4);
    expect(lines[0]).toMatch(/^method\s+metadata\s+kind\s+slices\s+found\s+P@10/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^aggressors\s+all\s+rare\s+1\s+100 %\s+0\.900\s+0\.600\s+0\.950$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^aggressors\s+hidden\s+overall\s+1\s+0 %\s+0\.500\s+0\.400\s+0\.800$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^k-means\+loss\s+unused\s+correlation\s+0\s+-\s+-\s+-\s+-$/,
      ),
    );
  });
});
