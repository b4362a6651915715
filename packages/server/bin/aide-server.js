#!/usr/bin/env node
// Runs the built server (pnpm --filter @aide/server build first).
import '../dist/main.js';
