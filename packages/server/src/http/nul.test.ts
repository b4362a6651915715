import { describe, expect, it } from 'vitest';
import { nulPath, unpairedSurrogatePath } from './nul';

describe('nulPath', () => {
  it('names the first string holding a NUL, however deep', () => {
    expect(nulPath({ subject: 'a\u0000b' })).toBe('subject');
    expect(nulPath({ subject: 'ok', fields: { steps: ['a', 'b\u0000'] } })).toBe('fields.steps.1');
    expect(nulPath({ fields: { employees: [{ name: 'Ada', number: '\u0000' }] } })).toBe(
      'fields.employees.0.number',
    );
  });

  it('names a key holding a NUL', () => {
    expect(nulPath({ fields: { 'bad\u0000key': 'x' } })).toBe('fields.bad\u0000key');
  });

  it('finds nothing in clean bodies, other control characters included', () => {
    expect(nulPath({ subject: 'tab\there', n: 1, ok: true, none: null, list: [] })).toBeNull();
    expect(nulPath('\u0001\u007f')).toBeNull();
    expect(nulPath(undefined)).toBeNull();
  });
});

describe('unpairedSurrogatePath', () => {
  it('names the first string or key holding half of a surrogate pair', () => {
    expect(unpairedSurrogatePath({ body: 'ok', list: ['a', 'b\uD83D'] })).toBe('list.1');
    expect(unpairedSurrogatePath({ body: '\uDC00 first' })).toBe('body');
    expect(unpairedSurrogatePath({ fields: { 'k\uDC00\uD83D': 'x' } })).toBe(
      'fields.k\uDC00\uD83D',
    );
  });

  it('finds nothing in well-formed text, emoji included', () => {
    expect(unpairedSurrogatePath({ body: 'un \uD83D\uDE00 sourire 👩‍💻', n: 1 })).toBeNull();
  });
});
