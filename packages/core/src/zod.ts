import { config } from 'zod/mini';

// Every module of core that builds a schema imports `z` from here, never from zod itself, so this
// runs before the first schema exists.
//
// Why mini: its functions tree-shake, so a browser bundle carries only the validators core uses
// (zod classic's methods all come along with the first schema).
//
// Why jitless: zod decides when a schema is created whether to compile object parsers with
// `new Function`. A host page with a strict CSP (no 'unsafe-eval') refuses that and reports the
// attempt to its CSP endpoint. Mini's objects never compile, but the setting is global to the
// zod instance, which a host page or a server may share with classic schemas of its own: with it
// set, zod never even probes. package.json lists this module in `sideEffects` so that no bundler
// drops the call.
config({ jitless: true });

export * as z from 'zod/mini';
