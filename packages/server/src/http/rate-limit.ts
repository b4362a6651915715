/**
 * Token buckets keyed by caller: `limit` requests per `windowSeconds`, refilled continuously, so
 * a burst up to the limit is allowed and then one request per (window / limit) seconds.
 * In memory: each instance counts its own traffic, which bounds abuse per instance.
 *
 * @example
 * const limiter = createRateLimiter({ limit: 120, windowSeconds: 60 });
 * const verdict = limiter.take('demo:ada', Date.now());
 * if (!verdict.allowed) { response.headers.set('Retry-After', String(verdict.retryAfterSeconds)); }
 */
export function createRateLimiter(options: { limit: number; windowSeconds: number }) {
  const perMs = options.limit / (options.windowSeconds * 1000);
  const buckets = new Map<string, { tokens: number; at: number }>();

  function take(
    key: string,
    nowMs: number,
  ): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const bucket = buckets.get(key) ?? { tokens: options.limit, at: nowMs };
    const tokens = Math.min(options.limit, bucket.tokens + Math.max(0, nowMs - bucket.at) * perMs);
    if (tokens < 1) {
      buckets.set(key, { tokens, at: nowMs });
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)),
      };
    }
    buckets.set(key, { tokens: tokens - 1, at: nowMs });
    if (buckets.size > 100_000) {
      prune(nowMs);
    }
    return { allowed: true };
  }

  // Full buckets carry no information: dropping them keeps memory bounded.
  function prune(nowMs: number): void {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (nowMs - bucket.at) * perMs >= options.limit) {
        buckets.delete(key);
      }
    }
  }

  return { take };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
