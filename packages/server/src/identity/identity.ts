import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type CryptoKey,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  importJWK,
  importSPKI,
  type JWK,
  jwtVerify,
} from 'jose';
import { z } from 'zod';
import type { TenantConfig } from '../config/config';

/** Audience every host token must name. */
export const tokenAudience = 'aide';
/** DESIGN.md: `exp` at most 15 minutes after `iat`. */
export const maxTokenLifetimeSeconds = 15 * 60;
/** Clock skew tolerated between the host backend and this server. */
const clockToleranceSeconds = 30;

/** A claim shown and stored as text: never a NUL character, which no store can hold. */
const claimText = z
  .string()
  .min(1)
  .max(200)
  .refine((text) => !text.includes('\0'), 'must not contain NUL (U+0000) characters');

const claimsSchema = z.object({
  sub: claimText,
  email: z.email().max(320),
  name: claimText,
  company: claimText,
  company_name: claimText,
  role: z.enum(['admin', 'member']),
  locale: z.string().min(2).max(35).optional(),
});

/** Who is calling, from verified claims only. */
export interface UserIdentity {
  kind: 'user';
  tenantId: string;
  userId: string;
  email: string;
  name: string;
  companyId: string;
  companyName: string;
  role: 'admin' | 'member';
  locale: string | null;
}

export interface AgentIdentity {
  kind: 'agent';
  tenantId: string;
  name: string;
}

/** Why a credential was refused; all of them answer 401 with this code. */
export type IdentityFailure =
  | 'missing_token'
  | 'invalid_token'
  | 'token_expired'
  | 'token_lifetime_too_long'
  | 'unknown_tenant'
  | 'algorithm_not_allowed'
  | 'invalid_claims'
  | 'invalid_agent_key';

export type VerifyResult<T> = { ok: true; identity: T } | { ok: false; failure: IdentityFailure };

type Verifier = {
  alg: 'HS256' | 'ES256' | 'EdDSA';
  kid: string | undefined;
  key: CryptoKey | Uint8Array;
};

/**
 * Verifies host tokens for a set of tenants. Keys are imported once; each tenant accepts exactly
 * the algorithms it registered keys for, which is what defeats algorithm confusion (an HS256 token
 * signed with a tenant's public key, `alg: none`, an ES256 token for an HS256-only tenant).
 *
 * @example
 * const identities = await createIdentityVerifier(config.tenants);
 * const result = await identities.verifyUserToken(bearer, new Date());
 * if (result.ok) { result.identity.companyId; }
 */
