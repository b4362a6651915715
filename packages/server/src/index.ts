// @aide/server public surface (private package: used by its own tests and the examples' tooling).
export { createApp } from './app';
export { type RunningServer, startServer } from './main';
