import { headerValue, parseMessage } from './message.ts';
import { leafParts } from './mime-parts.ts';
import { decodeEncodedWords, decodedText } from './transfer-decoding.ts';

const HIDDEN_HTML = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
const HTML_TAG = /<\/?[A-Za-z!][^>]*>/g;
const HTML_ENTITY = /&(?:#\d+|#x[0-9a-f]+|[a-z]+);?/gi;

/**
 * The words of an e-mail that are embedded: the decoded Subject, then the
 * decoded text of every `text/plain` and `text/html` part (HTML without its
 * tags, comments, scripts, styles and entities). Other headers and
 * non-text parts (images, attachments) are left out.
 */
export function embeddingText(text: string): string {
  const message = parseMessage(text);
  const subject = decodeEncodedWords(headerValue(message, 'subject') ?? '');
  const bodies = leafParts(message)
    .filter((leaf) => leaf.mediaType === 'text/plain' || leaf.mediaType === 'text/html')
    .map((leaf) => {
      const decoded = decodedText(leaf);
      return leaf.mediaType === 'text/html' ? htmlToText(decoded) : decoded;
    });

  return [subject, ...bodies].join('\n');
}

export function htmlToText(html: string): string {
  return html
    .replace(HIDDEN_HTML, ' ')
    .replace(HTML_COMMENT, ' ')
    .replace(HTML_TAG, ' ')
    .replace(HTML_ENTITY, ' ');
}
