import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { findDemoUser, signAideToken } from '@aide/example-saas-host/backend';
import { listDir, peerDir, widgetEsm } from './builds';

// The host page server of sections 1 to 4 (node:http on 127.0.0.1): one ordinary SaaS page in
// four variants, the widget's real ESM build, the peer's script, the list page, a token
// endpoint signed like a vendor backend, and a sink for the peer's envelopes.

export type Variant = 'none' | 'aide' | 'peer' | 'dialog';

export interface HostServer {
  url: string;
  close(): Promise<void>;
}

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

function hostPage(variant: Variant, aideServer: string): string {
  const rows = Array.from(
    { length: 40 },
    (_, index) =>
      `<tr><td>Candidat ${index + 1}</td><td>Développeur·se ${index % 5 === 0 ? 'senior' : 'confirmé·e'}</td><td>${(index * 7) % 28} nov.</td><td>Entretien</td></tr>`,
  ).join('');
  const scripts: Record<Variant, string> = {
    none: '',
    aide: `<script type="module">
      import { mountAide } from '/widget/index.js';
      window.aide = mountAide({
        server: ${JSON.stringify(aideServer)},
        getToken: () => fetch('/api/aide-token').then((response) => response.text()),
        locale: 'fr',
      });
    </script>`,
    peer: '<script src="/peer/peer.js"></script>',
    // The baseline of section 3: a native modal dialog opened by a plain button.
    dialog: `<button id="open-dialog" type="button" style="position:fixed;top:12px;right:16px">Aide</button>
    <dialog id="native" aria-label="Aide"><p>Bonjour</p><button type="button" autofocus>Fermer</button></dialog>
    <script>
      document.getElementById('open-dialog').addEventListener('click', () =>
        document.getElementById('native').showModal());
    </script>`,
  };
  return `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Talentia · Candidats</title>
    <style>
      body { margin: 0; font: 15px/1.5 system-ui, sans-serif; color: #1d2433; background: #f6f7fb; }
      header { display: flex; gap: 24px; align-items: center; height: 56px; padding: 0 24px; background: #fff; border-bottom: 1px solid #e3e6ee; }
      nav a { margin-right: 16px; color: #3d4a66; text-decoration: none; }
      main { max-width: 1040px; margin: 24px auto; padding: 0 24px; }
      table { width: 100%; border-collapse: collapse; background: #fff; }
      td { padding: 8px 12px; border-bottom: 1px solid #eef0f5; }
    </style>
  </head>
  <body>
    <header><strong>Talentia</strong><nav><a href="#">Candidats</a><a href="#">Offres</a><a href="#">Rapports</a></nav></header>
    <main>
      <h1>Candidats</h1>
      <p>Suivez vos candidats, de la candidature à l'embauche.</p>
      <table><tbody>${rows}</tbody></table>
    </main>
    ${scripts[variant]}
  </body>
</html>`;
}

async function file(root: string, path: string): Promise<Buffer | null> {
  const resolved = normalize(join(root, path));
  if (!resolved.startsWith(root)) {
    return null;
  }
  return readFile(resolved).catch(() => null);
}

/**
 * Starts the host server; `aideServer` is the reference server the widget variant talks to.
 *
 * @example
 * const host = await startHost('http://127.0.0.1:8787');
 * await page.goto(`${host.url}/candidates?variant=aide`);
 */
export async function startHost(aideServer: string): Promise<HostServer> {
  const ada = findDemoUser('ada');
  if (ada === undefined) {
    throw new Error('demo user ada is missing');
  }
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    const serveFrom = (root: string, path: string) =>
      void file(root, path).then((body) =>
        body === null
          ? send(404, 'text/plain', 'not found')
          : send(200, types[extname(path)] ?? 'application/octet-stream', body),
      );
    if (url.pathname === '/candidates') {
      const variant = (url.searchParams.get('variant') ?? 'none') as Variant;
      send(200, types['.html'] ?? 'text/html', hostPage(variant, aideServer));
    } else if (url.pathname === '/api/aide-token') {
      void signAideToken(ada).then((token) => send(200, 'text/plain', token));
    } else if (url.pathname.startsWith('/widget/')) {
      serveFrom(widgetEsm, url.pathname.slice('/widget/'.length));
    } else if (url.pathname.startsWith('/peer/')) {
      serveFrom(peerDir, url.pathname.slice('/peer/'.length));
    } else if (url.pathname.startsWith('/list/')) {
      const rest = url.pathname.slice('/list/'.length);
      serveFrom(listDir, rest === '' ? 'index.html' : rest);
    } else if (url.pathname.startsWith('/api/1/envelope')) {
      request.resume();
      send(200, 'application/json', '{}');
    } else {
      send(404, 'text/plain', 'not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
