import { fr, type UiStrings } from './fr';

export const locales = ['fr', 'en', 'es'] as const;
export type Locale = (typeof locales)[number];

/**
 * Vendor overrides of any string, the widget's (`tab.new`, see UiKey) or core's
 * (`category.general.question.label`): a string applies to every language, an object under
 * `fr`/`en`/`es` to that language only.
 *
 * @example
 * { 'tab.new': 'Nouveau ticket', en: { 'tab.new': 'New ticket' } }
 */
export type TextOverrides = Readonly<
  Record<string, string | Readonly<Record<string, string>> | undefined>
>;

export type TranslateParams = Record<string, string | number>;

/**
 * Fills `{name}` placeholders; unknown placeholders stay visible so a typo is noticed. (The
 * panel's own strings go through core's translator, which also handles plurals and terms.)
 */
export function interpolate(template: string, params?: TranslateParams): string {
  if (!params) {
    return template;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Picks the closest supported language for a BCP 47 tag (`en-GB` → `en`), French otherwise. */
export function toLocale(tag: string | undefined | null): Locale {
  const base = (tag ?? '').toLowerCase().split('-')[0];
  return (locales as readonly string[]).includes(base ?? '') ? (base as Locale) : 'fr';
}

/** English and Spanish are separate chunks: a French page never downloads them. */
export async function loadUiStrings(locale: Locale): Promise<UiStrings> {
  switch (locale) {
    case 'fr':
      return fr;
    case 'en':
      return (await import('./en')).en;
    case 'es':
      return (await import('./es')).es;
    default:
      return locale satisfies never;
  }
}
