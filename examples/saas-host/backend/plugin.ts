import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { demoUsers, findDemoUser, pickLocale, signAideToken } from './token';

// Talentia's backend, as a dev-server middleware so the example needs one process. A real
// vendor has these two routes in its own backend; only the session is faked (a cookie naming a
// demo account, set by the user switcher).

const sessionCookie = 'talentia_user';

function readSession(request: IncomingMessage): string | undefined {
  const cookies = request.headers.cookie ?? '';
  for (const part of cookies.split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === sessionCookie && value !== undefined) {
      return decodeURIComponent(value);
    }
  }
  return undefined;
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', type);
  response.setHeader('Cache-Control', 'no-store');
  response.end(body);
}

/**
 * `GET /api/session`: who is signed in, the accounts to switch to, and the Aide server's URL.
 * `GET /api/aide-token`: the widget's JWT for the signed-in user (text/plain), 401 when signed out.
 */
export function talentiaBackend(options: { aideServer: string }): Plugin {
  return {
    name: 'talentia-backend',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const url = new URL(request.url ?? '/', 'http://talentia.local');
        if (url.pathname === '/api/session' && request.method === 'POST') {
          const user = findDemoUser(url.searchParams.get('user'));
          if (user === undefined) {
            send(response, 400, 'text/plain', 'unknown demo user');
            return;
          }
          response.setHeader(
            'Set-Cookie',
            `${sessionCookie}=${user.id}; Path=/; HttpOnly; SameSite=Lax`,
          );
          send(response, 204, 'text/plain', '');
          return;
        }
        if (url.pathname === '/api/session') {
          const user = findDemoUser(readSession(request) ?? 'ada');
          send(
            response,
            200,
            'application/json',
            JSON.stringify({
              user: user ?? null,
              users: demoUsers.map(({ id, name, title }) => ({ id, name, title })),
              aideServer: options.aideServer,
            }),
          );
          return;
        }
        if (url.pathname === '/api/aide-token') {
          // A missing cookie means the first visit: the demo signs in as Ada.
          const user = findDemoUser(readSession(request) ?? 'ada');
          if (user === undefined) {
            send(response, 401, 'text/plain', 'not signed in');
            return;
          }
          signAideToken(user, { locale: pickLocale(url.searchParams.get('locale')) }).then(
            (token) => send(response, 200, 'text/plain', token),
            (error: unknown) => send(response, 500, 'text/plain', String(error)),
          );
          return;
        }
        next();
      });
    },
  };
}
