import type { Catalog, TermForms } from '@aide/core';
import type { Locale, TextOverrides } from './i18n/locale';

// Public option and event types, shared by mount.ts (entry) and the panel chunk as types only.

export type ThemeMode = 'light' | 'dark' | 'auto';

/** `--aide-*` custom properties, without the prefix: `{ accent: '#0a7' }` sets `--aide-accent`. */
export type ThemeTokens = Partial<
  Record<
    | 'accent'
    | 'accent-contrast'
    | 'bg'
    | 'fg'
    | 'muted'
    | 'border'
    | 'surface'
    | 'danger'
    | 'success'
    | 'radius'
    | 'font'
    | 'font-size'
    | 'space'
    | 'z-index'
    | 'focus'
    | 'launcher-bg'
    | 'launcher-fg',
    string
  >
>;

export type ThemeOption = ThemeMode | { mode?: ThemeMode; tokens?: ThemeTokens };

/** A documentation page or video supplied by the host (merged with those of GET /v1/config). */
export interface DocOption {
  title: string;
  url: string;
  kind?: 'doc' | 'video';
  tags?: readonly string[];
  /** Host routes it applies to: exact (`/invoices`) or prefix with `*` (`/invoices/*`). */
  routes?: readonly string[];
}

/** What the host knows about the current screen; shown to the user before it is sent. */
export interface HostContext {
  /** The host app's route, when it differs from location.pathname (`/candidates/:id`). */
  route?: string;
  appVersion?: string;
  /** Named entities the user is looking at, for example `{ label: 'Candidat', value: '#42' }`. */
  entities?: readonly { label: string; value: string }[];
}

export type HostContextOption = HostContext | (() => HostContext);

/** Where the user currently is in the panel. */
export type View =
  | { name: 'docs' }
  | { name: 'new'; category?: string; prefill?: Readonly<Record<string, unknown>> }
  | { name: 'tickets' }
  | { name: 'ticket'; id: string };
export type ViewName = View['name'];

/** Events the host receives through `onEvent`. */
export type AideEvent =
  | { type: 'ready' }
  | { type: 'open'; view: ViewName }
  | { type: 'close' }
  | { type: 'view'; view: ViewName }
  | { type: 'ticket_created'; ticket: { id: string; number: number }; fromQueue: boolean }
  | { type: 'ticket_queued'; category: string }
  | { type: 'error'; code: string; message: string };
export type AideEventType = AideEvent['type'];

export interface AideOptions {
  /** Base URL of the support server (`https://support.example.com`); without it only docs show. */
  server?: string;
  /**
   * Returns the host-signed token; called again with `{ refresh: true }` after a 401, when a
   * newly minted token is needed rather than a cached one.
   */
  getToken?: (context: { refresh: boolean }) => string | Promise<string>;
  /** `fr` (default), `en` or `es`; any BCP 47 tag is reduced to the closest. */
  locale?: string;
  theme?: ThemeOption;
  position?: 'top-right' | 'bottom-right';
  docs?: readonly DocOption[];
  /**
   * A catalog built with @aide/core's helpers (`withCategory`, `renameCategory`...), or the keys
   * of the default catalog's categories to offer, in order. Default: those the server enables.
   */
  categories?: Catalog | readonly string[];
  text?: TextOverrides;
  /**
   * The vendor's words, for example `{ ticket: { one: 'ticket', other: 'tickets', gender:
   * 'masculine' } }` to say "ticket" instead of "demande" in every sentence that uses the term.
   */
  terms?: Readonly<Record<string, TermForms>>;
  context?: HostContextOption;
  onEvent?: (event: AideEvent) => void;
  /** Element the widget's host element is appended to; defaults to document.body. */
  target?: Element;
  /** Current route, if the host's router does not use location.pathname. */
  route?: string;
}

export interface AideHandle {
  open(): Promise<void>;
  close(): void;
  toggle(): Promise<void>;
  /** Opens the panel on one ticket (by its opaque id). */
  openTicket(id: string): Promise<void>;
  /** Opens the new-ticket form, optionally on a category with prefilled values. */
  newTicket(category?: string, prefill?: Readonly<Record<string, unknown>>): Promise<void>;
  setLocale(locale: string): void;
  setContext(context: HostContextOption): void;
  unmount(): void;
}

export type { Locale, TextOverrides };
