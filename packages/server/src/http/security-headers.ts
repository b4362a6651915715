import type { MiddlewareHandler } from 'hono';

/**
 * Headers for an API that never serves pages: nothing may be framed, sniffed, or run as a
 * document, and responses carry no referrer.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // Set on the answer's own headers: `c.header` after the answer exists rebuilds the whole
    // Response (turning its body into a stream) once per header.
    let headers = c.res.headers;
    try {
      setAll(headers);
    } catch {
      // Immutable headers (a Response passed through from a fetch): rebuilt once, then set.
      c.res = new Response(c.res.body, c.res);
      headers = c.res.headers;
      setAll(headers);
    }
  };
}

function setAll(headers: Headers): void {
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Referrer-Policy', 'no-referrer');
  headers.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
  headers.set('Strict-Transport-Security', 'max-age=31536000');
  if (!headers.has('Cache-Control')) {
    headers.set('Cache-Control', 'no-store');
  }
}
