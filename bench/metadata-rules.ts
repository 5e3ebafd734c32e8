/**
 * How long the analysis's metadata work takes at scale: the table built
 * from stored columns, each aggressor's metadata comparison and rule search,
 * and loss by field, over seeded samples with a few fields of each kind and
 * planted groups. Prints the wall and CPU seconds of each step (no assertion;
 * CPU seconds are the steadier figure on a shared machine).
 *
 *   npx tsx bench/metadata-rules.ts [samples] [groups]
 */
import { performance } from 'node:perf_hooks';
import { metadataTable } from '../shared/analysis/metadata/columns.ts';
import { compareMetadata } from '../shared/analysis/metadata/compare.ts';
import { lossByField } from '../shared/analysis/metadata/loss-by-field.ts';
import { seededRandom } from '../shared/analysis/random.ts';
import { findRule } from '../shared/analysis/rules/search.ts';
import { MetadataColumnsBuilder } from '../shared/columnar/metadata-columns.ts';

const DOMAINS = ['example.com', 'mail.org', 'news.net', 'shop.io', 'list.dev'];

const n = Number(process.argv[2] ?? 1_000_000);
const groupCount = Number(process.argv[3] ?? 8);
const random = seededRandom(1);

function timed<T>(label: string, work: () => T): T {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = work();
  const cpu = process.cpuUsage(cpuStart);
  const wallSeconds = ((performance.now() - start) / 1000).toFixed(2);
  const cpuSeconds = ((cpu.user + cpu.system) / 1e6).toFixed(2);
  console.log(`${label.padEnd(28)} ${wallSeconds} s (cpu ${cpuSeconds} s)`);

  return result;
}

const { columns, groups, losses } = timed('samples as columns', () => {
  const builder = new MetadataColumnsBuilder(n);
  const groupOf = new Int32Array(n);
  const lossOf = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const group = Math.floor(random() * (groupCount * 4));
    groupOf[i] = group;
    const planted = group < groupCount;
    builder.append({
      html: planted ? random() < 0.9 : random() < 0.3,
      lengthChars: Math.round(random() * 10_000) + (planted ? 3_000 : 0),
      year: random() < 0.02 ? null : String(2000 + Math.floor(random() * 20)),
      senderDomain: DOMAINS[(group + Math.floor(random() * 2)) % DOMAINS.length],
      links: Math.floor(random() * 30),
    });
    lossOf[i] = (planted ? 1.5 : 0.5) * random();
  }
  return { columns: builder.finish(), groups: groupOf, losses: lossOf };
});
const ids = Array.from({ length: n }, (_, i) => `s${i}`);
const table = timed('metadata table', () => metadataTable(columns, ids));
const masks = Array.from({ length: groupCount }, (_, g) =>
  Uint8Array.from(groups, (group) => (group === g ? 1 : 0)),
);
timed(`compare (${groupCount} groups)`, () => compareMetadata(table, masks));
timed(`rules (${groupCount} groups)`, () => masks.map((mask) => findRule(table, mask)));
timed('loss by field', () => lossByField(table, losses));
