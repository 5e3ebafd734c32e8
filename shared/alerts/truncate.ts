/**
 * Fitting text into a character limit: whole lines are kept and the rest is
 * summarised ("… and 12 more lines"); a single line too long for the limit
 * is cut at a word boundary and ends with "…".
 */

export const ELLIPSIS = '…';

/** A line that does not fit whole is cut to fill the room left when this much is left. */
const MIN_CUT_CHARS = 80;

export function truncateLines(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 0;

  for (const [index, line] of lines.entries()) {
    const separator = kept.length > 0 ? 1 : 0;
    const note = noteLine(lines.length - index - 1);
    if (used + separator + line.length + note.length <= maxChars) {
      kept.push(line);
      used += separator + line.length;
      continue;
    }
    const room = maxChars - used - separator - note.length;
    if (room < MIN_CUT_CHARS && kept.length > 0) {
      return kept.join('\n') + noteLine(lines.length - index);
    }
    kept.push(cutLine(line, room));
    return kept.join('\n') + note;
  }

  return kept.join('\n');
}

function noteLine(hidden: number): string {
  return hidden > 0 ? `\n${overflowNote(hidden, 'line')}` : '';
}

/** "… and 12 more lines"; the noun is made plural past one. */
export function overflowNote(hidden: number, noun: string): string {
  return `${ELLIPSIS} and ${hidden} more ${hidden === 1 ? noun : `${noun}s`}`;
}

/**
 * The line cut to at most `maxChars` with a trailing "…": at the last space
 * when there is one in the second half, never inside an HTML entity
 * (`&amp;`), which Slack's escaping puts in text.
 */
export function cutLine(line: string, maxChars: number): string {
  if (line.length <= maxChars) return line;
  if (maxChars <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(maxChars, 0));
  const room = line.slice(0, maxChars - ELLIPSIS.length);
  const space = room.lastIndexOf(' ');
  const cut = space >= room.length / 2 ? room.slice(0, space) : room;

  return cut.replace(/&[a-z]{0,4}$/, '').trimEnd() + ELLIPSIS;
}
