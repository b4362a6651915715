import { compile, type z } from 'zod/mini';

// Core builds its schemas with zod mini, which never compiles a parser: the widget runs on pages
// whose CSP refuses `new Function`. The server has no such policy, and it parses with those
// schemas on every request (params, query, body, the answer itself) and for every stored ticket
// it reads. zod's `compile` turns a schema into generated code once (a ticket page of 20 lines:
// ~200 µs interpreted, ~8 µs compiled); what the generated code cannot model, or a value it
// rejects, goes through the ordinary parser, so results and issues are the same.

const cache = new WeakMap<z.core.$ZodType, z.core.$ZodType>();

/**
 * The compiled form of a schema, built on first use and kept for as long as the schema lives.
 *
 * @example
 * const parsed = compiled(endpoint.body).safeParse(await c.req.json());
 */
export function compiled<Schema extends z.core.$ZodType>(schema: Schema): Schema {
  const known = cache.get(schema);
  if (known !== undefined) {
    return known as Schema;
  }
  const built = compile(schema);
  cache.set(schema, built);
  return built;
}
