import { describe, expect, it } from 'vitest';
import { loadCorpusEmail } from '../../../examples/spam-assassin/corpus.ts';
import {
  emailMetadata,
  senderDomain,
  yearOfDate,
} from '../../../examples/spam-assassin/metadata.ts';

/*
 * Reference values for the real corpus messages were read independently with
 * Python 3's email package (message_from_string, walk, get_content_type,
 * get_payload(decode=True), email.utils.parseaddr) and len() of the text.
 */
describe('Function: emailMetadata on corpus messages', () => {
  it('reads a plain mailing-list message (easy-ham-1/00001)', async () => {
    const email = await loadCorpusEmail('easy-ham-1/00001');

    expect(emailMetadata(email.text)).toEqual({
      html: false,
      multipart: false,
      mailingList: true,
      senderDomain: 'munnari.oz.au',
      year: 2002,
      lengthChars: 5216,
      links: 1,
    });
  });

  it('reads a multipart/alternative newsletter with quoted-printable HTML (hard-ham-1/00008)', async () => {
    const email = await loadCorpusEmail('hard-ham-1/00008');

    expect(emailMetadata(email.text)).toEqual({
      html: true,
      multipart: true,
      mailingList: false,
      senderDomain: 'lindows.com',
      year: 2002,
      lengthChars: 23547,
      links: 40,
    });
  });

  it('reads a single-part HTML message (hard-ham-1/00007)', async () => {
    const email = await loadCorpusEmail('hard-ham-1/00007');

    expect(emailMetadata(email.text)).toMatchObject({
      html: true,
      multipart: false,
      senderDomain: 'xmr3.com',
      lengthChars: 10849,
      links: 15,
    });
  });

  it('gives a null year for the Y2K-broken date "22 Aug 0102" (spam-1/00023)', async () => {
    const email = await loadCorpusEmail('spam-1/00023');

    expect(emailMetadata(email.text)).toMatchObject({
      html: true,
      multipart: true,
      senderDomain: 'mail.com',
      year: null,
      links: 2,
    });
  });

  it('gives a null sender domain for an empty From: address (spam-2/00030)', async () => {
    const email = await loadCorpusEmail('spam-2/00030');

    expect(emailMetadata(email.text)).toMatchObject({ senderDomain: null, year: 2001 });
  });
});

describe('Function: senderDomain', () => {
  it('prefers the angle-bracket address and lowercases its domain', () => {
    expect(senderDomain(' "a@decoy.com" <Kre@Munnari.OZ.AU>')).toBe('munnari.oz.au');
  });

  it('reads a bare address and an address followed by a comment', () => {
    expect(senderDomain('adam@xent.com (Adam Rifkin)')).toBe('xent.com');
  });

  it('returns null without an address or without the field', () => {
    expect(senderDomain('"creditors will give you money!"')).toBeNull();
    expect(senderDomain(undefined)).toBeNull();
  });
});

describe('Function: yearOfDate', () => {
  it('reads RFC 5322 dates with and without the day of week', () => {
    expect(yearOfDate('Thu, 22 Aug 2002 18:26:25 +0700')).toBe(2002);
    expect(yearOfDate('15 May 2002 20:34:36 -0700')).toBe(2002);
  });

  it('maps two-digit years 00-49 to 20xx and 50-99 to 19xx (RFC 5322 4.3)', () => {
    expect(yearOfDate('27 Jun 01 3:36:25 AM')).toBe(2001);
    expect(yearOfDate('Sat, 21 Sep 99 05:01:06 Greenwich Standard Time')).toBe(1999);
  });

  it('reads an asctime-style date', () => {
    expect(yearOfDate('Thu Aug 22 12:36:23 2002')).toBe(2002);
  });

  it('returns null for a missing, unreadable or implausible date', () => {
    expect(yearOfDate(undefined)).toBeNull();
    expect(yearOfDate('yesterday')).toBeNull();
    expect(yearOfDate('Thu, 22 Foo 2002 12:00:00')).toBeNull();
    expect(yearOfDate('Thu, 22 Aug 0102 12:07:35 +0800')).toBeNull();
  });
});
