import type { Page } from 'playwright-core';

// The XSS suite's eyes in Chromium. A probe is installed in every page before its own scripts
// run: the marker global and the dialog functions record a call instead of running, every
// `securitypolicyviolation` is recorded, and `scan()` walks the widget's shadow root for any
// element or attribute that hostile content could have slipped in. The drivers below run in
// the page (one evaluate per view and batch, not one round trip per payload) and return what
// they saw for the suite to judge.

/** Debian's Chromium (never a downloaded browser); AIDE_CHROMIUM overrides the path. */
export { launchChromium } from '@aide/example-demo/chromium';

/** What the Markdown renderer may produce (the widget's own allow-list, from its corpus). */
export interface ProbeRules {
  markdownElements: readonly string[];
  markdownAttributes: Readonly<Record<string, readonly string[]>>;
}

/** Something that ran or was blocked: each one is a failure. */
export interface ProbeEvent {
  kind: 'marker' | 'dialog' | 'csp';
  detail: string;
  /** The marker number the code carried, when it can be read back. */
  marker: number | null;
}

/** A disallowed element or attribute, with the part of the widget it was found in. */
export interface Finding {
  area: string;
  problem: string;
  /** The text of the list item or paragraph around it, to tell which payload it came from. */
  near: string;
}

/** What one view showed, for one payload or one batch. */
export interface Observation {
  key: string;
  /** False when the view never showed the expected content: the payload was not really tried. */
  rendered: boolean;
  /** Texts read back from the view, for the suite to compare with what the server stored. */
  texts: Record<string, string[]>;
  findings: Finding[];
  events: ProbeEvent[];
}

interface Probe {
  take(): ProbeEvent[];
  scan(): Finding[];
  root(): ShadowRoot;
  poke(): void;
  until(check: () => boolean, timeoutMs?: number): Promise<boolean>;
  texts(selector: string): string[];
  clickTab(name: string): void;
}

type ProbeWindow = Window & {
  __aideProbe: Probe;
  aide: {
    open(): Promise<void>;
    openTicket(id: string): Promise<void>;
    newTicket(category: string, prefill: Record<string, unknown>): Promise<void>;
  };
};

/**
 * Installed with `page.addInitScript` (before the page's scripts, whatever its CSP says).
 * Self-contained: Playwright sends its source to the page.
 */
