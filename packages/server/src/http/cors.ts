/**
 * Whether an Origin header matches one allowed pattern: an exact origin, or one whose port is
 * `*` (`http://localhost:*` allows every port of localhost over http, and the default port).
 *
 * @example
 * originMatches('http://localhost:5173', 'http://localhost:*'); // true
 * originMatches('http://localhost.evil.test:5173', 'http://localhost:*'); // false
 */
export function originMatches(origin: string, pattern: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  // An Origin header is exactly scheme://host[:port]; anything more is not a browser's origin.
  if (parsed.origin !== origin.toLowerCase() || origin.endsWith('/')) {
    return false;
  }
  const wildcardPort = pattern.endsWith(':*');
  const base = wildcardPort ? pattern.slice(0, -2) : pattern;
  let allowed: URL;
  try {
    allowed = new URL(base);
  } catch {
    return false;
  }
  if (allowed.protocol !== parsed.protocol || allowed.hostname !== parsed.hostname) {
    return false;
  }
  return wildcardPort || allowed.port === parsed.port;
}

/** Whether an origin matches any of the patterns. */
export function originAllowed(origin: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => originMatches(origin, pattern));
}

export const corsAllowedHeaders = 'Authorization, Content-Type, Idempotency-Key';
export const corsExposedHeaders = 'Retry-After, Idempotency-Replayed, Location';
