import type { MiddlewareHandler } from 'hono';

/**
 * Headers for an API that never serves pages: nothing may be framed, sniffed, or run as a
 * document, and responses carry no referrer.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Strict-Transport-Security', 'max-age=31536000');
    if (!c.res.headers.has('Cache-Control')) {
      c.header('Cache-Control', 'no-store');
    }
  };
}