export function installProbe(rules: ProbeRules): void {
  const target = window as unknown as Record<string, unknown>;
  const events: ProbeEvent[] = [];
  const markerIn = (text: unknown): number | null => {
    const match = /\((\d+)\)/.exec(String(text));
    return match ? Number(match[1]) : null;
  };
  const record = (kind: ProbeEvent['kind'], detail: string, marker: number | null): void => {
    events.push({ kind, detail: detail.slice(0, 300), marker });
  };
  target.__aideXss = (marker: unknown) =>
    record('marker', `__aideXss(${String(marker)})`, Number(marker));
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    target[name] = (message?: unknown) => {
      const shown = message === undefined ? '' : String(message);
      record('dialog', `${name}(${shown})`, /^\d+$/.test(shown) ? Number(shown) : null);
      return null;
    };
  }
  document.addEventListener(
    'securitypolicyviolation',
    (event) =>
      record(
        'csp',
        `${event.violatedDirective} blocked ${event.blockedURI || '(inline)'}: ${event.sample}`,
        markerIn(event.sample),
      ),
    true,
  );

  const forbidden = new Set([
    'script',
    'iframe',
    'frame',
    'frameset',
    'object',
    'embed',
    'applet',
    'portal',
    'base',
    'meta',
    'link',
    'style',
    'noscript',
    'template',
    'param',
  ]);
  const urlAttributes = new Set([
    'href',
    'src',
    'srcset',
    'action',
    'data',
    'poster',
    'cite',
    'background',
    'ping',
    'xlink:href',
  ]);
  const textOnly =
    '.ticket-subject, .row-subject, .row-meta, .message-author, .event-text, .doc-title, .admin-list li, .message-files button, .similar button';
  const areaOf = (element: Element): string => {
    const message = element.closest('li.message');
    if (message !== null) {
      const author = message.getAttribute('data-author');
      const part = element.closest('.message-author')
        ? 'author'
        : element.closest('.message-files')
          ? 'attachment'
          : 'body';
      const which = message.querySelector('.message-title')
        ? 'description'
        : author === 'agent'
          ? 'agent reply'
          : 'customer reply';
      return `${which} ${part}`;
    }
    const areas: [string, string][] = [
      ['.ticket-header', 'ticket title'],
      ['.event', 'history'],
      ['.vlist', 'ticket list'],
      ['.doc-item', 'docs'],
      ['.admin-list', 'administrators'],
      ['.similar', 'similar tickets'],
      ['form', 'form'],
    ];
    for (const [selector, area] of areas) {
      if (element.closest(selector)) {
        return area;
      }
    }
    return 'panel';
  };
  const safeUrl = (value: string): boolean => {
    if (value.startsWith(`blob:${location.origin}/`)) {
      return true;
    }
    try {
      const protocol = new URL(value).protocol;
      return protocol === 'https:' || protocol === 'mailto:';
    } catch {
      return false;
    }
  };
  let baselineScripts = -1;

  const root = (): ShadowRoot => {
    for (const element of document.body.children) {
      if (element.shadowRoot !== null) {
        return element.shadowRoot;
      }
    }
    throw new Error('the widget has no shadow root on this page');
  };

  const scan = (): Finding[] => {
    const findings: Finding[] = [];
    const add = (element: Element, problem: string) =>
      findings.push({
        area: areaOf(element),
        problem,
        near: (element.closest('li, p, h3') ?? element).textContent?.slice(0, 100) ?? '',
      });
    const shadow = root();
    for (const element of shadow.querySelectorAll('*')) {
      const tag = element.tagName.toLowerCase();
      if (forbidden.has(tag)) {
        add(element, `element <${tag}>`);
      }
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith('on') || name === 'srcdoc' || name === 'formaction') {
          add(element, `attribute ${name} on <${tag}>`);
        } else if (urlAttributes.has(name) && !safeUrl(attribute.value)) {
          add(element, `${name}="${attribute.value.slice(0, 80)}" on <${tag}>`);
        } else if (name === 'style' && !element.matches('.vlist-items, .vlist-row')) {
          add(element, `style="${attribute.value.slice(0, 80)}" on <${tag}>`);
        }
      }
    }
    for (const container of shadow.querySelectorAll(textOnly)) {
      if (container.children.length > 0) {
        add(container, `markup in text: ${container.innerHTML.slice(0, 120)}`);
      }
    }
    for (const markdown of shadow.querySelectorAll('.aide-md')) {
      for (const element of markdown.querySelectorAll('*')) {
        const tag = element.tagName.toLowerCase();
        if (!rules.markdownElements.includes(tag)) {
          add(element, `element <${tag}> in Markdown`);
        }
        for (const attribute of element.attributes) {
          if (!(rules.markdownAttributes[tag] ?? []).includes(attribute.name)) {
            add(element, `attribute ${attribute.name} on <${tag}> in Markdown`);
          }
        }
        if (tag === 'a' && element.getAttribute('rel') !== 'noopener noreferrer nofollow') {
          add(element, 'Markdown link without rel="noopener noreferrer nofollow"');
        }
      }
    }
    // Nothing may reach the host page's own DOM either.
    const scripts = document.querySelectorAll('script').length;
    baselineScripts = baselineScripts < 0 ? scripts : baselineScripts;
    if (scripts !== baselineScripts) {
      findings.push({
        area: 'host page',
        problem: `${scripts - baselineScripts} new <script>`,
        near: '',
      });
    }
    for (const element of document.querySelectorAll('iframe, object, embed, frame, base, form')) {
      findings.push({
        area: 'host page',
        problem: `element <${element.tagName.toLowerCase()}>`,
        near: element.outerHTML.slice(0, 100),
      });
    }
    return findings;
  };

  const probe: Probe = {
    take: () => events.splice(0),
    scan,
    root,
    poke() {
      // Handlers that only fire on interaction: hover, focus, animation, for every element of
      // user or agent content.
      for (const element of root().querySelectorAll(`.aide-md, .aide-md *, ${textOnly}`)) {
        for (const type of ['mouseover', 'pointerenter', 'focusin', 'animationstart']) {
          element.dispatchEvent(new Event(type, { bubbles: true }));
        }
      }
    },
    async until(check, timeoutMs = 10_000) {
      const deadline = performance.now() + timeoutMs;
      while (performance.now() < deadline) {
        if (check()) {
          return true;
        }
        await new Promise((resolve) => setTimeout(resolve, 4));
      }
      return check();
    },
    texts: (selector) =>
      [...root().querySelectorAll(selector)].map((element) => element.textContent ?? ''),
    clickTab(name) {
      const tab = [...root().querySelectorAll<HTMLElement>('[role="tab"]')].find(
        (element) => element.textContent?.trim() === name,
      );
      if (tab === undefined) {
        throw new Error(`no tab "${name}"`);
      }
      tab.click();
    },
  };
  (window as unknown as ProbeWindow).__aideProbe = probe;
}

