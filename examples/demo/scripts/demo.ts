import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { demoUsers } from '@aide/example-saas-host/backend';
import { defaultPorts, repoRoot, startDemoStack } from '../src/stack';

// `pnpm demo [--reset]`: everything a vendor needs to try Aide, on localhost. Ctrl-C stops it.

const { values } = parseArgs({
  options: {
    reset: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: pnpm demo [--reset] [--data-dir DIR]

  --reset          forget the demo's data (tickets, e-mails) and seed the fixture again
  --data-dir DIR   where the server keeps its database (default: .data/demo)

Ports: server ${defaultPorts.server}, Talentia ${defaultPorts.saasHost}, examples ${defaultPorts.hub}, SMTP ${defaultPorts.smtp}.`);
  process.exit(0);
}

const dataDir = resolve(repoRoot, values['data-dir'] ?? '.data/demo');
console.log(`Starting the Aide demo (data in ${dataDir}${values.reset ? ', reset' : ''})…`);

const stack = await startDemoStack({
  dataDir,
  reset: values.reset,
  onMail: (mail) => console.log(`✉  e-mail to ${mail.to.join(', ')}: ${mail.subject}`),
}).catch((error: unknown) => {
  console.error(
    `The demo could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});

console.log(`
  ❔ Aide demo is running

  Talentia (SaaS host app)    ${stack.saasHost}/candidates
  Script tag under CSP        ${stack.hub}/script-tag/
  Hostile CSS page            ${stack.hub}/hostile-css/
  Agent console               ${stack.hub}/agent/
  E-mail inbox                ${stack.hub}/inbox     (SMTP on 127.0.0.1:${stack.smtpPort})
  Aide server (API)           ${stack.aideServer}/v1/openapi.json
  All links                   ${stack.hub}/

  Demo users (switch in Talentia's header, or ?user= on the plain pages):
${demoUsers.map((user) => `    ${user.id.padEnd(4)} ${user.name.padEnd(13)} ${user.role.padEnd(7)} ${user.email.padEnd(16)} ${user.companyName}`).join('\n')}
  Agent API key: ${stack.agentKey}

  Ctrl-C stops everything.
`);

let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) {
    return;
  }
  stopping = true;
  console.log(`\n${signal}: stopping the demo…`);
  stack.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
// Whatever ends this process, the server's process group must not survive it.
process.on('exit', () => stack.killNow());

// `pnpm demo` runs this under pnpm and tsx. Ctrl-C reaches every process of the terminal's
// group, but a SIGTERM sent to pnpm alone (a process manager, `timeout`) ends pnpm without
// telling its children: watch pnpm (our grandparent, read from /proc on Linux) and stop with it.
function grandparentPid(): number | undefined {
  try {
    const stat = readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
    const pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}
const watched = grandparentPid();
if (watched !== undefined) {
  setInterval(() => {
    try {
      process.kill(watched, 0);
    } catch {
      shutdown('pnpm exited');
    }
  }, 1000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGHUP', () => shutdown('SIGHUP'));
