/** A path into a JSON value, as zod and jsonc-parser give it. */
export type FieldPath = ReadonlyArray<string | number | symbol>;

/** `['metadata', 'year']` -> `metadata.year`; `['scores', 1]` -> `scores[1]`. */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }

  return text;
}
