import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Markdown } from './markdown-view';
import { findViolations, xssCorpus } from './xss-corpus';

// In real Chromium: if any payload ever became live markup, its alert()/onerror would run here.
// Every dialog function is replaced by a canary before rendering.
type Canary = { calls: string[] };
declare global {
  var __aideXss: unknown;
}

/** Appends `element` to the page and resolves once it fires `type` (fails after 10 s). */
function controlEvent(element: HTMLElement, type: 'error' | 'load'): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`control ${element.tagName} never fired ${type}`)),
      10_000,
    );
    element.addEventListener(type, () => {
      clearTimeout(timer);
      element.remove();
      resolve();
    });
    document.body.append(element);
  });
}

describe('Markdown in Chromium', () => {
  const canary: Canary = { calls: [] };
  const originals = { alert: window.alert, confirm: window.confirm, prompt: window.prompt };
  let container: HTMLElement;

  beforeEach(() => {
    canary.calls = [];
    globalThis.__aideXss = undefined;
    window.alert = (message?: unknown) => void canary.calls.push(`alert ${String(message)}`);
    window.confirm = (message?: string) => {
      canary.calls.push(`confirm ${message}`);
      return false;
    };
    window.prompt = (message?: string) => {
      canary.calls.push(`prompt ${message}`);
      return null;
    };
    container = document.createElement('div');
    document.body.append(container);
  });

  afterEach(() => {
    render(null, container);
    container.remove();
    Object.assign(window, originals);
  });

  it('runs no script from any payload of the corpus', async () => {
    render(
      <div>
        {xssCorpus.map((payload) => (
          <Markdown key={payload} source={payload} />
        ))}
      </div>,
      container,
    );
    // Give load/error handlers (images, SVG, iframes) time to fire if anything slipped through:
    // at least 300 ms, and until a broken image and an iframe added after the corpus have fired
    // theirs, however long a busy machine takes to get there.
    await Promise.all([
      new Promise((resolve) => setTimeout(resolve, 300)),
      controlEvent(
        Object.assign(document.createElement('img'), { src: 'aide-missing.png' }),
        'error',
      ),
      controlEvent(Object.assign(document.createElement('iframe'), { srcdoc: '<p>x</p>' }), 'load'),
    ]);
    for (const link of container.querySelectorAll('a')) {
      link.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(canary.calls).toEqual([]);
    expect(globalThis.__aideXss).toBeUndefined();
    expect(findViolations(container.firstElementChild as Element)).toEqual([]);
    expect(container.querySelectorAll('.aide-md')).toHaveLength(xssCorpus.length);
  });

  it('renders the payloads as readable text', () => {
    render(<Markdown source={'<img src=x onerror="window.__aideXss=1">'} />, container);
    expect(container.textContent).toBe('<img src=x onerror="window.__aideXss=1">');
    expect(container.querySelector('img')).toBeNull();
  });
});
