import { runCli } from '@aide/server';

// `aide-server` from source for the demo stack: the same CLI as the package's bin, run by tsx
// in its own process group (see stack.ts). Plain JavaScript on purpose: the demo's typecheck
// covers the examples, while the server's sources are typechecked by their own package.
const code = await runCli(process.argv.slice(2), process.env);
if (code !== 0) {
  process.exit(code);
}
