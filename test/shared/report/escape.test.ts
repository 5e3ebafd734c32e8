import { describe, expect, it } from 'vitest';
import { escapeHtml, scriptJson } from '../../../shared/report/escape.ts';
import { INJECTION } from './injection.ts';

describe('Function: escapeHtml', () => {
  it('escapes the five characters that can open markup or leave an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('leaves no tag of an injection', () => {
    const escaped = escapeHtml(INJECTION);

    expect(escaped).not.toMatch(/[<>"']/);
  });
});

describe('Function: scriptJson', () => {
  it('writes no "<" so a value cannot close the script element', () => {
    const json = scriptJson({ [INJECTION]: [INJECTION, '<!-- x -->'] });

    expect(json).not.toContain('<');
    expect(json).not.toContain('>');
  });

  it('parses back to the same value', () => {
    const value = { text: INJECTION, amp: 'a & b', separators: 'x\u2028y\u2029z' };

    expect(JSON.parse(scriptJson(value))).toEqual(value);
  });
});
