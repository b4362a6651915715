// Ligatures that Unicode normalization keeps as one letter but people type as two.
const ligatures: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };

/**
 * Folds text for matching: lower case, accents removed, ligatures spelled out, spaces collapsed.
 * The store keeps this form of subject + description in an indexed column and folds queries the
 * same way, so "Écran" finds "ecran" and "coeur" finds "cœur" on both engines alike.
 *
 * @example
 * normalizeSearchText('  Écran NOIR après mise à jour ') // 'ecran noir apres mise a jour'
 */
export function normalizeSearchText(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[œæß]/g, (letter) => ligatures[letter] ?? letter)
      // Control characters (NUL included) separate words like spaces do.
      .replace(/[\s\p{Cc}]+/gu, ' ')
      .trim()
  );
}

/** The distinct words of a query, folded; empty when the query has none. */
export function searchWords(query: string): string[] {
  return [...new Set(normalizeSearchText(query).split(' '))].filter((word) => word.length > 0);
}
