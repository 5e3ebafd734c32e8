import { describe, expect, it } from 'vitest';
import type { LeafPart } from '../../../examples/spam-assassin/mime-parts.ts';
import {
  decodeEncodedWords,
  decodedText,
} from '../../../examples/spam-assassin/transfer-decoding.ts';

function leaf(body: string, transferEncoding: string, charset?: string): LeafPart {
  const params: Record<string, string> = charset === undefined ? {} : { charset };

  return { mediaType: 'text/plain', params, transferEncoding, body };
}

describe('Function: decodedText', () => {
  it('joins quoted-printable soft line breaks and decodes =XX with the charset', () => {
    const part = leaf('caf=E9 au=\nlait =3D good', 'quoted-printable', 'iso-8859-1');

    expect(decodedText(part)).toBe('café aulait = good');
  });

  it('decodes base64 across line breaks as UTF-8 by default', () => {
    const encoded = Buffer.from('héllo wörld', 'utf8').toString('base64');
    const folded = `${encoded.slice(0, 8)}\n${encoded.slice(8)}`;

    expect(decodedText(leaf(folded, 'base64'))).toBe('héllo wörld');
  });

  it('falls back to UTF-8 for a charset the runtime does not know', () => {
    expect(decodedText(leaf('abc=21', 'quoted-printable', 'x-unknown-charset'))).toBe(
      'abc!',
    );
  });

  it('returns 7bit and 8bit bodies unchanged', () => {
    expect(decodedText(leaf('a =3D b', '8bit'))).toBe('a =3D b');
  });
});

describe('Function: decodeEncodedWords', () => {
  it('decodes B and Q words and drops the whitespace between adjacent words', () => {
    const value = 'Re: =?utf-8?B?Y2Fmw6k=?= =?ISO-8859-1?Q?_au_lait?= now';

    expect(decodeEncodedWords(value)).toBe('Re: café au lait now');
  });

  it('leaves text without encoded words as it is', () => {
    expect(decodeEncodedWords('plain subject')).toBe('plain subject');
  });
});
