import {
  fr as coreFr,
  createTranslator,
  type MessageKey,
  type MessageParams,
  type Messages,
  type TermForms,
  type Translator,
} from '@aide/core';
import { computed, type ReadonlySignal, signal } from '@preact/signals';
import { fr, type UiKey, type UiStrings } from '../i18n/fr';
import { type Locale, loadUiStrings, type TextOverrides, toLocale } from '../i18n/locale';
import type { Disposable } from './scope';

/** Looks up a widget string or a domain string (status, category, field labels) of core. */
export type Translate = (key: UiKey | MessageKey | (string & {}), params?: MessageParams) => string;

export interface I18nModel extends Disposable {
  readonly locale: ReadonlySignal<Locale>;
  /** Core's translator over widget and domain strings with the vendor's overrides and terms. */
  readonly translator: ReadonlySignal<Translator>;
  /** Reading it inside a component subscribes the component to locale changes. */
  t: Translate;
  setLocale(tag: string): Promise<void>;
}

async function loadDomainStrings(locale: Locale): Promise<Messages> {
  switch (locale) {
    case 'fr':
      return coreFr;
    case 'en':
      return (await import('@aide/core/i18n/en')).en;
    case 'es':
      return (await import('@aide/core/i18n/es')).es;
    default:
      return locale satisfies never;
  }
}

/** Flat overrides for every language, then those given for this language. */
function overridesFor(text: TextOverrides | undefined, locale: Locale): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(text ?? {})) {
    if (typeof value === 'string') {
      flat[key] = value;
    }
  }
  return { ...flat, ...(text?.[locale] as Record<string, string> | undefined) };
}

/**
 * The widget's language: French strings are bundled, English and Spanish arrive as separate
 * chunks when chosen. One translator (core's) serves widget and domain strings, so vendor
 * overrides and terms (`{@ticket}`) work the same everywhere.
 */
export function createI18nModel(options: {
  locale?: string;
  text?: TextOverrides;
  terms?: Readonly<Record<string, TermForms>>;
}): I18nModel {
  const build = (locale: Locale, ui: UiStrings, domain: Messages): Translator =>
    createTranslator<string>({
      locale,
      messages: { ...domain, ...ui },
      overrides: overridesFor(options.text, locale),
      ...(options.terms ? { terms: options.terms } : {}),
    }) as Translator;
  const locale = signal<Locale>('fr');
  const translator = signal<Translator>(build('fr', fr, coreFr));
  let request = 0;

  const setLocale = async (tag: string): Promise<void> => {
    const next = toLocale(tag);
    const current = ++request;
    const [ui, domain] = await Promise.all([loadUiStrings(next), loadDomainStrings(next)]);
    // A later setLocale wins even if its chunk arrives first.
    if (current !== request) {
      return;
    }
    translator.value = build(next, ui, domain);
    locale.value = next;
  };

  if (options.locale && toLocale(options.locale) !== 'fr') {
    void setLocale(options.locale);
  }

  return {
    locale,
    translator: computed(() => translator.value),
    t: (key, params) => translator.value(key, params),
    setLocale,
    dispose() {
      request++;
    },
  };
}