export async function createIdentityVerifier(tenants: readonly TenantConfig[]) {
  const verifiers = new Map<string, Verifier[]>();
  const agentKeys: { digest: Buffer; tenantId: string; name: string }[] = [];
  for (const tenant of tenants) {
    const list: Verifier[] = [];
    if (tenant.secret !== undefined) {
      // Imported once: given the raw bytes, jose would import them again for every token.
      const key = await crypto.subtle.importKey(
        'raw',
        new TextEncoder().encode(tenant.secret),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['verify'],
      );
      list.push({ alg: 'HS256', kid: undefined, key });
    }
    for (const publicKey of tenant.public_keys) {
      const key =
        publicKey.pem !== undefined
          ? await importSPKI(publicKey.pem, publicKey.alg)
          : await importJWK(publicKey.jwk as JWK, publicKey.alg);
      if (key instanceof Uint8Array) {
        // A symmetric JWK registered as a "public key" would reopen the confusion hole.
        throw new Error(`tenant ${tenant.id}: public_keys must be asymmetric keys`);
      }
      list.push({ alg: publicKey.alg, kid: publicKey.kid, key });
    }
    verifiers.set(tenant.id, list);
    for (const agent of tenant.agent_keys) {
      agentKeys.push({ digest: sha256(agent.key), tenantId: tenant.id, name: agent.name });
    }
  }

  // Tokens already verified, by their exact text. The keys never change for this verifier,
  // so the same text always has the same signature verdict and claims; only the clock can change
  // the answer, and each use checks it again exactly as jose and the checks below do. Failures
  // are never kept. A host reuses a token for minutes, so this spares the signature check (and
  // the claims' parsing) on almost every request.
  const verified = new Map<string, VerifiedToken>();

  async function verifyUserToken(
    token: string | undefined,
    now: Date,
  ): Promise<VerifyResult<UserIdentity>> {
    if (token === undefined || token === '') {
      return { ok: false, failure: 'missing_token' };
    }
    const known = verified.get(token);
    if (known !== undefined) {
      if (stillValid(known, now)) {
        return { ok: true, identity: { ...known.identity } };
      }
      // Expired (or the clock went back): verified again below, which says why it fails.
      verified.delete(token);
    }
    const result = await verifyAnew(token, now);
    if (result.ok) {
      remember(verified, token, result);
    }
    return result.ok ? { ok: true, identity: result.identity } : result;
  }

  async function verifyAnew(
    token: string,
    now: Date,
  ): Promise<
    | { ok: true; identity: UserIdentity; times: TokenTimes }
    | { ok: false; failure: IdentityFailure }
  > {
    let alg: string | undefined;
    let kid: string | undefined;
    let issuer: unknown;
    try {
      const header = decodeProtectedHeader(token);
      alg = header.alg;
      kid = header.kid;
      issuer = decodeJwt(token).iss;
    } catch {
      return { ok: false, failure: 'invalid_token' };
    }
    if (typeof issuer !== 'string') {
      return { ok: false, failure: 'invalid_token' };
    }
    const candidates = verifiers.get(issuer);
    if (candidates === undefined) {
      return { ok: false, failure: 'unknown_tenant' };
    }
    const usable = candidates.filter(
      (v) => v.alg === alg && (kid === undefined || v.kid === undefined || v.kid === kid),
    );
    if (usable.length === 0) {
      return { ok: false, failure: 'algorithm_not_allowed' };
    }
    let lastFailure: IdentityFailure = 'invalid_token';
    for (const verifier of usable) {
      try {
        const { payload } = await jwtVerify(token, verifier.key, {
          algorithms: [verifier.alg],
          issuer,
          audience: tokenAudience,
          requiredClaims: ['iat', 'exp', 'sub'],
          currentDate: now,
          clockTolerance: clockToleranceSeconds,
        });
        const iat = payload.iat as number;
        const exp = payload.exp as number;
        if (exp - iat > maxTokenLifetimeSeconds) {
          return { ok: false, failure: 'token_lifetime_too_long' };
        }
        if (iat > now.getTime() / 1000 + clockToleranceSeconds) {
          return { ok: false, failure: 'invalid_token' };
        }
        const claims = claimsSchema.safeParse(payload);
        if (!claims.success) {
          return { ok: false, failure: 'invalid_claims' };
        }
        const nbf = typeof payload.nbf === 'number' ? payload.nbf : undefined;
        return {
          ok: true,
          times: { iat, exp, nbf },
          identity: {
            kind: 'user',
            tenantId: issuer,
            userId: claims.data.sub,
            email: claims.data.email,
            name: claims.data.name,
            companyId: claims.data.company,
            companyName: claims.data.company_name,
            role: claims.data.role,
            locale: claims.data.locale ?? null,
          },
        };
      } catch (error) {
        lastFailure = error instanceof errors.JWTExpired ? 'token_expired' : 'invalid_token';
      }
    }
    return { ok: false, failure: lastFailure };
  }

  /** Agent API keys are compared by digest in constant time. */
  function verifyAgentKey(key: string | undefined): VerifyResult<AgentIdentity> {
    if (key === undefined || key === '') {
      return { ok: false, failure: 'missing_token' };
    }
    const digest = sha256(key);
    let found: { tenantId: string; name: string } | undefined;
    for (const candidate of agentKeys) {
      if (timingSafeEqual(candidate.digest, digest)) {
        found = candidate;
      }
    }
    if (found === undefined) {
      return { ok: false, failure: 'invalid_agent_key' };
    }
    return { ok: true, identity: { kind: 'agent', tenantId: found.tenantId, name: found.name } };
  }

  return { verifyUserToken, verifyAgentKey };
}

export type IdentityVerifier = Awaited<ReturnType<typeof createIdentityVerifier>>;

/** The time claims of a verified token, in seconds since the epoch. */
interface TokenTimes {
  iat: number;
  exp: number;
  nbf: number | undefined;
}

interface VerifiedToken {
  identity: UserIdentity;
  times: TokenTimes;
}

/** Enough for every token a busy instance sees within a token's 15 minutes. */
const maxVerifiedTokens = 10_000;

/** Whether a verified token still passes every time check at `now`, as when it was verified. */
function stillValid({ times }: VerifiedToken, now: Date): boolean {
  // jose compares whole seconds (floor of now) with the tolerance; the `iat` check above uses
  // the exact time.
  const seconds = Math.floor(now.getTime() / 1000);
  return (
    times.exp > seconds - clockToleranceSeconds &&
    (times.nbf === undefined || times.nbf <= seconds + clockToleranceSeconds) &&
    times.iat <= now.getTime() / 1000 + clockToleranceSeconds
  );
}

function remember(verified: Map<string, VerifiedToken>, token: string, entry: VerifiedToken): void {
  if (verified.size >= maxVerifiedTokens) {
    // The oldest entry goes first (a Map iterates in insertion order).
    const oldest = verified.keys().next();
    if (oldest.done !== true) {
      verified.delete(oldest.value);
    }
  }
  verified.set(token, { identity: { ...entry.identity }, times: entry.times });
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** The token of an `Authorization: Bearer ...` header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
