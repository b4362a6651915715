import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

// Where the bytes of a minified chunk come from: each generated character is attributed to the
// source file of the source-map segment covering it, then grouped by package.

const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const digit = new Map([...base64].map((char, index) => [char, index]));

/** Decodes one VLQ segment into its fields (only the second, the source delta, is used). */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const bits = digit.get(char) ?? 0;
    value += (bits & 31) << shift;
    if (bits & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/**
 * The package a source path belongs to: the node_modules name, or the workspace package and its
 * first folder (`@aide/widget panel/`).
 */
export function packageOf(source: string): string {
  const modules = source.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const rest = source.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? source);
  }
  const workspace = /packages\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(source);
  if (workspace) {
    return workspace[2] === undefined
      ? `@aide/${workspace[1]}`
      : `@aide/${workspace[1]} ${workspace[2]}/`;
  }
  return source;
}

/**
 * Minified bytes of `file` per package, largest first, from `file.map`.
 *
 * @example
 * const parts = await composition('dist/esm/panel-abc.js'); // [['zod', 61234], ...]
 */
export async function composition(file: string): Promise<[string, number][]> {
  const code = await readFile(file, 'utf8');
  const map = JSON.parse(await readFile(`${file}.map`, 'utf8')) as {
    sources: string[];
    mappings: string;
  };
  const lines = code.split('\n');
  const totals = new Map<string, number>();
  let source = 0;
  map.mappings.split(';').forEach((line, lineIndex) => {
    const text = lines[lineIndex] ?? '';
    let column = 0;
    let current: string | null = null;
    let from = 0;
    for (const segment of line.split(',')) {
      if (segment === '') {
        continue;
      }
      const fields = decodeSegment(segment);
      column += fields[0] ?? 0;
      if (current !== null) {
        totals.set(current, (totals.get(current) ?? 0) + (column - from));
      }
      if (fields.length >= 4) {
        source += fields[1] ?? 0;
        current = packageOf(resolve(dirname(file), map.sources[source] ?? '?'));
      } else {
        current = '(generated)';
      }
      from = column;
    }
    if (current !== null) {
      totals.set(current, (totals.get(current) ?? 0) + Math.max(0, text.length - from));
    }
  });
  return [...totals].toSorted((a, b) => b[1] - a[1]);
}
