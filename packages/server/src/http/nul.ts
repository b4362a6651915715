import { hasUnpairedSurrogate } from '@aide/core';

/**
 * Where a parsed JSON body holds a NUL character (U+0000), as a dotted path, or null. No text
 * is stored with one (PostgreSQL cannot hold it, and both engines refuse it alike), so a body
 * carrying one is refused as invalid input, naming the field, instead of failing in the store.
 *
 * @example
 * nulPath({ subject: 'ok', fields: { steps: ['a', 'b\u0000'] } }); // 'fields.steps.1'
 * nulPath({ subject: 'ok' }); // null
 */
export function nulPath(value: unknown): string | null {
  return textPath(value, (text) => text.includes('\0'), []);
}

/**
 * Where a parsed JSON body holds half of a surrogate pair without its other half (JSON carries
 * one as `"\\ud800"`), as a dotted path, or null. Not Unicode text: PostgreSQL refuses it, so it
 * is refused as invalid input like a NUL.
 *
 * @example
 * unpairedSurrogatePath({ subject: 'ok', fields: { steps: ['\uD83D'] } }); // 'fields.steps.0'
 */
export function unpairedSurrogatePath(value: unknown): string | null {
  return textPath(value, hasUnpairedSurrogate, []);
}

function textPath(
  value: unknown,
  bad: (text: string) => boolean,
  path: readonly string[],
): string | null {
  if (typeof value === 'string') {
    return bad(value) ? path.join('.') : null;
  }
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = [...path, key];
    if (bad(key)) {
      return at.join('.');
    }
    const found = textPath(item, bad, at);
    if (found !== null) {
      return found;
    }
  }
  return null;
}
