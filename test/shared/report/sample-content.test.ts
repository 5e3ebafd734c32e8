import { describe, expect, it } from 'vitest';
import {
  readable,
  sampleContentHtml,
  snippet,
} from '../../../shared/report/sample-content.ts';
import { INJECTION } from './injection.ts';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

describe('Function: sampleContentHtml', () => {
  it('shows an inline image as a thumbnail', () => {
    expect(sampleContentHtml(PNG, 100)).toBe(
      `<img class="thumb" alt="sample input" src="${PNG}">`,
    );
  });

  it('shows an image inside an input object as a thumbnail', () => {
    expect(sampleContentHtml({ image: PNG }, 100)).toContain('<img class="thumb"');
  });

  it('shows an image embedded from the bucket with the address it came from', () => {
    const html = sampleContentHtml(
      { image: PNG, uri: 's3://b/evaluations/"x".png' },
      100,
    );

    expect(html).toBe(
      `<img class="thumb" alt="sample input" title="s3://b/evaluations/&quot;x&quot;.png" src="${PNG}">` +
        ' <code class="muted">s3://b/evaluations/&quot;x&quot;.png</code>',
    );
  });

  it('shows a data URI that is not a plain base64 image as escaped text', () => {
    const html = sampleContentHtml('data:image/svg+xml,<svg onload=alert(1)>', 100);

    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;svg onload=alert(1)&gt;');
  });

  it('names an input stored elsewhere without fetching it', () => {
    expect(sampleContentHtml('s3://bucket/a.png', 100)).toBe(
      '<span class="muted">stored at</span> <code>s3://bucket/a.png</code>',
    );
  });

  it('escapes an injection in a text input', () => {
    const html = sampleContentHtml(`hello ${INJECTION}`, 1000);

    expect(html).not.toContain('<img');
    expect(html).not.toContain('</script>');
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=');
  });

  it('says when no input was kept', () => {
    expect(sampleContentHtml(undefined, 100)).toBe(
      '<span class="muted">no input kept</span>',
    );
  });
});

describe('Function: snippet', () => {
  it('collapses whitespace runs', () => {
    expect(snippet('Subject: hi\n\n  there\tyou', 100)).toBe('Subject: hi there you');
  });

  it('cuts a long text at a word boundary and marks the cut', () => {
    expect(snippet('alpha beta gamma delta', 12)).toBe('alpha beta…');
  });

  it('cuts mid-word when the last space is early in the cut', () => {
    expect(snippet('a verylongwordwithoutspaces', 12)).toBe('a verylongwo…');
  });
});

describe('Function: readable', () => {
  it('shows an e-mail as its subject and body, without the other headers', () => {
    const mail =
      'From a@b.c Mon\nReceived: x\nSubject:  Cheap pills \nTo: d\n\nBuy now.\n';

    expect(readable(mail)).toBe('Subject: Cheap pills — Buy now.');
  });

  it('shows an e-mail without a subject as its body', () => {
    expect(readable('Received: x\n\nHello there')).toBe('Hello there');
  });

  it('leaves text that does not start with headers as it is', () => {
    expect(readable('Just a sentence.\n\nAnd another.')).toBe(
      'Just a sentence.\n\nAnd another.',
    );
  });
});
