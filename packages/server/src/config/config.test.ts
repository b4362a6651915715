import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTranslator,
  defaultCatalog,
  descriptionMaxLength,
  fr,
  getCategory,
  subjectMaxLength,
  ticketFormSchema,
  validate,
} from '@aide/core';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultBodyBytes, loadConfig, parseConfig } from './config';

const tenant = { id: 'acme-saas', secret: 'a-secret-of-enough-length' };

describe('parseConfig', () => {
  it('fills defaults for a minimal configuration', () => {
    const config = parseConfig({ tenants: [tenant] });
    expect(config.port).toBe(8787);
    expect(config.host).toBe('127.0.0.1');
    expect(config.tenants[0]?.only_admins_create).toBe(true);
    expect(config.tenants[0]?.reminder_delays).toEqual({
      first_reminder_days: 2,
      second_reminder_days: 5,
      auto_resolve_days: 10,
    });
  });

  it('limits JSON bodies to a size the largest valid ticket form fits in', () => {
    expect(parseConfig({ tenants: [tenant] }).limits.body_bytes).toBe(defaultBodyBytes);
    // The largest form: a user deletion for 50 employees, every text at its maximum length, in
    // a character JSON escapes to six bytes.
    const worst = (length: number) => '\u0001'.repeat(length);
    const category = getCategory(defaultCatalog, 'security.user_deletion');
    const employee = {
      name: worst(200),
      employee_number: worst(50),
      profile_url: `https://e.test/${worst(2048 - 15)}`,
    };
    const form = {
      category: 'security.user_deletion',
      subject: `s${worst(subjectMaxLength - 1)}`,
      description: `d${worst(descriptionMaxLength - 1)}`,
      priority: 'urgent',
      fields: {
        employees: Array(50).fill(employee),
        business_justification: `b${worst(4999)}`,
        irreversible_ack: true,
      },
      attachments: Array.from({ length: 20 }, (_, index) => `att_${'x'.repeat(58)}${index}`),
      consent: { accepted: true, text_version: 'v'.repeat(64) },
      share_with_account_manager: true,
      context: {
        page_url: worst(2048),
        route: worst(2048),
        browser: worst(500),
        entities: Array(20).fill({ label: worst(100), value: worst(500) }),
      },
    };
    const t = createTranslator({ locale: 'fr', messages: fr });
    expect(category && validate(ticketFormSchema(category), form, t).success).toBe(true);
    expect(new TextEncoder().encode(JSON.stringify(form)).length).toBeLessThan(defaultBodyBytes);
  });

  it('names every invalid setting in one error', () => {
    let error: unknown;
    try {
      parseConfig({
        port: 70000,
        database_url: 'mysql://x',
        tenants: [
          { id: 'Bad Id', secret: 'short', allowed_origins: ['localhost:3000'] },
          { id: 'ok', public_keys: [{ alg: 'RS256', pem: 'x' }] },
          { id: 'nokey' },
          {
            id: 'cats',
            secret: 'a-secret-of-enough-length',
            categories: ['general.question', 'x.y'],
          },
        ],
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    expect(issues).toContain('port:');
    expect(issues).toContain('database_url: must start with postgres://');
    expect(issues).toContain('tenants[0].id:');
    expect(issues).toContain('tenants[0].secret: HS256 secrets must be at least 16 characters');
    expect(issues).toContain('tenants[0].allowed_origins[0]: must be an origin');
    expect(issues).toContain('tenants[1].public_keys[0].alg');
    expect(issues).toContain('tenants[2]: a tenant needs a secret');
    expect(issues).toContain('tenants[3].categories[1]: unknown category "x.y"');
  });

  it('refuses duplicate tenants, decreasing reminder delays and unknown time zones', () => {
    const attempt = () =>
      parseConfig({
        tenants: [
          tenant,
          {
            ...tenant,
            reminder_delays: { first_reminder_days: 5, second_reminder_days: 2 },
            support_hours: {
              timezone: 'Mars/Olympus',
              days: [{ day: 'monday', opens: '09:00', closes: '18:00' }],
            },
          },
        ],
      });
    expect(attempt).toThrow(/tenants\[1\]\.id: duplicate tenant id/);
    expect(attempt).toThrow(/tenants\[1\]\.reminder_delays: delays must increase/);
    expect(attempt).toThrow(/tenants\[1\]\.support_hours\.timezone: must be an IANA time zone/);
  });
});

describe('loadConfig', () => {
  it('reads the JSON file and lets the environment override it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aide-config-'));
    const path = join(dir, 'aide.json');
    await writeFile(path, JSON.stringify({ port: 9000, tenants: [tenant] }));
    const config = await loadConfig({
      configPath: path,
      env: { AIDE_PORT: '9100', AIDE_DATA_DIR: dir, AIDE_DATABASE_URL: 'postgres://db/aide' },
    });
    expect(config.port).toBe(9100);
    expect(config.data_dir).toBe(dir);
    expect(config.database_url).toBe('postgres://db/aide');
  });

  it('explains an unreadable file, invalid JSON and an invalid environment value', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aide-config-'));
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "port": ');
    await expect(loadConfig({ configPath: join(dir, 'missing.json'), env: {} })).rejects.toThrow(
      /--config: cannot read/,
    );
    await expect(loadConfig({ configPath: broken, env: {} })).rejects.toThrow(/not valid JSON/);
    await expect(
      loadConfig({ base: { tenants: [tenant] }, env: { AIDE_PORT: 'eighty' } }),
    ).rejects.toThrow(/port \(from AIDE_PORT\):/);
  });
});