/** Opens a view of the panel and reads what a batch view shows (docs, administrators). */
export function observeTab(
  page: Page,
  input: { key: string; tab: string; selector: string; count: number },
): Promise<Observation> {
  return page.evaluate(async ({ key, tab, selector, count }) => {
    const page = window as unknown as ProbeWindow;
    const probe = page.__aideProbe;
    await page.aide.open();
    await probe.until(() => probe.root().querySelector('[role="tab"]') !== null);
    probe.clickTab(tab);
    const rendered = await probe.until(() => probe.texts(selector).length >= count);
    probe.poke();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return {
      key,
      rendered,
      texts: { [selector]: probe.texts(selector) },
      findings: probe.scan(),
      events: probe.take(),
    };
  }, input);
}

/**
 * The company's tickets in the list: company scope, every page loaded, the virtual list
 * scrolled from top to bottom so that every row is rendered and scanned once.
 */
export function observeTicketList(page: Page, key: string, count: number): Promise<Observation> {
  return page.evaluate(
    async ({ key, count }) => {
      const probe = (window as unknown as ProbeWindow).__aideProbe;
      probe.clickTab('Mes demandes');
      const scope = await probe.until(
        () =>
          probe.root().querySelector('input[name="aide-tickets-scope"][value="company"]') !== null,
      );
      probe.root().querySelector<HTMLInputElement>('input[value="company"]')?.click();
      const subjects = new Set<string>();
      const metas = new Set<string>();
      const findings: Finding[] = [];
      const more = () => probe.root().querySelector<HTMLButtonElement>('.ticket-more button');
      await probe.until(() => probe.root().querySelectorAll('.vlist-row').length > 0);
      while (more() !== null) {
        const before = probe.root().querySelector('.vlist-items')?.getAttribute('style');
        more()?.click();
        await probe.until(
          () => probe.root().querySelector('.vlist-items')?.getAttribute('style') !== before,
          5_000,
        );
      }
      const scroller = probe.root().querySelector<HTMLElement>('.vlist');
      for (let top = 0; scroller !== null; top += Math.max(40, scroller.clientHeight - 40)) {
        scroller.scrollTop = top;
        scroller.dispatchEvent(new Event('scroll'));
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        for (const text of probe.texts('.row-subject')) {
          subjects.add(text);
        }
        for (const text of probe.texts('.row-meta')) {
          metas.add(text);
        }
        probe.poke();
        findings.push(...probe.scan());
        if (top >= scroller.scrollHeight) {
          break;
        }
      }
      return {
        key,
        rendered: scope && subjects.size >= count,
        texts: { subjects: [...subjects], metas: [...metas] },
        findings,
        events: probe.take(),
      };
    },
    { key, count },
  );
}

