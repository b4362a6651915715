import { afterEach, describe, expect, it, vi } from 'vitest';
import { z as classic } from 'zod';
import { config } from 'zod/mini';
import { makeTicket } from './ticket/test-ticket';

// A host page with a strict CSP refuses `new Function`. zod would use it to compile object
// parsers, decided per schema when the schema is built, so core must have turned zod's JIT off
// before its first schema exists, in whatever order a bundler evaluates core's modules.

const realFunction = globalThis.Function;
let attempts: string[] = [];

/** Makes every `Function(...)` / `new Function(...)` fail as under `script-src` without eval. */
function refuseEval(): void {
  attempts = [];
  globalThis.Function = new Proxy(realFunction, {
    construct(_target, args: unknown[]) {
      attempts.push(String(args.at(-1)).slice(0, 60));
      throw new EvalError(
        "Refused to evaluate a string as JavaScript: 'unsafe-eval' is not allowed",
      );
    },
    apply(_target, _this, args: unknown[]) {
      attempts.push(String(args.at(-1)).slice(0, 60));
      throw new EvalError(
        "Refused to evaluate a string as JavaScript: 'unsafe-eval' is not allowed",
      );
    },
  });
}

afterEach(() => {
  globalThis.Function = realFunction;
  config({ jitless: true });
});

describe('core under a policy that forbids eval', () => {
  it('builds its schemas and parses without ever calling new Function', async () => {
    // As if nothing had configured zod yet: loading core must configure it itself.
    config({ jitless: false });
    vi.resetModules();
    refuseEval();
    const core = await import('./index');
    const ticket = makeTicket();
    expect(core.ticketSchema.parse(ticket)).toEqual(ticket);
    const category = core.getCategory(core.defaultCatalog, 'technical.incident');
    if (category === undefined) {
      throw new Error('technical.incident is a default category');
    }
    const t = core.createTranslator({ locale: 'fr', messages: core.fr });
    const result = core.validate(core.ticketFormSchema(category), { category: category.key }, t);
    expect(result.success).toBe(false);
    expect(attempts).toEqual([]);
  });

  it('keeps the JIT off for classic zod schemas sharing the page (one zod configuration)', async () => {
    config({ jitless: false });
    vi.resetModules();
    await import('./ticket/actions');
    refuseEval();
    // A schema a host or the server builds with classic zod after core was loaded.
    const hostSchema = classic.object({ name: classic.string(), age: classic.int() });
    expect(hostSchema.parse({ name: 'Ada', age: 36 })).toEqual({ name: 'Ada', age: 36 });
    expect(attempts).toEqual([]);

    // The trap is live: with the JIT on, the next classic schema tries (zod swallows the
    // refusal and falls back to its interpreter).
    config({ jitless: false });
    const compiled = classic.object({ name: classic.string() });
    expect(compiled.parse({ name: 'Ada' })).toEqual({ name: 'Ada' });
    expect(attempts.length).toBeGreaterThan(0);
  });
});
