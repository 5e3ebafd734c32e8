import { headerValue } from './message.ts';
import type { ParsedMessage } from './message.ts';

export interface ContentType {
  /** Lowercased `type/subtype`; `text/plain` when the field is absent (RFC 2045). */
  mediaType: string;
  /** Lowercased parameter names -> values with quotes removed. */
  params: Record<string, string>;
}

const DEFAULT_CONTENT_TYPE: ContentType = { mediaType: 'text/plain', params: {} };

/** The message's Content-Type, read leniently. */
export function contentTypeOf(message: ParsedMessage): ContentType {
  const raw = headerValue(message, 'content-type');
  if (raw === undefined || raw === '') return DEFAULT_CONTENT_TYPE;

  const [head = '', ...rest] = splitParams(raw);
  const mediaType = head.trim().toLowerCase();
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    params[name] = unquote(part.slice(eq + 1).trim());
  }

  return { mediaType: mediaType.includes('/') ? mediaType : 'text/plain', params };
}

/** Splits on `;` outside double quotes. */
function splitParams(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of value) {
    if (char === '"') quoted = !quoted;
    if (char === ';' && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);

  return parts;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }

  return value;
}
