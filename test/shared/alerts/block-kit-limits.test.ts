import { describe, expect, it } from 'vitest';
import { checkBlockKitLimits } from '../../../shared/alerts/block-kit-limits.ts';

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const header = (text: string) => ({
  type: 'header',
  text: { type: 'plain_text', text },
});
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });

describe('Function: checkBlockKitLimits', () => {
  it('finds nothing wrong with a message within every limit', () => {
    const message = {
      text: 'summary',
      blocks: [
        header('h'.repeat(150)),
        section('s'.repeat(3_000)),
        { type: 'section', fields: Array.from({ length: 10 }, () => mrkdwn('f')) },
        { type: 'context', elements: [mrkdwn('c')] },
        { type: 'divider' },
        ...Array.from({ length: 45 }, () => section('more')),
      ],
    };

    expect(checkBlockKitLimits(message)).toEqual([]);
  });

  it('names each limit broken, with its path and size', () => {
    const message = {
      text: ' ',
      blocks: [
        header('h'.repeat(151)),
        section('s'.repeat(3_001)),
        { type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) },
        section(''),
        { type: 'header', text: mrkdwn('header in mrkdwn') },
        { type: 'section' },
        { type: 'image' },
        ...Array.from({ length: 44 }, () => section('more')),
      ],
    };

    expect(checkBlockKitLimits(message)).toEqual([
      'text: empty text, Slack rejects it',
      'blocks: 51 blocks, at most 50',
      'blocks[0].text.text: 151 characters, at most 150',
      'blocks[1].text.text: 3001 characters, at most 3000',
      'blocks[2].fields: 11 fields, at most 10',
      'blocks[3].text.text: empty text, Slack rejects it',
      'blocks[4].text.type: expected plain_text, got "mrkdwn"',
      'blocks[5]: a section needs text or fields, got neither',
      'blocks[6].type: expected header, section, context or divider, got "image"',
    ]);
  });

  it('requires a top-level text and a list of blocks', () => {
    expect(checkBlockKitLimits({ blocks: [] })).toEqual([
      'text: expected a string, got undefined',
    ]);
    expect(checkBlockKitLimits({ text: 'x' })).toEqual([
      'blocks: expected an array, got undefined',
    ]);
    expect(checkBlockKitLimits('x')).toEqual([
      'message: expected an object, got string',
    ]);
  });
});
