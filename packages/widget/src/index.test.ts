import { expect, it } from 'vitest';
import * as widget from './index';

it('exports exactly the public names', () => {
  expect(Object.keys(widget).sort()).toEqual(['mountAide']);
});
