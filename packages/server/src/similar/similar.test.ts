import { describe, expect, it } from 'vitest';
import { normalizeText, rankSimilar, similarity, similarityThreshold } from './similar';

describe('similar subjects', () => {
  it('ignores accents and case', () => {
    expect(normalizeText('Échec de l’Export — Données')).toBe('echec de l export donnees');
    expect(similarity('ÉCHEC EXPORT', 'echec export')).toBe(1);
  });

  it('matches inflected French and English words, not only equal strings', () => {
    expect(similarity('Connexion impossible', 'Impossible de se connecter')).toBeGreaterThan(
      similarityThreshold,
    );
    expect(similarity('Exports CSV vides', "L'export csv est vide")).toBeGreaterThan(0.6);
    expect(similarity('Login failing for users', 'User login fails')).toBeGreaterThan(
      similarityThreshold,
    );
    expect(similarity('Facture erronée', 'facture erronee du mois')).toBeGreaterThan(0.5);
  });

  it('keeps unrelated subjects below the threshold', () => {
    expect(similarity('Connexion impossible', 'Changer le numéro de TVA')).toBeLessThan(
      similarityThreshold,
    );
    expect(similarity('Export CSV vide', 'Demande de suppression de compte')).toBeLessThan(
      similarityThreshold,
    );
  });

  it('ranks the closest first and drops the rest', () => {
    const subjects = [
      'Changer le numéro de TVA',
      "L'export CSV des candidats est vide",
      'Export CSV vide',
    ];
    const ranked = rankSimilar('export csv vide', subjects, (s) => s, 5);
    expect(ranked.map((r) => r.item)).toEqual([
      'Export CSV vide',
      "L'export CSV des candidats est vide",
    ]);
    expect(rankSimilar('de la', subjects, (s) => s, 5)).toEqual([]);
  });
});
