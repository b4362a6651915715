import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { AideError, codeForHttpError, isAideError } from './errors';
import { parseRetryAfter } from './transport';

describe('AideError', () => {
  it('keeps code, status, problem and cause', () => {
    const cause = new Error('socket hang up');
    const problem = {
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      code: 'invalid_transition',
    };
    const error = new AideError('invalid_transition', 'Conflict', { status: 409, problem, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'AideError', code: 'invalid_transition', status: 409 });
    expect(error.problem).toBe(problem);
    expect(error.cause).toBe(cause);
    expect(error.transient).toBe(false);
  });

  it('is recognised across realms, where instanceof fails', () => {
    // An error branded in another V8 context, as from an iframe or a second copy of the package.
    const foreign = runInNewContext(
      `const error = new Error('x');
       Object.defineProperty(error, Symbol.for('aide.error'), { value: true });
       error`,
    ) as unknown;
    expect(foreign instanceof AideError).toBe(false);
    expect(isAideError(foreign)).toBe(true);
    expect(isAideError(new Error('plain'))).toBe(false);
    expect(isAideError({ code: 'network_error' })).toBe(false);
    expect(isAideError(null)).toBe(false);
    expect(isAideError(new AideError('timeout', 'slow'))).toBe(true);
  });

  it('tells transient failures from permanent ones', () => {
    for (const code of ['network_error', 'timeout', 'rate_limited', 'server_error'] as const) {
      expect(new AideError(code, code).transient, code).toBe(true);
    }
    for (const code of [
      'validation_failed',
      'forbidden',
      'not_found',
      'invalid_response',
    ] as const) {
      expect(new AideError(code, code).transient, code).toBe(false);
    }
  });
});

describe('codeForHttpError', () => {
  it('trusts a known problem code and falls back to the status otherwise', () => {
    const problem = (code: string) => ({ type: 'about:blank', title: code, status: 409, code });
    expect(codeForHttpError(409, problem('already_rated'))).toBe('already_rated');
    // A code from a newer server is not invented into the union: the status decides.
    expect(codeForHttpError(409, problem('brand_new_code'))).toBe('conflict');
    expect(codeForHttpError(422, undefined)).toBe('validation_failed');
    expect(codeForHttpError(401, undefined)).toBe('unauthorized');
    expect(codeForHttpError(429, undefined)).toBe('rate_limited');
    expect(codeForHttpError(503, undefined)).toBe('service_unavailable');
    expect(codeForHttpError(502, undefined)).toBe('server_error');
    expect(codeForHttpError(418, undefined)).toBe('http_error');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');

  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
  });

  it('never answers a negative wait or guesses from nonsense', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
