import { describe, expect, it } from 'vitest';
import { routeMatches, searchable } from './docs';

describe('routeMatches', () => {
  it('matches exact routes, trailing wildcards and named segments', () => {
    expect(routeMatches('/factures', '/factures')).toBe(true);
    expect(routeMatches('/factures', '/factures/')).toBe(true);
    expect(routeMatches('/factures', '/factures/42')).toBe(false);
    expect(routeMatches('/factures/*', '/factures/2026/42')).toBe(true);
    expect(routeMatches('/factures/*', '/factures')).toBe(false);
    expect(routeMatches('/candidats/:id', '/candidats/42')).toBe(true);
    expect(routeMatches('/candidats/:id', '/candidats/42/notes')).toBe(false);
    expect(routeMatches('/candidats/:id', '/offres/42')).toBe(false);
    expect(routeMatches('/factures', '/factures?page=2#haut')).toBe(true);
  });
});

describe('searchable', () => {
  it('ignores case and accents', () => {
    expect(searchable('Résumé ÉQUIPE')).toBe('resume equipe');
  });
});
