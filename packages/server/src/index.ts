// @aide/server public surface (private package: used by its own tests and the examples' tooling).
export { type AppOptions, createApp } from './app';
export { runCli } from './cli';
export {
  ConfigError,
  loadConfig,
  parseConfig,
  type ServerConfig,
  type ServerConfigInput,
} from './config/config';
export {
  demoAgentKey,
  demoConfig,
  demoOrigins,
  demoSecret,
  demoTenantId,
  demoUsers,
} from './demo/fixture';
export { seedDemo } from './demo/seed';
export { type RunningServer, startServer } from './main';
export { createDirectory } from './services/directory';
