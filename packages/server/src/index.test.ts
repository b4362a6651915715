import { expect, it } from 'vitest';
import * as server from './index';

it('exports exactly the public names', () => {
  expect(Object.keys(server).sort()).toEqual([
    'ConfigError',
    'createApp',
    'createDirectory',
    'demoAgentKey',
    'demoConfig',
    'demoOrigins',
    'demoSecret',
    'demoTenantId',
    'demoUsers',
    'loadConfig',
    'parseConfig',
    'runCli',
    'seedDemo',
    'startServer',
  ]);
});
