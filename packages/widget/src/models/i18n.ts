import { fr as coreFr, type MessageKey, type Messages } from '@aide/core';
import { type ReadonlySignal, signal } from '@preact/signals';
import { fr, type UiKey, type UiStrings } from '../i18n/fr';
import {
  interpolate,
  type Locale,
  loadUiStrings,
  type TextOverrides,
  type TranslateParams,
  toLocale,
  withOverrides,
} from '../i18n/locale';
import type { Disposable } from './scope';

/** Looks up a widget string or a domain string (status, category, field labels) of core. */
export type Translate = (
  key: UiKey | MessageKey | (string & {}),
  params?: TranslateParams,
) => string;

export interface I18nModel extends Disposable {
  readonly locale: ReadonlySignal<Locale>;
  /** Reading it inside a component subscribes the component to locale changes. */
  t: Translate;
  setLocale(tag: string): Promise<void>;
  /** Intl formatting in the current language. */
  formatDateTime(iso: string | Date): string;
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

/**
 * The widget's language: French strings are bundled, English and Spanish arrive as separate
 * chunks when chosen. Vendor overrides (`options.text`) win over the defaults.
 */
export function createI18nModel(options: { locale?: string; text?: TextOverrides }): I18nModel {
  const locale = signal<Locale>('fr');
  const ui = signal<UiStrings>(withOverrides(fr, 'fr', options.text));
  const domain = signal<Messages>(coreFr);
  let request = 0;

  const setLocale = async (tag: string): Promise<void> => {
    const next = toLocale(tag);
    const current = ++request;
    const [uiStrings, domainStrings] = await Promise.all([
      loadUiStrings(next),
      loadDomainStrings(next),
    ]);
    // A later setLocale wins even if its chunk arrives first.
    if (current !== request) {
      return;
    }
    ui.value = withOverrides(uiStrings, next, options.text);
    domain.value = domainStrings;
    locale.value = next;
  };

  const t: Translate = (key, params) => {
    const template =
      (ui.value as Record<string, string>)[key] ??
      (domain.value as Record<string, string>)[key] ??
      key;
    return interpolate(template, params);
  };

  if (options.locale && toLocale(options.locale) !== 'fr') {
    void setLocale(options.locale);
  }

  return {
    locale,
    t,
    setLocale,
    formatDateTime(value) {
      const date = typeof value === 'string' ? new Date(value) : value;
      return new Intl.DateTimeFormat(locale.value, {
        dateStyle: 'medium',
        timeStyle: 'short',
      }).format(date);
    },
    dispose() {
      request++;
    },
  };
}
