import { contentTypeOf } from './content-type.ts';
import { headerValue, parseMessage } from './message.ts';
import { leafParts } from './mime-parts.ts';
import { decodedText } from './transfer-decoding.ts';

/** What the headers and structure of one e-mail say about it (see docs/demo-data.md). */
export interface EmailMetadata {
  /** A `text/html` part anywhere, or an HTML message. */
  html: boolean;
  /** The top-level Content-Type is `multipart/*`. */
  multipart: boolean;
  /** List-Id, List-Unsubscribe, Mailing-List or List-Post is present. */
  mailingList: boolean;
  /** Lowercased domain of the From: address; null when there is none. */
  senderDomain: string | null;
  /** Year of the Date: field; null when absent, unreadable or outside 1900-2099. */
  year: number | null;
  /** Characters of the whole message, headers included. */
  lengthChars: number;
  /** http(s) URLs in the decoded text parts. */
  links: number;
}

const MAILING_LIST_FIELDS = [
  'list-id',
  'list-unsubscribe',
  'mailing-list',
  'list-post',
];
const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const RFC_DATE =
  /^\s*(?:[A-Za-z]+\s*,\s*)?\d{1,2}\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{2,4})(?=\s|$)/;
const ASCTIME_DATE =
  /^\s*[A-Za-z]{3}\s+([A-Za-z]{3})\s+\d{1,2}\s+[\d:]+\s+(\d{4})(?=\s|$)/;
const URL_PATTERN = /https?:\/\/[^\s<>"')]+/gi;

export function emailMetadata(text: string): EmailMetadata {
  const message = parseMessage(text);
  const leaves = leafParts(message);
  const textLeaves = leaves.filter((leaf) => leaf.mediaType.startsWith('text/'));
  const links = textLeaves.reduce(
    (sum, leaf) => sum + (decodedText(leaf).match(URL_PATTERN)?.length ?? 0),
    0,
  );

  return {
    html: leaves.some((leaf) => leaf.mediaType === 'text/html'),
    multipart: contentTypeOf(message).mediaType.startsWith('multipart/'),
    mailingList: MAILING_LIST_FIELDS.some((field) => message.headers.has(field)),
    senderDomain: senderDomain(headerValue(message, 'from')),
    year: yearOfDate(headerValue(message, 'date')),
    lengthChars: text.length,
    links,
  };
}

/** The lowercased domain of the address in a From: value, `<...>` first. */
export function senderDomain(from: string | undefined): string | null {
  if (from === undefined) return null;

  const angled = [...from.matchAll(/<([^<>]*@[^<>]*)>/g)].map(
    (match) => match[1] ?? '',
  );
  const bare = from.match(/[^\s<>()"',;:]+@[^\s<>()"',;:]+/)?.[0];
  const address = angled.at(-1) ?? bare;
  const domain = address
    ?.slice(address.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();

  return domain === undefined || domain === '' ? null : domain.replace(/\.+$/, '');
}

/**
 * The year of an RFC 5322 date (or an asctime-style one). Two-digit years
 * follow RFC 5322 section 4.3: 00-49 -> 20xx, 50-99 -> 19xx; three digits add 1900.
 */
export function yearOfDate(date: string | undefined): number | null {
  if (date === undefined) return null;

  const match = RFC_DATE.exec(date) ?? ASCTIME_DATE.exec(date);
  const month = match?.[1]?.toLowerCase();
  const digits = match?.[2];
  if (month === undefined || digits === undefined || !MONTHS.includes(month))
    return null;

  const year = fullYear(digits);
  return year >= 1900 && year <= 2099 ? year : null;
}

function fullYear(digits: string): number {
  const value = Number.parseInt(digits, 10);
  if (digits.length === 2) return value < 50 ? 2000 + value : 1900 + value;
  if (digits.length === 3) return 1900 + value;

  return value;
}
