// Functions that run inside the page (serialised by Playwright): they must not close over
// anything from this module.

export interface ProbeState {
  longtasks: { start: number; duration: number }[];
  shifts: { start: number; value: number }[];
  /** performance.now() of the first frame where a button inside a shadow root was visible. */
  button: number | null;
}

declare global {
  interface Window {
    __probe?: ProbeState;
  }
}

/** Init script: long tasks, layout shifts and (when `watchButton`) the launcher's first frame. */
export function installProbe(watchButton: boolean): void {
  const probe: ProbeState = { longtasks: [], shifts: [], button: null };
  window.__probe = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      probe.longtasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & {
      value: number;
      hadRecentInput: boolean;
    })[]) {
      if (!entry.hadRecentInput) {
        probe.shifts.push({ start: entry.startTime, value: entry.value });
      }
    }
  }).observe({ type: 'layout-shift', buffered: true });
  if (!watchButton) {
    return;
  }
  // Both widgets put their host element directly under <body>, with an open shadow root.
  const visible = (): boolean => {
    for (const host of document.body.children) {
      const root = host.shadowRoot;
      if (root === null) {
        continue;
      }
      for (const button of root.querySelectorAll('button')) {
        const box = button.getBoundingClientRect();
        if (box.width > 0 && box.height > 0 && getComputedStyle(button).visibility !== 'hidden') {
          return true;
        }
      }
    }
    return false;
  };
  // performance.now() inside the callback, not the callback's argument: that is the frame's
  // start, which can be earlier than the event that started the measurement.
  const tick = (): void => {
    if (visible()) {
      probe.button = performance.now();
      return;
    }
    if (performance.now() < 30_000) {
      requestAnimationFrame(tick);
    }
  };
  // Polling every frame from navigation on would make Chromium produce frames the page alone
  // does not (and charge them to the widget): poll only once a host element with a shadow root
  // has been added under <body>.
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.target !== document.body) {
        continue;
      }
      for (const node of record.addedNodes) {
        if (node instanceof Element && node.shadowRoot !== null) {
          observer.disconnect();
          requestAnimationFrame(tick);
          return;
        }
        // A host that gets its shadow root later (Aide mounts after the load event, when idle):
        // wait for the root with timers, which make no frames, then poll frames as above.
        if (node instanceof Element && node.tagName.includes('-')) {
          observer.disconnect();
          const waitForRoot = (): void => {
            if (node.shadowRoot !== null) {
              requestAnimationFrame(tick);
            } else if (performance.now() < 30_000) {
              setTimeout(waitForRoot, 10);
            }
          };
          waitForRoot();
          return;
        }
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true });
}

export interface OpeningTimes {
  /** pointerdown → first frame with the dialog visible and focus inside it. */
  interactive: number;
  /** pointerdown → first frame where the dialog shows the server's data (`expect`). */
  data: number;
  start: number;
  end: number;
}

/**
 * Resolves once the dialog opened by the next pointerdown is visible, focused, and shows
 * `expect` (null: the dialog's own appearance is enough).
 */
export function watchOpening(expect: string | null): Promise<OpeningTimes | null> {
  return new Promise((resolve) => {
    let start: number | null = null;
    let interactive: number | null = null;
    const armed = performance.now();
    window.addEventListener(
      'pointerdown',
      (event) => {
        start = event.timeStamp;
      },
      { capture: true, once: true },
    );
    const find = (): { dialog: Element; active: Element | null } | null => {
      const native = document.querySelector('dialog[open]');
      if (native !== null) {
        return { dialog: native, active: document.activeElement };
      }
      for (const host of document.querySelectorAll('body *')) {
        const root = host.shadowRoot;
        const dialog = root?.querySelector('[role="dialog"], dialog') ?? null;
        if (root && dialog) {
          return { dialog, active: root.activeElement };
        }
      }
      return null;
    };
    const tick = (): void => {
      const at = performance.now();
      const found = start === null ? null : find();
      if (found !== null && start !== null) {
        const box = found.dialog.getBoundingClientRect();
        const focused =
          found.active !== null &&
          (found.active === found.dialog || found.dialog.contains(found.active));
        if (interactive === null && box.width > 0 && box.height > 0 && focused) {
          interactive = at;
        }
        const shown = expect === null || (found.dialog.textContent ?? '').includes(expect);
        if (interactive !== null && shown) {
          resolve({ interactive: interactive - start, data: at - start, start, end: at });
          return;
        }
      }
      if (performance.now() - armed > 30_000) {
        resolve(null);
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}
