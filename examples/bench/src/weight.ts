import { readdir, readFile } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// Section 1: bytes as shipped, then gzip (level 9) and brotli (quality 11) with node:zlib.

export interface Weight {
  label: string;
  files: string[];
  minified: number;
  gzip: number;
  brotli: number;
}

/** Sizes of the files together (compressed one by one, as a browser fetches them). */
export async function weigh(label: string, paths: readonly string[]): Promise<Weight> {
  let minified = 0;
  let gzip = 0;
  let brotli = 0;
  for (const path of paths) {
    const bytes = await readFile(path);
    minified += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length;
  }
  return {
    label,
    files: paths.map((path) => path.split('/').at(-1) ?? path),
    minified,
    gzip,
    brotli,
  };
}

/** The lazily loaded chunks of the ESM build: every .js file but the entry. */
export async function lazyChunks(directory: string): Promise<string[]> {
  const names = await readdir(directory);
  return names
    .filter((name) => name.endsWith('.js') && name !== 'index.js')
    .toSorted()
    .map((name) => `${directory}${name}`);
}

/**
 * A chunk and every chunk it imports statically, transitively: what must arrive before it runs
 * (the same rule as the root .size-limit.js).
 */
export async function staticClosure(directory: string, name: string): Promise<Set<string>> {
  const found = new Set<string>();
  const visit = async (file: string): Promise<void> => {
    if (found.has(file)) {
      return;
    }
    found.add(file);
    const code = await readFile(`${directory}${file}`, 'utf8');
    for (const [, next] of code.matchAll(
      /\bimport\s*(?:[\w$\s{},*]+from\s*)?["']\.\/([\w.-]+\.js)["']/g,
    )) {
      if (next !== undefined) {
        await visit(next);
      }
    }
  };
  await visit(name);
  return found;
}
