import { ticketStatuses } from '@aide/core';
import { Hono } from 'hono';

/** Builds the HTTP application; main.ts binds it to a port. */
export function createApp(): Hono {
  const app = new Hono();
  app.get('/health', (c) => c.json({ status: 'ok', statuses: ticketStatuses.length }));
  return app;
}
