/**
 * A small, lenient reader of RFC 5322 messages: a header section (folded
 * lines unfolded, names case-insensitive), an empty line, then the body.
 */

export interface ParsedMessage {
  /** Lowercased field name -> unfolded values, in the order they appear. */
  headers: Map<string, string[]>;
  /** Everything after the first empty line, with `\n` line endings. */
  body: string;
}

const FIELD_LINE = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:(.*)$/;
const MBOX_SEPARATOR = /^From /;

/**
 * Splits a message into headers and body. Line endings are normalized to `\n`;
 * an mbox `From ` separator on the first line is skipped; a line that is
 * neither a field nor a continuation ends the header section and starts the body.
 */
export function parseMessage(text: string): ParsedMessage {
  const lines = normalizeLineEndings(text).split('\n');
  const headers = new Map<string, string[]>();
  let index = lines.length > 0 && MBOX_SEPARATOR.test(lines[0] ?? '') ? 1 : 0;
  let current: { name: string; value: string } | undefined;

  for (; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line === '') {
      index += 1;
      break;
    }
    if ((line.startsWith(' ') || line.startsWith('\t')) && current !== undefined) {
      current.value += line;
      continue;
    }
    const match = FIELD_LINE.exec(line);
    if (match === null) break;
    if (current !== undefined) addField(headers, current);
    current = { name: (match[1] ?? '').toLowerCase(), value: match[2] ?? '' };
  }
  if (current !== undefined) addField(headers, current);

  return { headers, body: lines.slice(index).join('\n') };
}

/** The first value of a field, trimmed; undefined when the field is absent. */
export function headerValue(message: ParsedMessage, name: string): string | undefined {
  return message.headers.get(name.toLowerCase())?.[0]?.trim();
}

export function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function addField(
  headers: Map<string, string[]>,
  field: { name: string; value: string },
) {
  const values = headers.get(field.name) ?? [];
  values.push(field.value);
  headers.set(field.name, values);
}
