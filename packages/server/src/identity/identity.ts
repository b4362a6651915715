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
      list.push({ alg: 'HS256', kid: undefined, key: new TextEncoder().encode(tenant.secret) });
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

  async function verifyUserToken(
    token: string | undefined,
    now: Date,
  ): Promise<VerifyResult<UserIdentity>> {
    if (token === undefined || token === '') {
      return { ok: false, failure: 'missing_token' };
    }
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
        return {
          ok: true,
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
