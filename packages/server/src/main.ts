import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1; port 0 picks a free one (tests). */
export function startServer(port: number): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch: createApp().fetch, port, hostname: '127.0.0.1' }, (info) => {
      const address = info as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${address.port}`,
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
  });
}

const isEntry =
  import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('aide-server.js');
if (isEntry) {
  const port = Number(process.env.AIDE_PORT ?? 8787);
  const running = await startServer(port);
  console.log(`aide-server listening on ${running.url}`);
}
