import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';

/** Above this many bytes a refused body is not read at all: the connection is cut instead. */
const maxDrainBytes = 64 * 1024 * 1024;

/**
 * Refuses bodies above `maxSize` with `onError`. A client that announced its length is
 * answered after its body was read and discarded (up to 64 MB): answering before would make Node
 * close the socket under the client, which then sees a network error instead of the 413.
 * Chunked bodies are counted as they stream (Hono's body limit).
 */
export function bodyLimit(options: {
  maxSize: number;
  onError: (c: Context) => Response | Promise<Response>;
}): MiddlewareHandler {
  const streaming = honoBodyLimit(options);
  return async (c, next) => {
    const declared = Number(c.req.header('Content-Length') ?? Number.NaN);
    const chunked = c.req.header('Transfer-Encoding') !== undefined;
    if (Number.isFinite(declared) && declared > options.maxSize) {
      if (declared <= maxDrainBytes && c.req.raw.body !== null) {
        const reader = c.req.raw.body.getReader();
        while (!(await reader.read()).done) {
          // Discarded: only reading it lets the client receive the answer.
        }
      }
      return options.onError(c);
    }
    if (Number.isFinite(declared) && !chunked) {
      // Node's parser delivers exactly the declared length, so the body is within the limit.
      // Hono's limiter would first turn the request into a web stream (`raw.body`), which costs
      // more than the rest of a small request's parsing and keeps the body off the adapter's
      // direct read.
      return next();
    }
    return streaming(c, next);
  };
}
