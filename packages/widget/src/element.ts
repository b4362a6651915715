import { mountInto } from './mount';
import type { AideEvent, AideHandle, AideOptions, HostContextOption, ThemeMode } from './types';

/** Attributes of <aide-widget>; everything else is set as a property (functions, lists). */
const observed = ['server', 'locale', 'theme', 'position', 'route'] as const;
type ObservedAttribute = (typeof observed)[number];

/** Options only a property can carry: callbacks, lists, objects. */
type PropertyOptions = Pick<
  AideOptions,
  'getToken' | 'docs' | 'categories' | 'text' | 'context' | 'onEvent'
> & { theme?: NonNullable<AideOptions['theme']> };

export interface AideWidgetElement extends HTMLElement, PropertyOptions {
  server: string | null;
  locale: string | null;
  position: 'top-right' | 'bottom-right' | null;
  route: string | null;
  /** The running widget, once connected. */
  readonly widget: AideHandle | undefined;
}

/**
 * Registers <aide-widget> (or another tag name). Attributes: server, locale, theme, position,
 * route. Properties: the same plus getToken, docs, categories, text, context and onEvent. Every
 * widget event is also dispatched on the element as `aide:<type>` (bubbling, composed).
 *
 * @example
 * defineAideElement();
 * const widget = document.querySelector('aide-widget');
 * widget.getToken = () => fetch('/aide-token').then((response) => response.text());
 * widget.addEventListener('aide:ticket_created', (event) => console.log(event.detail));
 */
export function defineAideElement(tagName = 'aide-widget'): void {
  if (customElements.get(tagName)) {
    return;
  }

  class AideWidget extends HTMLElement {
    static observedAttributes = [...observed];
    #props: PropertyOptions = {};
    #handle: AideHandle | undefined;
    #scheduled = false;

    get widget(): AideHandle | undefined {
      return this.#handle;
    }

    connectedCallback(): void {
      this.#schedule();
    }

    disconnectedCallback(): void {
      this.#handle?.unmount();
      this.#handle = undefined;
    }

    attributeChangedCallback(
      name: ObservedAttribute,
      previous: string | null,
      next: string | null,
    ) {
      if (previous === next || !this.#handle) {
        return;
      }
      if (name === 'locale' && next) {
        this.#handle.setLocale(next);
        return;
      }
      this.#remount();
    }

    // Mounting waits a microtask so properties set right after insertion are seen.
    #schedule(): void {
      if (this.#scheduled) {
        return;
      }
      this.#scheduled = true;
      queueMicrotask(() => {
        this.#scheduled = false;
        if (this.isConnected && !this.#handle) {
          this.#handle = mountInto(this, this.#options());
        }
      });
    }

    #remount(): void {
      this.#handle?.unmount();
      this.#handle = undefined;
      if (this.isConnected) {
        this.#schedule();
      }
    }

    #options(): AideOptions {
      const attribute = (name: ObservedAttribute) => this.getAttribute(name) ?? undefined;
      const options: AideOptions = { ...this.#props };
      const server = attribute('server');
      const locale = attribute('locale');
      const theme = attribute('theme');
      const position = attribute('position');
      const route = attribute('route');
      if (server) {
        options.server = server;
      }
      if (locale) {
        options.locale = locale;
      }
      if (theme && !options.theme) {
        options.theme = theme as ThemeMode;
      }
      if (position === 'top-right' || position === 'bottom-right') {
        options.position = position;
      }
      if (route) {
        options.route = route;
      }
      options.onEvent = (event: AideEvent) => {
        this.#props.onEvent?.(event);
        this.dispatchEvent(
          new CustomEvent(`aide:${event.type}`, { detail: event, bubbles: true, composed: true }),
        );
      };
      return options;
    }

    #setProp<K extends keyof PropertyOptions>(name: K, value: PropertyOptions[K]): void {
      if (value === undefined) {
        delete this.#props[name];
      } else {
        this.#props[name] = value;
      }
      if (name === 'context' && this.#handle && value) {
        this.#handle.setContext(value as HostContextOption);
        return;
      }
      if (this.#handle) {
        this.#remount();
      }
    }

    get server() {
      return this.getAttribute('server');
    }
    set server(value: string | null) {
      this.#reflect('server', value);
    }
    get locale() {
      return this.getAttribute('locale');
    }
    set locale(value: string | null) {
      this.#reflect('locale', value);
    }
    get position() {
      return this.getAttribute('position');
    }
    set position(value: string | null) {
      this.#reflect('position', value);
    }
    get route() {
      return this.getAttribute('route');
    }
    set route(value: string | null) {
      this.#reflect('route', value);
    }
    get theme() {
      return this.#props.theme ?? (this.getAttribute('theme') as ThemeMode | null) ?? undefined;
    }
    set theme(value: AideOptions['theme']) {
      if (typeof value === 'object') {
        this.#setProp('theme', value);
        return;
      }
      delete this.#props.theme;
      this.#reflect('theme', value ?? null);
    }
    get getToken() {
      return this.#props.getToken;
    }
    set getToken(value: AideOptions['getToken']) {
      this.#setProp('getToken', value);
    }
    get docs() {
      return this.#props.docs;
    }
    set docs(value: AideOptions['docs']) {
      this.#setProp('docs', value);
    }
    get categories() {
      return this.#props.categories;
    }
    set categories(value: AideOptions['categories']) {
      this.#setProp('categories', value);
    }
    get text() {
      return this.#props.text;
    }
    set text(value: AideOptions['text']) {
      this.#setProp('text', value);
    }
    get context() {
      return this.#props.context;
    }
    set context(value: AideOptions['context']) {
      this.#setProp('context', value);
    }
    get onEvent() {
      return this.#props.onEvent;
    }
    set onEvent(value: AideOptions['onEvent']) {
      // Read at each event through the wrapper in #options(): no remount needed.
      if (value === undefined) {
        delete this.#props.onEvent;
      } else {
        this.#props.onEvent = value;
      }
    }

    #reflect(name: ObservedAttribute, value: string | null): void {
      if (value === null) {
        this.removeAttribute(name);
      } else {
        this.setAttribute(name, value);
      }
    }
  }

  customElements.define(tagName, AideWidget);
}
