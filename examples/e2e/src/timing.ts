import { afterEach, beforeEach } from 'vitest';

// Each journey prints its run time, so that the suite's cost stays visible in CI logs.
let started = 0;

beforeEach(() => {
  started = performance.now();
});

afterEach((context) => {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`⏱  ${context.task.name}: ${seconds} s (${context.task.result?.state ?? 'run'})`);
});
