import { describe, expect, it } from 'vitest';
import { nulPath } from './nul';

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
