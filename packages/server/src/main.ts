import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type AppOptions, createApp } from './app';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the HTTP server on `config.host` (127.0.0.1 by default); port 0 picks a free one
 * (tests). The store stays the caller's to close.
 *
 * @example
 * const server = await startServer({ config, store });
 * await fetch(`${server.url}/health`);
 * await server.close();
 */
export async function startServer(options: AppOptions): Promise<RunningServer> {
  const app = await createApp(options);
  const { host, port } = options.config;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      const address = info as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${shownHost}:${address.port}`,
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            // Without closing idle keep-alive sockets first, close() waits for them (~3 s).
            if ('closeAllConnections' in server) {
              server.closeAllConnections();
            }
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
    // Slow clients may not hold connections open indefinitely (Node's defaults are minutes).
    if ('requestTimeout' in server) {
      server.headersTimeout = 15_000;
      server.requestTimeout = 60_000;
    }
  });
}

const entry = process.argv[1] ?? '';
if (/[\\/]main\.(ts|js)$/.test(entry) || entry.endsWith('aide-server.js')) {
  // No top-level await here: cli.ts imports this module, and awaiting it from here would wait
  // on itself.
  import('./cli')
    .then(({ runCli }) => runCli(process.argv.slice(2), process.env))
    .then((code) => {
      if (code !== 0) {
        process.exit(code);
      }
    })
    .catch((error: unknown) => {
      console.error('aide-server: failed to start', error);
      process.exit(1);
    });
}
