import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { findDemoUser, pickLocale, signAideToken } from '@aide/example-saas-host/backend';
import type { ViteDevServer } from 'vite';
import type { ReceivedMail } from './smtp-inbox';

// The demo's second web server: the plain-HTML examples (script tag under a strict CSP, hostile
// CSS) with the widget's one-file build, their token endpoint, a CSP report collector, the
// e-mail inbox page, and the agent console (a Vite app mounted under /agent/).

const examplesDir = fileURLToPath(new URL('../../', import.meta.url));
const iifeDir = fileURLToPath(new URL('../../../packages/widget/dist/iife/', import.meta.url));

/** A CSP violation as a browser reports it (report-uri format), kept for the tests. */
export interface CspReport {
  page: string;
  directive: string;
  blocked: string;
  sample: string;
}

export interface Hub {
  url: string;
  cspReports(): readonly CspReport[];
  close(): Promise<void>;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  response.end(body);
}

function readBody(request: IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** The strict policy of the script-tag page: nothing inline without the nonce, no inline style. */
export function strictCsp(nonce: string, aideServer: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'self'",
    `connect-src 'self' ${aideServer}`,
    `img-src 'self' data: blob: ${aideServer}`,
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    'report-uri /csp-report',
  ].join('; ');
}

async function page(name: string, replacements: Record<string, string>): Promise<string> {
  let html = await readFile(`${examplesDir}${name}`, 'utf8');
  for (const [key, value] of Object.entries(replacements)) {
    html = html.replaceAll(`%${key}%`, value);
  }
  return html;
}

