import { expect, it } from 'vitest';
import * as server from './index';

it('exports exactly the public names', () => {
  expect(Object.keys(server).sort()).toEqual(['createApp', 'startServer']);
});