/** What a ticket's detail must show once loaded. */
export interface DetailExpectation {
  key: string;
  id: string;
  number: number;
  messages: number;
  attachments: number;
}

/** Opens each ticket's detail in turn and reads it, in one evaluate. */
export function observeDetails(
  page: Page,
  tickets: readonly DetailExpectation[],
): Promise<Observation[]> {
  return page.evaluate(async (tickets) => {
    const page = window as unknown as ProbeWindow;
    const probe = page.__aideProbe;
    const out: Observation[] = [];
    for (const ticket of tickets) {
      await page.aide.openTicket(ticket.id);
      const rendered = await probe.until(() => {
        const root = probe.root();
        const number = /\d+/.exec(root.querySelector('.ticket-number')?.textContent ?? '')?.[0];
        return (
          number === String(ticket.number) &&
          root.querySelectorAll('.timeline li.message').length === ticket.messages &&
          root.querySelectorAll('.message-files li').length === ticket.attachments
        );
      });
      probe.poke();
      out.push({
        key: ticket.key,
        rendered,
        texts: {
          subject: probe.texts('.ticket-subject'),
          authors: probe.texts('.message-author'),
          attachments: probe.texts('.message-files button'),
          history: probe.texts('.event-text'),
        },
        findings: probe.scan(),
        events: probe.take(),
      });
    }
    return out;
  }, tickets);
}

/** One prefilled new-ticket form: several payloads, one per text field. */
export interface FormPrefill {
  key: string;
  category: string;
  values: Record<string, string>;
  /** What each field must read back (an input drops line breaks from its value). */
  expected: Record<string, string>;
}

/** Opens the new-ticket form prefilled with each set of values in turn (`aide.newTicket`). */
export function observeForms(page: Page, forms: readonly FormPrefill[]): Promise<Observation[]> {
  return page.evaluate(async (forms) => {
    const page = window as unknown as ProbeWindow;
    const probe = page.__aideProbe;
    const out: Observation[] = [];
    const control = (name: string) => {
      const path = name === 'subject' || name === 'description' ? name : `fields.${name}`;
      const id = `aide-f-${path.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
      return probe.root().querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${id}`);
    };
    for (const form of forms) {
      // A saved draft wins over a prefill: start each form without one.
      localStorage.clear();
      await page.aide.newTicket(form.category, form.values);
      const names = Object.keys(form.expected);
      const rendered = await probe.until(() =>
        names.every((name) => control(name)?.value === form.expected[name]),
      );
      probe.poke();
      out.push({
        key: form.key,
        rendered,
        texts: { values: names.map((name) => control(name)?.value ?? '') },
        findings: probe.scan(),
        events: probe.take(),
      });
    }
    return out;
  }, forms);
}

/** Scans the widget as it is now. */
export function scanNow(page: Page): Promise<Finding[]> {
  return page.evaluate(() => (window as unknown as ProbeWindow).__aideProbe.scan());
}

/**
 * Waits for late events (failed loads fire their handlers after a network round) and takes them:
 * at least 150 ms, and until an image of the page's own origin requested now has failed or
 * loaded, so that a busy machine's slower round trips are waited for too.
 */
export function lateEvents(page: Page): Promise<ProbeEvent[]> {
  return page.evaluate(async () => {
    const control = new Image();
    const settled = new Promise((resolve) => {
      control.addEventListener('error', resolve, { once: true });
      control.addEventListener('load', resolve, { once: true });
      // A control that never settles must not hang the suite: the 150 ms floor still applies.
      setTimeout(resolve, 10_000);
    });
    control.src = `/aide-late-events-control-${Math.random().toString(36).slice(2)}.png`;
    await Promise.all([new Promise((resolve) => setTimeout(resolve, 150)), settled]);
    return (window as unknown as ProbeWindow).__aideProbe.take();
  });
}