function inboxPage(mails: readonly ReceivedMail[]): string {
  const items = mails
    .toReversed()
    .map(
      (mail) => `<article>
  <h2>${escapeHtml(mail.subject || '(sans objet)')}</h2>
  <p class="meta">À ${escapeHtml(mail.to.join(', '))} · de ${escapeHtml(mail.from)} · ${escapeHtml(
    new Date(mail.received_at).toLocaleString('fr-FR'),
  )}</p>
  <pre>${escapeHtml(mail.text)}</pre>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>Boîte de réception de la démo (${mails.length})</title>
<link rel="stylesheet" href="/demo.css"></head>
<body><main><h1>Boîte de réception de la démo</h1>
<p>Les e-mails que le serveur Aide envoie arrivent ici (actualisé toutes les 5 s). ${mails.length} message(s).</p>
${items || '<p class="empty">Aucun e-mail reçu pour l’instant : créez une demande depuis Talentia.</p>'}
</main></body></html>`;
}

function indexPage(links: { saasHost: string; aideServer: string; smtpPort: number }): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Démo Aide</title>
<link rel="stylesheet" href="/demo.css"></head>
<body><main><h1>Démo Aide</h1>
<ul>
<li><a href="${escapeHtml(links.saasHost)}/candidates">Talentia</a>: l’application SaaS d’exemple avec le bouton ❔ Aide</li>
<li><a href="/script-tag/">Balise script</a> sous une Content-Security-Policy stricte</li>
<li><a href="/hostile-css/">CSS hostile</a>: une page qui tente de casser le widget</li>
<li><a href="/agent/">Console agent</a>: répondre aux demandes, changer les statuts</li>
<li><a href="/inbox">Boîte de réception</a>: les e-mails reçus par le serveur SMTP de la démo (port ${links.smtpPort})</li>
<li><a href="${escapeHtml(links.aideServer)}/v1/openapi.json">API Aide</a> (OpenAPI)</li>
</ul></main></body></html>`;
}

/**
 * Starts the hub on 127.0.0.1 (port 0 picks a free one).
 *
 * @example
 * const hub = await startHub({ port: 5180, aideServer, saasHost, inbox: () => [], smtpPort: 2525 });
 */
export function startHub(options: {
  port: number;
  aideServer: string;
  saasHost: string;
  smtpPort: number;
  inbox: () => readonly ReceivedMail[];
  agentConsole?: ViteDevServer;
}): Promise<Hub> {
  const reports: CspReport[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://hub.local');
    const path = url.pathname;
    if (path.startsWith('/agent/') && options.agentConsole !== undefined) {
      options.agentConsole.middlewares(request, response, () =>
        send(response, 404, 'text/plain', 'not found'),
      );
      return;
    }
    if (path === '/agent') {
      send(response, 302, 'text/plain', '', { Location: '/agent/' });
      return;
    }
    if (path === '/') {
      send(response, 200, 'text/html; charset=utf-8', indexPage(options));
      return;
    }
    if (path === '/demo.css') {
      send(response, 200, 'text/css', await readFile(`${examplesDir}demo/src/demo.css`));
      return;
    }
    if (path === '/aide.js' || path === '/aide.js.map') {
      const file = path.slice(1);
      try {
        const body = await readFile(`${iifeDir}${file}`);
        send(response, 200, file.endsWith('.map') ? 'application/json' : 'text/javascript', body);
      } catch {
        send(response, 503, 'text/plain', 'widget not built: run pnpm --filter @aide/widget build');
      }
      return;
    }
    if (path === '/api/aide-token') {
      const user = findDemoUser(url.searchParams.get('user') ?? 'ada');
      if (user === undefined) {
        send(response, 401, 'text/plain', 'unknown demo user');
        return;
      }
      const token = await signAideToken(user, {
        locale: pickLocale(url.searchParams.get('locale')),
      });
      send(response, 200, 'text/plain', token);
      return;
    }
    if (path === '/script-tag/' || path === '/script-tag') {
      const nonce = randomBytes(18).toString('base64');
      const html = await page('script-tag/index.html', {
        NONCE: nonce,
        AIDE_SERVER: escapeHtml(options.aideServer),
      });
      send(response, 200, 'text/html; charset=utf-8', html, {
        'Content-Security-Policy': strictCsp(nonce, options.aideServer),
      });
      return;
    }
    if (path === '/script-tag/page.css') {
      send(response, 200, 'text/css', await readFile(`${examplesDir}script-tag/page.css`));
      return;
    }
    if (path === '/hostile-css/' || path === '/hostile-css') {
      // ?baseline serves the same page without the hostile sheet: the e2e journey compares both.
      const hostile = !url.searchParams.has('baseline');
      const html = await page('hostile-css/index.html', {
        AIDE_SERVER: escapeHtml(options.aideServer),
        HOSTILE_CSS: hostile ? '<link rel="stylesheet" href="/hostile-css/hostile.css">' : '',
      });
      send(response, 200, 'text/html; charset=utf-8', html);
      return;
    }
    if (path === '/hostile-css/hostile.css') {
      send(response, 200, 'text/css', await readFile(`${examplesDir}hostile-css/hostile.css`));
      return;
    }
    if (path === '/csp-report' && request.method === 'POST') {
      const body = await readBody(request);
      const parsed = JSON.parse(body) as { 'csp-report'?: Record<string, string> };
      const report = parsed['csp-report'] ?? {};
      reports.push({
        page: report['document-uri'] ?? '',
        directive: report['violated-directive'] ?? report['effective-directive'] ?? '',
        blocked: report['blocked-uri'] ?? '',
        sample: report['script-sample'] ?? '',
      });
      console.warn(`CSP violation on ${report['document-uri']}: ${report['violated-directive']}`);
      send(response, 204, 'text/plain', '');
      return;
    }
    if (path === '/csp-reports.json') {
      send(response, 200, 'application/json', JSON.stringify(reports));
      return;
    }
    if (path === '/inbox') {
      send(response, 200, 'text/html; charset=utf-8', inboxPage(options.inbox()));
      return;
    }
    if (path === '/inbox.json') {
      send(response, 200, 'application/json', JSON.stringify(options.inbox()));
      return;
    }
    send(response, 404, 'text/plain', 'not found');
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        send(response, 500, 'text/plain', String(error));
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      const address = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${address.port}`,
        cspReports: () => reports,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
