// Size budgets (DESIGN.md section 8), measured on the widget's ESM build as a browser fetches it:
// each entry is a chunk together with every chunk it imports statically (they load before it
// runs), minus what was already loaded at that step. Chunk names carry content hashes, so the
// paths are worked out from the build; `pnpm run size` builds first.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = 'packages/widget/dist/esm';
const files = readdirSync(dist).filter((name) => name.endsWith('.js'));

function chunk(prefix) {
  const found = files.filter((name) => name.startsWith(`${prefix}-`) || name === `${prefix}.js`);
  if (found.length !== 1) {
    throw new Error(`.size-limit.js: expected one ${prefix} chunk in ${dist}, found ${found}`);
  }
  return found[0];
}

/** A chunk and the chunks it imports statically, transitively. */
function closure(name, into = new Set()) {
  if (into.has(name)) {
    return into;
  }
  into.add(name);
  const code = readFileSync(join(dist, name), 'utf8');
  for (const [, next] of code.matchAll(
    /\bimport\s*(?:[\w$\s{},*]+from\s*)?["']\.\/([\w.-]+\.js)["']/g,
  )) {
    closure(next, into);
  }
  return into;
}

function paths(names, without = new Set()) {
  return [...names].filter((name) => !without.has(name)).map((name) => join(dist, name));
}

const launcher = closure(chunk('index'));
const panel = closure(chunk('panel'));
const api = closure(chunk('api'));
const opened = new Set([...launcher, ...panel]);
const withClient = new Set([...opened, ...api]);
const tickets = new Set([
  ...closure(chunk('tickets-view')),
  ...closure(chunk('ticket-detail-view')),
]);

export default [
  {
    name: 'launcher (what the host page loads before the button shows)',
    path: paths(launcher),
    brotli: true,
    limit: '3 KB',
  },
  {
    name: 'panel as opened: shell and documentation tab, French (DESIGN.md budget 30 KB)',
    path: paths(panel, launcher),
    brotli: true,
    limit: '30 KB',
  },
  {
    // Not in DESIGN.md's table: reported so the panel's figure cannot hide it.
    name: 'API client (ky, zod/mini, contract), fetched with the panel, needed for server data',
    path: paths(api, opened),
    brotli: true,
    limit: '26 KB',
  },
  {
    name: 'Nouvelle demande: what the form tab adds (fetched in idle time once the panel is open)',
    path: paths(closure(chunk('new-ticket-view')), withClient),
    brotli: true,
    limit: '16 KB',
  },
  {
    name: 'Mes demandes: what the list and detail add (fetched in idle time once the panel is open)',
    path: paths(tickets, withClient),
    brotli: true,
    limit: '16 KB',
  },
  {
    name: 'unread check after page load (only where someone followed tickets before)',
    path: paths(closure(chunk('unread-check')), launcher),
    brotli: true,
    limit: '1 KB',
  },
  {
    name: 'English strings, loaded only when the locale is en',
    path: files.filter((n) => /^(en|text-en)-/.test(n)).map((n) => join(dist, n)),
    brotli: true,
    limit: '6 KB',
  },
  {
    name: 'Spanish strings, loaded only when the locale is es',
    path: files.filter((n) => /^(es|text-es)-/.test(n)).map((n) => join(dist, n)),
    brotli: true,
    limit: '7 KB',
  },
];
