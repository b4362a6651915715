// Duplicate check for a draft subject: accent- and case-insensitive, French and English, with a
// light stemmer (plurals and common suffixes) and character trigrams so that "connexion
// impossible" finds "Impossible de se connecter" and typos still match.

const stopWords = new Set(
  [
    // French
    'a au aux avec ce ces cette dans de des du elle en est et il ils je la le les leur lui ma mais me mes mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes ton tu un une vos votre vous y d l j n s c m t plus tres',
    // English
    'a an and are as at be but by can cannot do does for from has have i in is it its me my no not of on or our so that the their there this to was we were when with you your',
  ]
    .join(' ')
    .split(' '),
);

/** Lowercase, without accents, with every non-alphanumeric character as a space. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[œ]/g, 'oe')
    .replace(/[æ]/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const suffixes = [
  'issements',
  'issement',
  'ements',
  'ement',
  'ations',
  'ation',
  'ateurs',
  'ateur',
  'ements',
  'ments',
  'ment',
  'ings',
  'ing',
  'ions',
  'ion',
  'ees',
  'ee',
  'er',
  'ez',
  'es',
  'ed',
  'e',
  's',
  'x',
];

/** A deliberately light stemmer: strips one common French or English suffix from long words. */
export function stem(word: string): string {
  if (word.length <= 3 || /^\d+$/.test(word)) {
    return word;
  }
  for (const suffix of suffixes) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) {
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

/** Significant stems of a text. */
export function tokens(text: string): string[] {
  return normalizeText(text)
    .split(' ')
    .filter((word) => word !== '' && !stopWords.has(word))
    .map(stem);
}

function trigrams(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const word of words) {
    const padded = `  ${word} `;
    for (let index = 0; index + 3 <= padded.length; index += 1) {
      out.add(padded.slice(index, index + 3));
    }
  }
  return out;
}

function dice<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 || b.size === 0) {
    return 0;
  }
  let shared = 0;
  for (const item of a) {
    if (b.has(item)) {
      shared += 1;
    }
  }
  return (2 * shared) / (a.size + b.size);
}

/**
 * Similarity of two subjects in [0, 1]: the mean of stem overlap and trigram overlap.
 *
 * @example
 * similarity('Connexion impossible', 'Impossible de se connecter'); // ≈ 0.6
 */
export function similarity(a: string, b: string): number {
  const tokensA = tokens(a);
  const tokensB = tokens(b);
  const stemScore = dice(new Set(tokensA), new Set(tokensB));
  const trigramScore = dice(trigrams(tokensA), trigrams(tokensB));
  return (stemScore + trigramScore) / 2;
}

/** Below this a candidate is noise rather than a likely duplicate. */
export const similarityThreshold = 0.3;

/**
 * Ranks candidates by similarity to a draft subject, best first, keeping those at or above the
 * threshold.
 *
 * @example
 * rankSimilar('export csv vide', tickets, (t) => t.subject, 5);
 */
export function rankSimilar<T>(
  draft: string,
  candidates: readonly T[],
  subjectOf: (candidate: T) => string,
  limit: number,
  threshold = similarityThreshold,
): { item: T; score: number }[] {
  if (tokens(draft).length === 0) {
    return [];
  }
  return candidates
    .map((item) => ({ item, score: similarity(draft, subjectOf(item)) }))
    .filter((entry) => entry.score >= threshold)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}
