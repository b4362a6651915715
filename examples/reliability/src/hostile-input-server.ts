import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type ServerConfigInput, startServer } from '@aide/server';
import { SignJWT } from 'jose';
import { type Engine, openEngine } from './inprocess-server';

// The real server in this process, for the hostile-input suites (schema fuzzing, upload
// gauntlet): SQLite under a temporary folder, the production limits except the rate limits
// (a fuzzer is a burst by design; rate limiting has its own suite), and an admin whose token
// is signed as a host backend would sign it.

const tenantId = 'hostile-input';
const secret = 'hostile-input-secret-0123456789';

export interface HostileInputServer {
  url: string;
  /** Limits the server runs with (production defaults unless overridden). */
  limits: { body_bytes: number; attachment_bytes: number; ticket_attachment_bytes: number };
  /** A fresh token of the company administrator who files the tickets. */
  adminToken(): Promise<string>;
  /** POST JSON as the administrator, with a fresh Idempotency-Key. */
  postJson(path: string, body: unknown): Promise<Response>;
  /**
   * POST an upload as the administrator: a FormData, or raw bytes with their Content-Type (to
   * send what a browser's FormData would escape).
   */
  upload(body: FormData | Uint8Array<ArrayBuffer>, contentType?: string): Promise<Response>;
  /** GET as the administrator. */
  get(path: string): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Starts the server on a free port of 127.0.0.1, over SQLite unless told otherwise.
 *
 * @example
 * const server = await startHostileInputServer({ engine: 'PostgreSQL' });
 * const response = await server.postJson('/v1/tickets', body);
 */
export async function startHostileInputServer(
  options: { engine?: Engine; limits?: Partial<NonNullable<ServerConfigInput['limits']>> } = {},
): Promise<HostileInputServer> {
  const { engine = 'SQLite', limits = {} } = options;
  const dataDir = await mkdtemp(join(tmpdir(), 'aide-hostile-'));
  const { store, dispose } = await openEngine(engine);
  const config = parseConfig({
    port: 0,
    host: '127.0.0.1',
    data_dir: dataDir,
    limits: { user_per_minute: 10_000_000, tenant_per_minute: 10_000_000, ...limits },
    tenants: [{ id: tenantId, secret, allowed_origins: ['http://localhost:*'] }],
  });
  const running = await startServer({ config, store });
  const key = new TextEncoder().encode(secret);

  const adminToken = () =>
    new SignJWT({
      email: 'ada@acme.test',
      name: 'Ada Lovelace',
      company: 'acme',
      company_name: 'Acme SARL',
      role: 'admin',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(tenantId)
      .setAudience('aide')
      .setSubject('ada')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);

  // One token serves the whole run (10 minutes, far longer than a fast-tier suite); a stress
  // run re-signs when it gets old.
  let token = { value: await adminToken(), at: Date.now() };
  const bearer = async () => {
    if (Date.now() - token.at > 5 * 60_000) {
      token = { value: await adminToken(), at: Date.now() };
    }
    return `Bearer ${token.value}`;
  };

  // A keep-alive connection the server closes as idle just when a request goes out on it ends
  // in a reset before any answer. Every call here is safe to send again (a POST keeps its
  // Idempotency-Key), so a reset is retried once: what is measured is the server's answer.
  const send = async (path: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetch(`${running.url}${path}`, init);
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET') {
        throw error;
      }
      return fetch(`${running.url}${path}`, init);
    }
  };

  return {
    url: running.url,
    limits: config.limits,
    adminToken,
    async postJson(path, body) {
      return send(path, {
        method: 'POST',
        headers: {
          Authorization: await bearer(),
          'Content-Type': 'application/json',
          'Idempotency-Key': randomUUID(),
        },
        body: JSON.stringify(body),
      });
    },
    async upload(body, contentType) {
      const headers: Record<string, string> = {
        Authorization: await bearer(),
        'Idempotency-Key': randomUUID(),
      };
      if (contentType !== undefined) {
        headers['Content-Type'] = contentType;
      }
      return send('/v1/attachments', { method: 'POST', headers, body });
    },
    async get(path) {
      return send(path, { headers: { Authorization: await bearer() } });
    },
    async close() {
      await running.close();
      await dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
