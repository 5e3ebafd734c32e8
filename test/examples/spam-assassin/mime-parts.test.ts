import { describe, expect, it } from 'vitest';
import { contentTypeOf } from '../../../examples/spam-assassin/content-type.ts';
import { parseMessage } from '../../../examples/spam-assassin/message.ts';
import {
  leafParts,
  splitMultipart,
} from '../../../examples/spam-assassin/mime-parts.ts';

const NESTED = [
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  'preamble',
  '--outer',
  'Content-Type: multipart/alternative;',
  '\tboundary=inner',
  '',
  '--inner',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'plain text',
  '--inner',
  'Content-Type: text/html',
  'Content-Transfer-Encoding: Quoted-Printable',
  '',
  '<p>html</p>',
  '--inner--',
  '--outer',
  'Content-Type: message/rfc822',
  '',
  'Subject: forwarded',
  '',
  'forwarded body',
  '--outer',
  'Content-Type: image/gif; name="a b.gif"',
  'Content-Transfer-Encoding: base64',
  '',
  'R0lGODlh',
  '--outer--',
  'epilogue',
].join('\n');

describe('Function: contentTypeOf', () => {
  it('lowercases the media type and unquotes parameters, folded or not', () => {
    const message = parseMessage(
      'Content-Type: Text/HTML;\n charset="ISO-8859-1"; a=b\n\n',
    );

    expect(contentTypeOf(message)).toEqual({
      mediaType: 'text/html',
      params: { charset: 'ISO-8859-1', a: 'b' },
    });
  });

  it('keeps a semicolon inside a quoted parameter', () => {
    const message = parseMessage('Content-Type: multipart/mixed; boundary="a;b"\n\n');

    expect(contentTypeOf(message).params.boundary).toBe('a;b');
  });

  it('defaults to text/plain when the field is absent or has no subtype', () => {
    expect(contentTypeOf(parseMessage('Subject: x\n\n')).mediaType).toBe('text/plain');
    expect(contentTypeOf(parseMessage('Content-Type: text\n\n')).mediaType).toBe(
      'text/plain',
    );
  });
});

describe('Function: leafParts', () => {
  it('walks nested multiparts and opens message/rfc822 parts in document order', () => {
    const leaves = leafParts(parseMessage(NESTED));

    expect(
      leaves.map((leaf) => [leaf.mediaType, leaf.transferEncoding, leaf.body]),
    ).toEqual([
      ['text/plain', '7bit', 'plain text'],
      ['text/html', 'quoted-printable', '<p>html</p>'],
      ['text/plain', '7bit', 'forwarded body'],
      ['image/gif', 'base64', 'R0lGODlh'],
    ]);
    expect(leaves[3]?.params).toEqual({ name: 'a b.gif' });
  });

  it('reads a multipart without a boundary as one text/plain leaf', () => {
    const leaves = leafParts(
      parseMessage('Content-Type: multipart/mixed\n\njust text'),
    );

    expect(leaves).toEqual([
      {
        mediaType: 'text/plain',
        params: {},
        transferEncoding: '7bit',
        body: 'just text',
      },
    ]);
  });
});

describe('Function: splitMultipart', () => {
  it('keeps a final part that has no closing delimiter', () => {
    expect(splitMultipart('pre\n--b\none\n--b\ntwo\nlast', 'b')).toEqual([
      'one',
      'two\nlast',
    ]);
  });

  it('returns no part when the boundary never occurs', () => {
    expect(splitMultipart('no delimiters here', 'b')).toEqual([]);
  });
});
