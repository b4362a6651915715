import { type AddressInfo, connect as connectTcp, createServer, type Socket } from 'node:net';
import { type Random, randomInt } from './seeded-random';

// A TCP proxy on loopback between the clients and the server that breaks exchanges on purpose,
// the way real networks and load balancers do. It works on bytes, not HTTP, so nothing in the
// client or the server can tell it apart from a flaky network.
//
// Faults are decided per exchange: a request and its answer on one connection (HTTP/1.1 without
// pipelining, as fetch sends it). The first exchange of a connection is the connection itself;
// deciding again on each reuse matters because fetch keeps connections alive, and a healthy
// connection would otherwise carry every later request past the faults.

/** What the proxy does to one exchange. */
export type FaultKind = 'pass' | 'reset' | 'hang' | 'truncate' | 'latency';

export const faultKinds = ['pass', 'reset', 'hang', 'truncate', 'latency'] as const;

/**
 * Probability of each fault per exchange; whatever is left passes through untouched.
 * - `reset`: the client connection is reset (RST): before the server sees the request, or once
 *   the server has answered it (the work is done, the client never hears of it).
 * - `hang`: the request reaches the server or not, and no answer ever comes back; the client
 *   must time out.
 * - `truncate`: the answer is cut after a random number of its bytes, then the connection closes.
 * - `latency`: both directions are delayed by `latencyMs`.
 */
export type FaultRates = Readonly<Record<Exclude<FaultKind, 'pass'>, number>>;

export interface FaultProxyOptions {
  /** The server behind the proxy, on 127.0.0.1. */
  upstreamPort: number;
  rates: FaultRates;
  random: Random;
  /** Added delay of a `latency` exchange, drawn per exchange. @default { min: 50, max: 400 } */
  latencyMs?: { min: number; max: number };
}

/** What the proxy did, for the suite's figures. */
export interface FaultCounts extends Record<FaultKind, number> {
  /** Client connections accepted. */
  connections: number;
  /** Connections reset because the server was down (not an injected fault). */
  upstreamDown: number;
}

export interface FaultProxy {
  /** Where clients connect, e.g. `http://127.0.0.1:40123`. */
  url: string;
  counts(): FaultCounts;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

function drawFault(random: Random, rates: FaultRates): FaultKind {
  let draw = random();
  for (const kind of faultKinds) {
    if (kind === 'pass') {
      continue;
    }
    draw -= rates[kind];
    if (draw < 0) {
      return kind;
    }
  }
  return 'pass';
}

interface Exchange {
  kind: FaultKind;
  /** For reset and hang: whether the request is forwarded to the server at all. */
  reachesServer: boolean;
  delayMs: number;
  /** The server started answering this exchange (the next client bytes start a new one). */
  answered: boolean;
}

/**
 * Starts the proxy on a free loopback port. It keeps listening while the server behind it is
 * down: connections are then reset, as a load balancer without a healthy backend does.
 *
 * @example
 * const proxy = await startFaultProxy({
 *   upstreamPort: server.port,
 *   rates: { reset: 0.05, hang: 0.02, truncate: 0.05, latency: 0.1 },
 *   random: seededRandom(seed),
 * });
 * const client = createClient({ baseUrl: proxy.url, getToken });
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const { random, rates } = options;
  const latency = options.latencyMs ?? { min: 50, max: 400 };
  const total = Object.values(rates).reduce((sum, rate) => sum + rate, 0);
  if (Object.values(rates).some((rate) => rate < 0) || total > 1) {
    throw new RangeError('fault rates must be non-negative and add up to at most 1');
  }
  const counts: FaultCounts = {
    pass: 0,
    reset: 0,
    hang: 0,
    truncate: 0,
    latency: 0,
    connections: 0,
    upstreamDown: 0,
  };
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    // Errors are expected here (resets, the server killed): each one ends its connection.
    socket.on('error', () => socket.destroy());
  };

  const startExchange = (): Exchange => {
    const kind = drawFault(random, rates);
    counts[kind]++;
    return {
      kind,
      reachesServer: random() < 0.5,
      delayMs: kind === 'latency' ? randomInt(random, latency.min, latency.max) : 0,
      answered: false,
    };
  };

  const handle = (client: Socket) => {
    counts.connections++;
    track(client);
    const upstream = connectTcp({ host: '127.0.0.1', port: options.upstreamPort });
    track(upstream);
    let exchange: Exchange | undefined;
    // Runs at once, except in a latency exchange.
    const later = (run: () => void) => {
      const delay = exchange?.delayMs ?? 0;
      if (delay === 0) {
        run();
      } else {
        setTimeout(run, delay);
      }
    };

    // The client's bytes wait (pauseOnConnect) until the server is reached, so that no fault is
    // counted on a connection that the server being down already breaks.
    let reached = false;
    upstream.once('connect', () => {
      reached = true;
      client.resume();
    });
    upstream.once('error', () => {
      if (!reached) {
        counts.upstreamDown++;
        client.resetAndDestroy();
      }
    });
    upstream.on('close', () => {
      // The server closed or died: so does the client's connection, unless it is meant to hang
      // or already got its truncated answer.
      if (exchange?.kind !== 'hang' && !client.writableEnded) {
        later(() => client.destroy());
      }
    });
    client.on('close', () => upstream.destroy());

    client.on('data', (chunk: Buffer) => {
      if (exchange === undefined || exchange.answered) {
        exchange = startExchange();
      }
      const current = exchange;
      switch (current.kind) {
        case 'pass':
        case 'latency':
        case 'truncate':
          later(() => upstream.write(chunk));
          return;
        case 'hang':
        case 'reset':
          if (current.reachesServer) {
            upstream.write(chunk);
          } else if (current.kind === 'reset') {
            client.resetAndDestroy();
          }
          return;
        default:
          return current.kind satisfies never;
      }
    });

    upstream.on('data', (chunk: Buffer) => {
      const current = exchange;
      if (current === undefined) {
        return;
      }
      current.answered = true;
      switch (current.kind) {
        case 'pass':
        case 'latency':
          later(() => client.write(chunk));
          return;
        case 'hang':
          return;
        case 'reset':
          // The server did the work and answered; the client only sees its connection reset.
          client.resetAndDestroy();
          return;
        case 'truncate': {
          const cut = chunk.length > 1 ? randomInt(random, 1, chunk.length - 1) : 0;
          client.end(chunk.subarray(0, cut), () => client.destroy());
          upstream.destroy();
          return;
        }
        default:
          return current.kind satisfies never;
      }
    });
  };

  const server = createServer({ noDelay: true, pauseOnConnect: true }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
