import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { strictCsp } from '@aide/example-demo';
import { type HostUser, signAideToken } from '@aide/example-saas-host/backend';
import { parseConfig, startServer } from '@aide/server';
import { openStore } from '@aide/server/store';

// What the XSS suite runs against: the real server in this process (one tenant per batch of
// payloads, since docs links come from the tenant's configuration), the widget's one-file
// build made from the current sources into a folder of its own, and the script-tag example
// page served as the demo serves it, under the demo's own strict Content-Security-Policy.

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

/** A docs link of the tenant configuration (GET /v1/config). */
export interface XssDocLink {
  title: string;
  url: string;
}

/** One tenant of the run: its docs links are where the docs-title payloads go. */
export interface XssTenant {
  id: string;
  docs: XssDocLink[];
}

/** Who a host token is for: the tenant and the claims the host backend would sign. */
export interface XssIdentity {
  tenant: string;
  user: HostUser;
}

export interface XssStack {
  /** The Aide server, e.g. http://127.0.0.1:40123. */
  aideServer: string;
  /** The script-tag page for a user registered with `register`. */
  pageUrl(userKey: string): string;
  /** Lets the page's token endpoint sign tokens for `key` (the page's `?user=`). */
  register(key: string, identity: XssIdentity): void;
  token(identity: XssIdentity): Promise<string>;
  agentKey(tenant: string): string;
  /** Violations the browser sent to the page's report-uri. */
  cspReports(): readonly string[];
  close(): Promise<void>;
}

function tenantSecret(tenant: string): string {
  return `${tenant}-secret-0123456789abcdef`;
}

function agentKeyOf(tenant: string): string {
  return `${tenant}-agent-key-0123456789`;
}

/** Builds the widget's IIFE from the current sources into `outDir` (not the shared dist/). */
async function buildWidget(outDir: string): Promise<string> {
  await run(
    'pnpm',
    ['exec', 'vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
    { cwd: join(repoRoot, 'packages/widget'), env: { ...process.env, AIDE_BUILD: 'iife' } },
  );
  return join(outDir, 'aide.js');
}

/** What the host page's server answers to one request. */
interface Answer {
  status: number;
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

const text = (status: number, body: string): Answer => ({ status, type: 'text/plain', body });

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * Starts the server with `tenants`, builds the widget and serves the script-tag page.
 *
 * @example
 * const stack = await startXssStack([{ id: 'xss-b0', docs: [] }]);
 * stack.register('viewer', { tenant: 'xss-b0', user });
 * await page.goto(stack.pageUrl('viewer'));
 */
export async function startXssStack(tenants: readonly XssTenant[]): Promise<XssStack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aide-xss-'));
  const cleanups: (() => Promise<void>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).toReversed()) {
      await cleanup();
    }
  };
  try {
    const widgetFile = await buildWidget(join(dataDir, 'iife'));
    const store = await openStore({ sqlitePath: join(dataDir, 'aide.sqlite') });
    cleanups.push(() => store.close());
    const config = parseConfig({
      port: 0,
      host: '127.0.0.1',
      data_dir: dataDir,
      // Thousands of seeding calls in seconds: rate limits have their own suite.
      limits: { user_per_minute: 10_000_000, tenant_per_minute: 10_000_000 },
      tenants: tenants.map((tenant) => ({
        id: tenant.id,
        secret: tenantSecret(tenant.id),
        allowed_origins: ['http://127.0.0.1:*'],
        agent_keys: [{ name: 'Support', key: agentKeyOf(tenant.id) }],
        docs: tenant.docs.map((link) => ({ ...link, kind: 'doc' })),
      })),
    });
    const server = await startServer({ config, store });
    cleanups.push(() => server.close());

    const [pageHtml, pageCss, widget] = await Promise.all([
      readFile(join(repoRoot, 'examples/script-tag/index.html'), 'utf8'),
      readFile(join(repoRoot, 'examples/script-tag/page.css')),
      readFile(widgetFile),
    ]);
    const users = new Map<string, XssIdentity>();
    const reports: string[] = [];
    const token = (identity: XssIdentity) =>
      signAideToken(identity.user, {
        tenant: identity.tenant,
        secret: tenantSecret(identity.tenant),
      });

    const answer = async (request: IncomingMessage): Promise<Answer> => {
      const url = new URL(request.url ?? '/', 'http://host.local');
      switch (url.pathname) {
        case '/script-tag/': {
          const nonce = randomBytes(18).toString('base64');
          return {
            status: 200,
            type: 'text/html; charset=utf-8',
            body: pageHtml.replaceAll('%NONCE%', nonce).replaceAll('%AIDE_SERVER%', server.url),
            headers: { 'Content-Security-Policy': strictCsp(nonce, server.url) },
          };
        }
        case '/script-tag/page.css':
          return { status: 200, type: 'text/css', body: pageCss };
        case '/aide.js':
          return { status: 200, type: 'text/javascript', body: widget };
        case '/api/aide-token': {
          const identity = users.get(url.searchParams.get('user') ?? '');
          return identity === undefined
            ? text(401, 'unknown user')
            : text(200, await token(identity));
        }
        case '/csp-report':
          reports.push(await readBody(request));
          return text(204, '');
        default:
          return text(404, 'not found');
      }
    };
    const host = createServer((request, response: ServerResponse) => {
      void answer(request)
        .catch((error: unknown) => text(500, String(error)))
        .then(({ status, type, body, headers }) => {
          response.writeHead(status, {
            'Content-Type': type,
            'Cache-Control': 'no-store',
            ...headers,
          });
          response.end(body);
        });
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          host.closeAllConnections();
          host.close(() => resolve());
        }),
    );
    const hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;

    return {
      aideServer: server.url,
      pageUrl: (userKey) => `${hostUrl}/script-tag/?user=${encodeURIComponent(userKey)}`,
      register: (key, identity) => users.set(key, identity),
      token,
      agentKey: agentKeyOf,
      cspReports: () => reports,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
