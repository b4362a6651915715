import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './config';

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
