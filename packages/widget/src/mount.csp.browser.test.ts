import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { mountAide } from './mount';

// A host page with a strict Content Security Policy: no inline styles, no eval. The widget must
// work there because it styles itself with constructed stylesheets and never evaluates strings.
const violations: string[] = [];
const record = (event: SecurityPolicyViolationEvent) => {
  violations.push(`${event.effectiveDirective} ${event.blockedURI}`);
};

let fakes: typeof import('./test/fakes');

beforeAll(async () => {
  // Load the panel chunk and its dependencies before the policy applies to this test page (a
  // real page fetches them from 'self'). Core makes zod jitless before its first schema exists,
  // whichever module of core comes first.
  await import('./panel/panel');
  fakes = await import('./test/fakes');
  document.addEventListener('securitypolicyviolation', record);
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = "default-src 'self'; style-src 'none'; script-src 'self'; connect-src 'self'";
  document.head.append(meta);
});

afterAll(() => {
  document.removeEventListener('securitypolicyviolation', record);
});

it('mounts, styles itself and opens the panel under a strict CSP without a violation', async () => {
  const blocked = document.createElement('style');
  blocked.textContent = 'body { color: rgb(255, 0, 0); }';
  document.head.append(blocked);
  // Proof the policy is in force: the page's own inline style is refused.
  await expect.poll(() => violations.some((entry) => entry.startsWith('style-src'))).toBe(true);
  violations.length = 0;

  // The real client, with the network replaced: its answers are parsed with core's schemas,
  // which is where zod would probe for eval if core had not turned its JIT off.
  const answers: Record<string, unknown> = {
    '/v1/me': fakes.fakeMe({ admin: true }),
    '/v1/config': fakes.fakeConfig({
      docs: [
        {
          id: 'd1',
          title: 'Guide CSP',
          url: 'https://docs.example.com/csp',
          kind: 'doc',
          tags: [],
          routes: [],
        },
      ],
    }),
  };
  vi.stubGlobal('fetch', async (input: Request | string) => {
    const path = new URL(typeof input === 'string' ? input : input.url).pathname;
    return Response.json(answers[path] ?? {}, { status: path in answers ? 200 : 404 });
  });
  const aide = mountAide({ server: `${location.origin}/`, getToken: () => 'token' });
  try {
    const root = document.querySelector('aide-root')?.shadowRoot;
    const launcher = root?.querySelector('button') as HTMLButtonElement;
    expect(getComputedStyle(launcher).backgroundColor).toBe('rgb(31, 95, 191)');
    await aide.open();
    const dialog = root?.querySelector('[role="dialog"]') as HTMLElement;
    expect(getComputedStyle(dialog).position).toBe('fixed');
    await expect.poll(() => dialog.textContent).toContain('Guide CSP');
    // Reports arrive after the fact: an image refused now shows when they are in, however slow
    // the machine. Once its report is here, any refusal caused by the widget before it is too.
    const control = document.createElement('img');
    control.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
    document.body.append(control);
    await expect.poll(() => violations.some((entry) => entry.startsWith('img-src'))).toBe(true);
    control.remove();
    expect(violations).toEqual(['img-src data']);
  } finally {
    aide.unmount();
    blocked.remove();
    vi.unstubAllGlobals();
  }
});
