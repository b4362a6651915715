import { describe, expect, it } from 'vitest';
import { newId } from './tickets';

describe('newId', () => {
  it('gives distinct opaque ids of 96 random bits, across many refills of its random pool', () => {
    const ids = Array.from({ length: 5_000 }, () => newId('tkt'));
    for (const id of ids) {
      expect(id).toMatch(/^tkt_[A-Za-z0-9_-]{16}$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
    // Random, not a counter: even the first character is spread over the alphabet.
    const firstChars = new Set(ids.map((id) => id.slice(4, 5)));
    expect(firstChars.size).toBeGreaterThan(32);
  });
});
