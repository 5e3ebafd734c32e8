import { describe, expect, it } from 'vitest';
import { headerValue, parseMessage } from '../../../examples/spam-assassin/message.ts';

describe('Function: parseMessage', () => {
  it('unfolds continuation lines and keys fields by lowercased name', () => {
    const text = 'Subject: a long\n\tsubject line\nX-Test: one\nx-test: two\n\nbody';

    const message = parseMessage(text);

    expect(message.headers.get('subject')).toEqual([' a long\tsubject line']);
    expect(message.headers.get('x-test')).toEqual([' one', ' two']);
    expect(message.body).toBe('body');
  });

  it('skips an mbox From separator on the first line', () => {
    const text =
      'From someone@example.com  Thu Aug 22 12:36:23 2002\nFrom: a@b.org\n\nhi';

    const message = parseMessage(text);

    expect(headerValue(message, 'From')).toBe('a@b.org');
    expect(message.body).toBe('hi');
  });

  it('reads CRLF and CR line endings like LF', () => {
    const message = parseMessage('Subject: x\r\nTo: y\r\n\r\nline 1\rline 2');

    expect(headerValue(message, 'to')).toBe('y');
    expect(message.body).toBe('line 1\nline 2');
  });

  it('ends the header section at a line that is neither a field nor a continuation', () => {
    const message = parseMessage('Subject: x\nthis is not a header\nmore');

    expect([...message.headers.keys()]).toEqual(['subject']);
    expect(message.body).toBe('this is not a header\nmore');
  });

  it('returns an empty body when there is no empty line', () => {
    const message = parseMessage('Subject: only headers');

    expect(headerValue(message, 'subject')).toBe('only headers');
    expect(message.body).toBe('');
  });

  it('keeps the body intact after the first empty line, empty lines included', () => {
    const message = parseMessage('A: 1\n\n\nB: not a header\n\nend');

    expect(message.headers.has('b')).toBe(false);
    expect(message.body).toBe('\nB: not a header\n\nend');
  });
});
