import { defineConfig } from 'vite';
import { talentiaConfig } from './host-config';

// Stand-alone: `pnpm --filter @aide/example-saas-host dev` beside `aide-server --demo`.
export default defineConfig(
  talentiaConfig({ aideServer: process.env.AIDE_SERVER_URL ?? 'http://127.0.0.1:8787' }),
);
