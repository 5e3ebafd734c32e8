/**
 * A sample's input as the report shows it: a thumbnail for an inline image
 * (`data:image/…;base64,…`, or one the report embedded from the stack's
 * bucket, with its address), a snippet for text (an e-mail's subject and
 * body, its other headers left out), the address of anything
 * stored elsewhere (never fetched: the report stays self-contained).
 */
import { escapeHtml } from './escape.ts';

const INLINE_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
const STORED = /^(s3|https?):\/\//;

export function sampleContentHtml(input: unknown, snippetLength: number): string {
  const text = inputText(input);
  if (text === null) return '<span class="muted">no input kept</span>';
  if (INLINE_IMAGE.test(text)) {
    const from = storedAt(input);
    const title = from === null ? '' : ` title="${escapeHtml(from)}"`;
    const img = `<img class="thumb" alt="sample input"${title} src="${escapeHtml(text)}">`;
    return from === null
      ? img
      : `${img} <code class="muted">${escapeHtml(from)}</code>`;
  }
  if (STORED.test(text)) {
    return `<span class="muted">stored at</span> <code>${escapeHtml(text)}</code>`;
  }

  return `<span class="snippet">${escapeHtml(snippet(readable(text), snippetLength))}</span>`;
}

const HEADER_START = /^(From |[A-Za-z][\w-]*:[ \t])/;

/** An e-mail (headers, a blank line, a body) reads best as its subject and body. */
export function readable(text: string): string {
  const end = text.search(/\r?\n\r?\n/);
  if (end < 0 || !HEADER_START.test(text)) return text;
  const subject = /^Subject:[ \t]*(.*)$/im.exec(text.slice(0, end))?.[1]?.trim();
  const body = text.slice(end).trim();

  return subject ? `Subject: ${subject} — ${body}` : body;
}

/** Where an embedded image came from (`{ image, uri }`, shared/report/thumbnails.ts). */
function storedAt(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return null;
  const uri = (input as Record<string, unknown>).uri;

  return typeof uri === 'string' && STORED.test(uri) ? uri : null;
}

/** The text, image or address in an input; objects are read at `text`, `image`, `uri`, else shown as JSON. */
function inputText(input: unknown): string | null {
  if (input === undefined || input === null) return null;
  if (typeof input === 'string') return input;
  if (typeof input === 'object' && !Array.isArray(input)) {
    const fields = input as Record<string, unknown>;
    for (const name of ['text', 'image', 'uri']) {
      if (typeof fields[name] === 'string') return fields[name];
    }
  }

  return JSON.stringify(input);
}

/** Whitespace runs collapsed, cut at a word boundary near `length`, with an ellipsis. */
export function snippet(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length);
  const space = cut.lastIndexOf(' ');

  return `${space > length * 0.6 ? cut.slice(0, space) : cut}…`;
}
