import { expect, it } from 'vitest';
import * as iife from './iife';
import * as widget from './index';

it('exports exactly the public names', () => {
  expect(Object.keys(widget).sort()).toEqual(['defineAideElement', 'mountAide']);
});

it('gives the script-tag build the same two functions, and nothing else', () => {
  expect(Object.keys(iife).sort()).toEqual(['defineAideElement', 'mountAide']);
});
