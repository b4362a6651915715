/**
 * A fresh idempotency key (a UUID v4). Keep it with the draft or outbox entry it belongs to and
 * pass it again on every retry of the same submission.
 *
 * @example
 * const key = createIdempotencyKey();
 * await client.createTicket(draft, { idempotencyKey: key });
 */
export function createIdempotencyKey(): string {
  const cryptoObject = globalThis.crypto;
  // randomUUID exists only in secure contexts; a host page served over plain http still has
  // getRandomValues.
  if (typeof cryptoObject.randomUUID === 'function') {
    return cryptoObject.randomUUID();
  }
  const bytes = cryptoObject.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
