/**
 * Slack's Block Kit limits, checked on a message as it will be posted
 * (https://api.slack.com/reference/block-kit/blocks). Used by the message
 * builder's tests and by the demo's check of the local sink.
 */

export const BLOCK_KIT_LIMITS = {
  blocks: 50,
  headerChars: 150,
  sectionTextChars: 3_000,
  sectionFields: 10,
  fieldChars: 2_000,
  contextElements: 10,
  /** Slack truncates a message's top-level text past this. */
  messageTextChars: 40_000,
} as const;

type Json = Record<string, unknown>;

/**
 * Every way the message breaks a limit or a rule, each naming the path and
 * the value's size: `blocks[3].text.text: 3012 characters, at most 3000`.
 * An empty list means the message is within Slack's limits.
 */
export function checkBlockKitLimits(message: unknown): string[] {
  if (!isObject(message))
    return [`message: expected an object, got ${typeName(message)}`];
  const problems = checkText(message.text, 'text', BLOCK_KIT_LIMITS.messageTextChars);
  if (!Array.isArray(message.blocks)) {
    return [...problems, `blocks: expected an array, got ${typeName(message.blocks)}`];
  }
  if (message.blocks.length > BLOCK_KIT_LIMITS.blocks) {
    problems.push(
      `blocks: ${message.blocks.length} blocks, at most ${BLOCK_KIT_LIMITS.blocks}`,
    );
  }

  message.blocks.forEach((block, index) => {
    problems.push(...checkBlock(block, `blocks[${index}]`));
  });

  return problems;
}

function checkBlock(block: unknown, path: string): string[] {
  if (!isObject(block)) return [`${path}: expected an object, got ${typeName(block)}`];

  switch (block.type) {
    case 'header':
      return checkTextObject(block.text, `${path}.text`, BLOCK_KIT_LIMITS.headerChars, [
        'plain_text',
      ]);
    case 'section':
      return checkSection(block, path);
    case 'context':
      return checkContext(block, path);
    case 'divider':
      return [];
    default:
      return [
        `${path}.type: expected header, section, context or divider, got ${JSON.stringify(block.type)}`,
      ];
  }
}

function checkSection(block: Json, path: string): string[] {
  if (block.text === undefined && block.fields === undefined) {
    return [`${path}: a section needs text or fields, got neither`];
  }
  const problems =
    block.text === undefined
      ? []
      : checkTextObject(block.text, `${path}.text`, BLOCK_KIT_LIMITS.sectionTextChars);
  if (block.fields === undefined) return problems;
  if (!Array.isArray(block.fields)) {
    return [
      ...problems,
      `${path}.fields: expected an array, got ${typeName(block.fields)}`,
    ];
  }
  if (block.fields.length > BLOCK_KIT_LIMITS.sectionFields) {
    problems.push(
      `${path}.fields: ${block.fields.length} fields, at most ${BLOCK_KIT_LIMITS.sectionFields}`,
    );
  }

  block.fields.forEach((field, i) => {
    problems.push(
      ...checkTextObject(field, `${path}.fields[${i}]`, BLOCK_KIT_LIMITS.fieldChars),
    );
  });

  return problems;
}

function checkContext(block: Json, path: string): string[] {
  const { elements } = block;
  if (!Array.isArray(elements) || elements.length === 0) {
    return [
      `${path}.elements: expected 1 to ${BLOCK_KIT_LIMITS.contextElements} elements, got ${typeName(elements)}`,
    ];
  }
  const problems =
    elements.length > BLOCK_KIT_LIMITS.contextElements
      ? [
          `${path}.elements: ${elements.length} elements, at most ${BLOCK_KIT_LIMITS.contextElements}`,
        ]
      : [];

  elements.forEach((element, i) => {
    problems.push(
      ...checkTextObject(
        element,
        `${path}.elements[${i}]`,
        BLOCK_KIT_LIMITS.sectionTextChars,
      ),
    );
  });

  return problems;
}

function checkTextObject(
  value: unknown,
  path: string,
  maxChars: number,
  types: readonly string[] = ['plain_text', 'mrkdwn'],
): string[] {
  if (!isObject(value))
    return [`${path}: expected a text object, got ${typeName(value)}`];
  const problems = types.includes(value.type as string)
    ? []
    : [
        `${path}.type: expected ${types.join(' or ')}, got ${JSON.stringify(value.type)}`,
      ];

  return [...problems, ...checkText(value.text, `${path}.text`, maxChars)];
}

function checkText(value: unknown, path: string, maxChars: number): string[] {
  if (typeof value !== 'string')
    return [`${path}: expected a string, got ${typeName(value)}`];
  if (value.trim() === '') return [`${path}: empty text, Slack rejects it`];
  if (value.length > maxChars) {
    return [`${path}: ${value.length} characters, at most ${maxChars}`];
  }

  return [];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return value === null ? 'null' : typeof value;
}
