import { config } from 'zod';

// zod decides at schema creation whether to compile parsers with `new Function`, and core
// creates its schemas when its module is evaluated. Under a strict CSP (no 'unsafe-eval') that
// is refused and reported to the host's CSP endpoint, and a refused compile fails the parse.
// This module is imported first by the panel chunk, so it runs before core's schemas exist.
config({ jitless: true });
