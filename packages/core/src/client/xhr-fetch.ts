import type { UploadProgress } from './transport';

// The slice of XMLHttpRequest used here, typed structurally so that code compiled without the
// DOM library (the server, which type-checks core's sources) still compiles.
interface XhrProgressEvent {
  loaded: number;
  total: number;
  lengthComputable: boolean;
}
interface Xhr {
  open(method: string, url: string, async: boolean): void;
  setRequestHeader(name: string, value: string): void;
  responseType: string;
  readonly upload: {
    addEventListener(type: 'progress', listener: (event: XhrProgressEvent) => void): void;
  };
  addEventListener(type: 'load' | 'error' | 'timeout' | 'abort', listener: () => void): void;
  readonly status: number;
  readonly statusText: string;
  readonly response: unknown;
  getAllResponseHeaders(): string;
  abort(): void;
  send(body: Blob | null): void;
}
type XhrConstructor = new () => Xhr;

function xhrConstructor(): XhrConstructor | undefined {
  return (globalThis as { XMLHttpRequest?: XhrConstructor }).XMLHttpRequest;
}

/** Whether this environment can report upload progress through XMLHttpRequest (browsers). */
export function canReportUploadProgress(): boolean {
  return typeof xhrConstructor() === 'function';
}

function parseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const separator = line.indexOf(':');
    if (separator > 0) {
      headers.append(line.slice(0, separator).trim(), line.slice(separator + 1).trim());
    }
  }
  return headers;
}

/**
 * A fetch-shaped function that sends through XMLHttpRequest, because fetch has no upload
 * progress in browsers (request streams need HTTP/2 and are missing from Firefox and Safari).
 * ky keeps doing everything else (timeouts, retries, hooks) around it.
 */
export function createXhrFetch(onProgress: (progress: UploadProgress) => void) {
  return async (input: Request | URL | string, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const body =
      request.method === 'GET' || request.method === 'HEAD' ? null : await request.blob();
    const signal = request.signal;
    const XhrClass = xhrConstructor();
    if (XhrClass === undefined) {
      throw new TypeError('XMLHttpRequest is not available here');
    }
    return new Promise<Response>((resolve, reject) => {
      const xhr = new XhrClass();
      const abort = () => xhr.abort();
      const settle = () => signal.removeEventListener('abort', abort);
      xhr.open(request.method, request.url, true);
      request.headers.forEach((value, name) => {
        xhr.setRequestHeader(name, value);
      });
      xhr.responseType = 'blob';
      xhr.upload.addEventListener('progress', (event) => {
        onProgress({
          loaded: event.loaded,
          total: event.lengthComputable ? event.total : (body?.size ?? 0),
        });
      });
      xhr.addEventListener('load', () => {
        settle();
        const hasBody = xhr.status !== 204 && xhr.status !== 205 && xhr.status !== 304;
        resolve(
          new Response(hasBody ? (xhr.response as Blob) : null, {
            status: xhr.status,
            statusText: xhr.statusText,
            headers: parseHeaders(xhr.getAllResponseHeaders()),
          }),
        );
      });
      // The message is one ky recognises as a network error, so it is retried like fetch's.
      const fail = () => {
        settle();
        reject(new TypeError('Network request failed'));
      };
      xhr.addEventListener('error', fail);
      xhr.addEventListener('timeout', fail);
      xhr.addEventListener('abort', () => {
        settle();
        reject(signal.reason ?? new DOMException('The upload was aborted', 'AbortError'));
      });
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      signal.addEventListener('abort', abort, { once: true });
      xhr.send(body);
    });
  };
}
