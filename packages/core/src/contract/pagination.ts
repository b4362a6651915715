import { z } from '../zod';

/** Most items one page may hold; `?limit=` above this is a validation error, not a silent cap. */
export const maxPageSize = 100;
export const defaultPageSize = 20;

/**
 * Cursor pagination of list endpoints. Query values arrive as strings, hence the coercion;
 * the cursor is opaque to clients (the server decides what it encodes).
 */
export const paginationQuerySchema = z.object({
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
  limit: z._default(
    z.coerce.number<number | string>().check(z.int(), z.gte(1), z.lte(maxPageSize)),
    defaultPageSize,
  ),
});
export type PaginationQuery = z.infer<typeof paginationQuerySchema>;

/**
 * A page of items: `next_cursor` is null on the last page.
 *
 * @example
 * const ticketPageSchema = pageSchema(ticketSummarySchema);
 * const page = ticketPageSchema.parse(await response.json());
 * if (page.next_cursor !== null) {
 *   // ask for ?cursor=page.next_cursor
 * }
 */
export function pageSchema<Item extends z.core.$ZodType>(item: Item) {
  return z.object({
    items: z.array(item).check(z.maxLength(maxPageSize)),
    next_cursor: z.nullable(z.string().check(z.minLength(1), z.maxLength(512))),
  });
}
export interface Page<Item> {
  items: Item[];
  next_cursor: string | null;
}
