import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findDemoUser, signAideToken } from '@aide/example-saas-host/backend';
import { startChildServer } from './children';
import { type Endpoint, type LoadFigure, measure, requestsFor } from './load';
import type { Spread } from './stats';

// `pnpm bench:server`: only section 5's figures for the reference server on SQLite, with the
// same requests, connections and run length as `pnpm bench`, without the browser parts, to
// compare a change to the server back to back. Writes nothing; prints one line per figure,
// with the server process's CPU time per request: on a shared machine throughput moves with
// the neighbours' load, the CPU a request costs much less.
//   --endpoints create-ticket,list-tickets   which requests (default: all three)
//   --runs 3 --seconds 5 --connections 10    as `pnpm bench`
//   --profile DIR                            the server process runs with --cpu-prof into DIR
//   --bare                                   first the bare node:http baseline, as `pnpm bench`

const endpoints: readonly Endpoint[] = ['get-ticket', 'list-tickets', 'create-ticket'];

const { values } = parseArgs({
  options: {
    endpoints: { type: 'string', default: endpoints.join(',') },
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    profile: { type: 'string' },
    bare: { type: 'boolean', default: false },
  },
});

function chosen(list: string): Endpoint[] {
  return list.split(',').map((name) => {
    const endpoint = endpoints.find((known) => known === name.trim());
    if (endpoint === undefined) {
      throw new Error(`unknown endpoint ${name}; use ${endpoints.join(', ')}`);
    }
    return endpoint;
  });
}

const show = (spread: Spread, unit = '') =>
  `${Math.round(spread.median)}${unit} (${Math.round(spread.min)}–${Math.round(spread.max)})`;

function line(figure: LoadFigure, cpuMs: number): string {
  const perRequest = (cpuMs / Math.max(1, figure.requests)).toFixed(3);
  return `${figure.engine} ${figure.endpoint}: ${show(figure.rps)} req/s, p50 ${show(figure.p50, ' ms')}, p99 ${show(figure.p99, ' ms')}, server CPU ${perRequest} ms/request, failures ${figure.failures}`;
}

/** User + system CPU time of a process so far, in ms (Linux /proc; NaN elsewhere). */
async function cpuTime(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (stat === '') {
    return Number.NaN;
  }
  // Fields after the command name (which may hold spaces) start at its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  // Clock ticks of 1/100 s (USER_HZ, 100 on Linux whatever the kernel HZ).
  return (ticks * 1000) / 100;
}

async function main(): Promise<void> {
  const ada = findDemoUser('ada');
  if (ada === undefined) {
    throw new Error('demo user ada is missing');
  }
  const token = await signAideToken(ada);
  const options = {
    connections: Number(values.connections),
    seconds: Number(values.seconds),
    runs: Number(values.runs),
  };
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
  console.log(`load average at start ${load}`);
  if (values.bare) {
    const bare = await startChildServer('bare');
    try {
      const before = await cpuTime(bare.pid);
      const figure = await measure(
        { engine: 'node:http', endpoint: 'constant JSON' },
        { url: bare.url, ...options },
        undefined,
      );
      console.log(line(figure, (await cpuTime(bare.pid)) - before));
    } finally {
      await bare.stop();
    }
  }
  const flags =
    values.profile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(values.profile)}`];
  const server = await startChildServer('aide', {}, flags);
  try {
    for (const endpoint of chosen(values.endpoints)) {
      const before = await cpuTime(server.pid);
      const figure = await measure(
        { engine: 'SQLite', endpoint },
        { url: server.url, ...options },
        requestsFor(endpoint, token, server.ticketId ?? 'missing'),
      );
      console.log(line(figure, (await cpuTime(server.pid)) - before));
    }
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
