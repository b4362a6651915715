// @aide/widget public surface: mountAide, defineAideElement and their types. Everything exported
// here is listed in index.test.ts.
export { type AideWidgetElement, defineAideElement } from './element';
export type { UiKey } from './i18n/fr';
export type { Locale, TextOverrides } from './i18n/locale';
export { mountAide } from './mount';
export type {
  AideEvent,
  AideEventType,
  AideHandle,
  AideOptions,
  DocOption,
  HostContext,
  HostContextOption,
  ThemeMode,
  ThemeOption,
  ThemeTokens,
  View,
} from './types';
