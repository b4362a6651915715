import { type CryptoKey, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config';
import { bearerToken, createIdentityVerifier, type IdentityVerifier } from './identity';

const secret = 'hs-tenant-secret-0123456789';
const now = new Date('2026-11-23T10:00:00Z');
const iat = Math.floor(now.getTime() / 1000);
const claims = {
  email: 'ada@acme.test',
  name: 'Ada Lovelace',
  company: 'acme',
  company_name: 'Acme SARL',
  role: 'admin',
};

let verifier: IdentityVerifier;
let esKey: CryptoKey;
let esPublicPem: string;
let edKey: CryptoKey;

function hs(
  overrides: {
    iss?: string;
    aud?: string;
    iat?: number;
    exp?: number;
    key?: string;
    claims?: Record<string, string>;
  } = {},
) {
  return new SignJWT({ ...claims, ...overrides.claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('ada')
    .setIssuer(overrides.iss ?? 'hs')
    .setAudience(overrides.aud ?? 'aide')
    .setIssuedAt(overrides.iat ?? iat)
    .setExpirationTime(overrides.exp ?? iat + 600)
    .sign(new TextEncoder().encode(overrides.key ?? secret));
}

beforeAll(async () => {
  const es = await generateKeyPair('ES256');
  esKey = es.privateKey;
  esPublicPem = await exportSPKI(es.publicKey);
  const ed = await generateKeyPair('EdDSA');
  edKey = ed.privateKey;
  const config = parseConfig({
    tenants: [
      { id: 'hs', secret, agent_keys: [{ name: 'Support', key: 'agent-key-hs-1234' }] },
      {
        id: 'pk',
        public_keys: [
          { alg: 'ES256', pem: esPublicPem },
          { alg: 'EdDSA', pem: await exportSPKI(ed.publicKey) },
        ],
      },
    ],
  });
  verifier = await createIdentityVerifier(config.tenants);
});

describe('host tokens', () => {
  it('accepts a valid HS256 token and exposes only verified claims', async () => {
    const result = await verifier.verifyUserToken(await hs(), now);
    expect(result).toEqual({
      ok: true,
      identity: {
        kind: 'user',
        tenantId: 'hs',
        userId: 'ada',
        email: 'ada@acme.test',
        name: 'Ada Lovelace',
        companyId: 'acme',
        companyName: 'Acme SARL',
        role: 'admin',
        locale: null,
      },
    });
  });

  it('accepts ES256 and EdDSA tokens of a tenant that registered those public keys', async () => {
    for (const [alg, key] of [
      ['ES256', esKey],
      ['EdDSA', edKey],
    ] as const) {
      const token = await new SignJWT({ ...claims, locale: 'en' })
        .setProtectedHeader({ alg })
        .setSubject('ada')
        .setIssuer('pk')
        .setAudience('aide')
        .setIssuedAt(iat)
        .setExpirationTime(iat + 900)
        .sign(key);
      const result = await verifier.verifyUserToken(token, now);
      expect(result.ok && result.identity.locale).toBe('en');
    }
  });

  it('refuses forged, expired, long-lived, wrong-audience and unknown-issuer tokens', async () => {
    const failure = async (token: string) => {
      const result = await verifier.verifyUserToken(token, now);
      return result.ok ? 'accepted' : result.failure;
    };
    expect(await failure(await hs({ key: 'another-secret-0123456789' }))).toBe('invalid_token');
    expect(await failure(await hs({ iat: iat - 3600, exp: iat - 1800 }))).toBe('token_expired');
    expect(await failure(await hs({ exp: iat + 3600 }))).toBe('token_lifetime_too_long');
    expect(await failure(await hs({ aud: 'other' }))).toBe('invalid_token');
    expect(await failure(await hs({ iss: 'nobody' }))).toBe('unknown_tenant');
    expect(await failure('not.a.jwt')).toBe('invalid_token');
    expect(await verifier.verifyUserToken(undefined, now)).toEqual({
      ok: false,
      failure: 'missing_token',
    });
  });

  it('refuses a token it accepted before once it has expired (verifications are reused)', async () => {
    const token = await hs({ exp: iat + 600 });
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    expect((await verifier.verifyUserToken(token, now)).ok).toBe(true);
    // Within the 30 s tolerance after `exp`, as jose judges it.
    expect((await verifier.verifyUserToken(token, at(629))).ok).toBe(true);
    expect(await verifier.verifyUserToken(token, at(630))).toEqual({
      ok: false,
      failure: 'token_expired',
    });
    // A clock set back before `iat` (beyond the tolerance) refuses it too.
    expect(await verifier.verifyUserToken(token, at(-31))).toEqual({
      ok: false,
      failure: 'invalid_token',
    });
  });

  it('never reuses a refusal: a token issued ahead of this clock is accepted once it is due', async () => {
    const token = await hs({ iat: iat + 120, exp: iat + 700 });
    expect(await verifier.verifyUserToken(token, now)).toEqual({
      ok: false,
      failure: 'invalid_token',
    });
    const later = new Date(now.getTime() + 120_000);
    expect((await verifier.verifyUserToken(token, later)).ok).toBe(true);
  });

  it('gives each caller its own identity object', async () => {
    const token = await hs({ claims: { name: 'Ada' } });
    const first = await verifier.verifyUserToken(token, now);
    if (first.ok) {
      first.identity.role = 'member';
    }
    const second = await verifier.verifyUserToken(token, now);
    expect(second.ok && second.identity.role).toBe('admin');
  });

  it('refuses alg none and algorithm confusion', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const payload = { ...claims, sub: 'ada', iss: 'hs', aud: 'aide', iat, exp: iat + 600 };
    const none = `${encode({ alg: 'none' })}.${encode(payload)}.`;
    expect(await verifier.verifyUserToken(none, now)).toEqual({
      ok: false,
      failure: 'algorithm_not_allowed',
    });
    // The classic confusion: an HS256 token signed with the tenant's public key as the secret.
    const confused = await hs({ iss: 'pk', key: esPublicPem });
    expect(await verifier.verifyUserToken(confused, now)).toEqual({
      ok: false,
      failure: 'algorithm_not_allowed',
    });
    // And an asymmetric token for a tenant that only shares a secret.
    const es = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('ada')
      .setIssuer('hs')
      .setAudience('aide')
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .sign(esKey);
    expect(await verifier.verifyUserToken(es, now)).toEqual({
      ok: false,
      failure: 'algorithm_not_allowed',
    });
  });

  it('refuses tokens whose claims are missing or invalid (role outside admin/member)', async () => {
    const token = await hs({ claims: { role: 'owner' } });
    expect(await verifier.verifyUserToken(token, now)).toEqual({
      ok: false,
      failure: 'invalid_claims',
    });
  });
});

describe('claims holding a NUL character', () => {
  it('refuses them: no store can hold the name or company they would bring', async () => {
    for (const claim of ['name', 'company', 'company_name'] as const) {
      const token = await hs({ claims: { [claim]: 'Ada\u0000Lovelace' } });
      expect(await verifier.verifyUserToken(token, now)).toEqual({
        ok: false,
        failure: 'invalid_claims',
      });
    }
  });
});

describe('agent keys and bearer headers', () => {
  it('maps a known agent key to its tenant and refuses others', () => {
    expect(verifier.verifyAgentKey('agent-key-hs-1234')).toEqual({
      ok: true,
      identity: { kind: 'agent', tenantId: 'hs', name: 'Support' },
    });
    expect(verifier.verifyAgentKey('agent-key-hs-1235')).toEqual({
      ok: false,
      failure: 'invalid_agent_key',
    });
  });

  it('reads the bearer token of an Authorization header', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer  abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
