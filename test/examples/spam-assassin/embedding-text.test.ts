import { describe, expect, it } from 'vitest';
import {
  embeddingText,
  htmlToText,
} from '../../../examples/spam-assassin/embedding-text.ts';

describe('Function: embeddingText', () => {
  it('keeps the decoded subject and text parts and leaves out other headers and attachments', () => {
    const text = [
      'From: someone@example.com',
      'Subject: =?iso-8859-1?Q?Caf=E9?= offer',
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'plain words',
      '--b',
      'Content-Type: text/html',
      '',
      '<p>html <b>words</b></p>',
      '--b',
      'Content-Type: application/octet-stream',
      '',
      'binary attachment',
      '--b--',
    ].join('\n');

    const words = embeddingText(text).split(/\s+/).filter(Boolean);

    expect(words).toEqual(['Café', 'offer', 'plain', 'words', 'html', 'words']);
  });
});

describe('Function: htmlToText', () => {
  it('drops tags, comments, scripts, styles and entities', () => {
    const html =
      '<style>p{color:red}</style><!-- hidden --><p>Buy&nbsp;now</p><script>x=1</script>';

    expect(htmlToText(html).split(/\s+/).filter(Boolean)).toEqual(['Buy', 'now']);
  });
});
