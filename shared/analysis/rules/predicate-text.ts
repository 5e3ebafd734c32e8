import type { RulePredicate } from './types.ts';

/**
 * A predicate in words, from the field's own name: "html", "not html",
 * "lengthChars > 5000", "senderDomain = example.com", "listId missing".
 */
export function predicateText(predicate: RulePredicate): string {
  const { field, op, value } = predicate;
  if (value === null) {
    return `${field} missing`;
  }
  if (typeof value === 'boolean') {
    return value ? field : `not ${field}`;
  }

  return `${field} ${op} ${value}`;
}

/** A conjunction in words: the predicates joined by "and". */
export function ruleText(predicates: readonly RulePredicate[]): string {
  return predicates.map(predicateText).join(' and ');
}
