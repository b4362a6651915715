import { expect, it } from 'vitest';
import * as core from './index';

// A change of public surface must show up as a diff here.
it('exports exactly the public names', () => {
  expect(Object.keys(core).sort()).toEqual(['fr', 'isOpenStatus', 'ticketStatuses']);
});
