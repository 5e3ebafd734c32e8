import { describe, expect, it } from 'vitest';
import { cutLine, truncateLines } from '../../../shared/alerts/truncate.ts';

const lines = (count: number, width: number) =>
  Array.from(
    { length: count },
    (_, i) => `${String(i).padStart(3, '0')} ${'x'.repeat(width - 4)}`,
  );

describe('Function: truncateLines', () => {
  it('returns text within the limit unchanged', () => {
    expect(truncateLines('a\nb', 3)).toBe('a\nb');
  });

  it('keeps whole lines and counts the ones left out', () => {
    const text = lines(10, 20).join('\n');

    const out = truncateLines(text, 100);

    expect(out).toBe([...lines(3, 20), '… and 7 more lines'].join('\n'));
    expect(out.length).toBeLessThanOrEqual(100);
  });

  it('says "line" for one line left out', () => {
    const text = lines(2, 60).join('\n');

    expect(truncateLines(text, 100)).toBe(`${lines(1, 60)[0]}\n… and 1 more line`);
  });

  it('cuts a single line too long for the limit at a word boundary', () => {
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');

    const out = truncateLines(words, 300);

    expect(out.length).toBeLessThanOrEqual(300);
    expect(out.endsWith('…')).toBe(true);
    expect(words.startsWith(out.slice(0, -1))).toBe(true);
    expect(out.slice(0, -1)).toMatch(/word\d+$/);
  });

  it('cuts the first line that does not fit when much room is left, keeping the note', () => {
    const text = ['title', 'y '.repeat(5_000), 'tail'].join('\n');

    const out = truncateLines(text, 3_000);

    expect(out.length).toBeLessThanOrEqual(3_000);
    expect(out.startsWith('title\ny y')).toBe(true);
    expect(out.endsWith('…\n… and 1 more line')).toBe(true);
  });
});

describe('Function: cutLine', () => {
  it('never ends inside an HTML entity', () => {
    const line = `${'a'.repeat(9)}&amp;bbbb`;

    expect(cutLine(line, 12)).toBe(`${'a'.repeat(9)}…`);
  });
});
