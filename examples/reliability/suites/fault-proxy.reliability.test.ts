import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, type FaultRates, startFaultProxy } from '../src/fault-proxy';
import { seededRandom } from '../src/seeded-random';

// The faults suite is only as good as its proxy: a proxy that let everything through would make
// it pass for nothing. Each fault is checked here against a plain HTTP server that counts the
// requests it gets, so "did the server do the work?" has an answer.

const none: FaultRates = { reset: 0, hang: 0, truncate: 0, latency: 0 };
const answer = JSON.stringify({ items: Array.from({ length: 50 }, (_, index) => ({ index })) });

let upstream: Server;
let upstreamPort: number;
let handled = 0;
const proxies: FaultProxy[] = [];

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function answering(): Server {
  return createServer((_request, response) => {
    handled++;
    // Framed by its length, as the Aide server's answers are: a cut answer is then detectable.
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(answer),
    });
    response.end(answer);
  });
}

async function proxyWith(rates: Partial<FaultRates>, port = upstreamPort): Promise<FaultProxy> {
  const proxy = await startFaultProxy({
    upstreamPort: port,
    rates: { ...none, ...rates },
    random: seededRandom(7),
    latencyMs: { min: 200, max: 200 },
  });
  proxies.push(proxy);
  return proxy;
}

/** One request through the proxy, read to the end. */
async function get(proxy: FaultProxy, timeoutMs = 2_000): Promise<string> {
  const response = await fetch(`${proxy.url}/`, { signal: AbortSignal.timeout(timeoutMs) });
  return response.text();
}

async function outcomes(proxy: FaultProxy, tries: number, timeoutMs?: number) {
  const before = handled;
  const results = await Promise.allSettled(
    Array.from({ length: tries }, () => get(proxy, timeoutMs)),
  );
  return {
    answered: results.filter((result) => result.status === 'fulfilled').length,
    reachedServer: handled - before,
  };
}

beforeAll(async () => {
  upstream = answering();
  upstreamPort = await listen(upstream);
});

afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

describe('the fault proxy', () => {
  it('passes exchanges through untouched when no fault is drawn', async () => {
    const proxy = await proxyWith({});
    expect(await get(proxy)).toBe(answer);
    expect(proxy.counts()).toMatchObject({ pass: 1, connections: 1 });
  });

  it('resets connections, before or after the server did the work', async () => {
    const proxy = await proxyWith({ reset: 1 });
    const { answered, reachedServer } = await outcomes(proxy, 20);
    expect(answered).toBe(0);
    // Some requests were done by the server although the client only saw a reset.
    expect(reachedServer).toBeGreaterThan(0);
    expect(reachedServer).toBeLessThan(20);
    expect(proxy.counts().reset).toBe(20);
  });

  it('hangs: no answer ever comes, the client has to time out', async () => {
    const proxy = await proxyWith({ hang: 1 });
    const started = performance.now();
    const { answered } = await outcomes(proxy, 5, 300);
    expect(answered).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(proxy.counts().hang).toBe(5);
  });

  it('truncates answers after the server did the work', async () => {
    const proxy = await proxyWith({ truncate: 1 });
    const { answered, reachedServer } = await outcomes(proxy, 10);
    expect(answered).toBe(0);
    expect(reachedServer).toBe(10);
    expect(proxy.counts().truncate).toBe(10);
  });

  it('adds latency both ways and still delivers the whole answer', async () => {
    const proxy = await proxyWith({ latency: 1 });
    const started = performance.now();
    expect(await get(proxy)).toBe(answer);
    expect(performance.now() - started).toBeGreaterThanOrEqual(380);
    expect(proxy.counts().latency).toBe(1);
  });

  it('keeps listening while the server is down, and carries on once it is back', async () => {
    const probe = answering();
    const port = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    const proxy = await proxyWith({}, port);
    await expect(get(proxy)).rejects.toThrow();
    expect(proxy.counts().upstreamDown).toBe(1);

    const revived = answering();
    await listen(revived, port);
    try {
      expect(await get(proxy)).toBe(answer);
    } finally {
      revived.closeAllConnections();
      await new Promise((resolve) => revived.close(resolve));
    }
  });
});
