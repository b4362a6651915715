import { attachmentSchema } from '../ticket/ticket';
import { z } from '../zod';

/** GET /health: the process is up and its storage answers. */
export const healthResponseSchema = z.object({ status: z.literal('ok') });
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** GET /v1/openapi.json: only the envelope is checked; the document describes itself. */
export const openApiDocumentSchema = z.looseObject({
  openapi: z.string().check(z.regex(/^3\.1\.\d+$/)),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

/** Name of the multipart field that carries the file of POST /v1/attachments. */
export const attachmentUploadField = 'file';

/** POST /v1/attachments answer: the stored file, its type sniffed from the content. */
export const uploadedAttachmentSchema = attachmentSchema;
export type UploadedAttachment = z.infer<typeof uploadedAttachmentSchema>;

/** Path parameters of GET /v1/attachments/:id. */
export const attachmentParamsSchema = z.object({ id: attachmentSchema.shape.id });

/** Header carrying the idempotency key of every POST. */
export const idempotencyKeyHeader = 'Idempotency-Key';

/** What the server accepts as an idempotency key (a UUID fits; so does any opaque token). */
export const idempotencyKeySchema = z
  .string()
  .check(z.minLength(8), z.maxLength(255), z.regex(/^[A-Za-z0-9._:-]+$/));
