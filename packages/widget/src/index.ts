// @aide/widget public surface: mountAide and its types. Everything exported here is listed in
// index.test.ts.
export { type AideHandle, type AideOptions, mountAide } from './mount';
