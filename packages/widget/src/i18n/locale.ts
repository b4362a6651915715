import type { UiKey, UiStrings } from './fr';

export const locales = ['fr', 'en', 'es'] as const;
export type Locale = (typeof locales)[number];

/** Vendor overrides: flat keys apply to every language, a locale key to that language only. */
export type TextOverrides = Partial<UiStrings> & { [L in Locale]?: Partial<UiStrings> };

export type TranslateParams = Record<string, string | number>;

/** Picks the closest supported language for a BCP 47 tag (`en-GB` → `en`), French otherwise. */
export function toLocale(tag: string | undefined | null): Locale {
  const base = (tag ?? '').toLowerCase().split('-')[0];
  return (locales as readonly string[]).includes(base ?? '') ? (base as Locale) : 'fr';
}

/** Fills `{name}` placeholders; unknown placeholders stay visible so a typo is noticed. */
export function interpolate(template: string, params?: TranslateParams): string {
  if (!params) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** English and Spanish are separate chunks: a French page never downloads them. */
export async function loadUiStrings(locale: Locale): Promise<UiStrings> {
  switch (locale) {
    case 'fr':
      return (await import('./fr')).fr;
    case 'en':
      return (await import('./en')).en;
    case 'es':
      return (await import('./es')).es;
    default:
      return locale satisfies never;
  }
}

/** Applies the vendor's overrides for one language on top of the default strings. */
export function withOverrides(
  strings: UiStrings,
  locale: Locale,
  overrides: TextOverrides | undefined,
): UiStrings {
  if (!overrides) {
    return strings;
  }
  const flat: Partial<UiStrings> = {};
  for (const [key, value] of Object.entries(overrides)) {
    if (typeof value === 'string') {
      flat[key as UiKey] = value;
    }
  }
  return { ...strings, ...flat, ...overrides[locale] };
}
