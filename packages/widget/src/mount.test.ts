import { configure, within } from '@testing-library/dom';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AideHandle, mountAide } from './mount';
import { fakeConfig, fakeMe, fakeTicketDetail } from './test/fakes';

let aide: AideHandle | undefined;
// Testing Library cannot print a shadow root in its failure messages: keep the message only.
configure({ getElementError: (message) => new Error(message ?? 'element not found') });

// The panel and English chunks are transformed on first import, which takes seconds under the
// test runner (a bundle would not): load them once before the timed interactions.
beforeAll(async () => {
  await Promise.all([import('./panel/panel'), import('./i18n/en'), import('@aide/core/i18n/en')]);
}, 30_000);

afterEach(() => {
  aide?.unmount();
  aide = undefined;
});

function hosts(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('aide-root'));
}

function shadow(host = hosts()[0]): HTMLElement {
  if (!host?.shadowRoot) {
    throw new Error('widget host not mounted');
  }
  // Testing Library's queries accept any node with querySelectorAll; its types want an element.
  return host.shadowRoot as unknown as HTMLElement;
}

it('shows the launcher, opens the panel as a dialog and closes it with Escape', async () => {
  const user = userEvent.setup();
  const onEvent = vi.fn();
  aide = mountAide({ onEvent });
  const screen = within(shadow());
  const launcher = screen.getByRole('button', { name: 'Aide' });
  expect(launcher).toHaveAttribute('aria-expanded', 'false');

  await user.click(launcher);
  const dialog = await screen.findByRole('dialog', { name: 'Aide' });
  expect(launcher).toHaveAttribute('aria-expanded', 'true');
  expect(onEvent).toHaveBeenCalledWith({ type: 'open', view: 'docs' });

  await user.type(dialog, '{Escape}');
  expect(screen.queryByRole('dialog')).toBeNull();
  expect(launcher).toHaveAttribute('aria-expanded', 'false');
  expect(shadow().ownerDocument.activeElement).toBe(hosts()[0]);
  expect(hosts()[0]?.shadowRoot?.activeElement).toBe(launcher);
  expect(onEvent).toHaveBeenLastCalledWith({ type: 'close' });
});

it('lists the documentation passed in the options', async () => {
  aide = mountAide({
    docs: [{ title: 'Créer une facture', url: 'https://docs.example.com/factures' }],
  });
  await aide.open();
  const link = await within(shadow()).findByRole('link', { name: /Créer une facture/ });
  expect(link).toHaveAttribute('href', 'https://docs.example.com/factures');
});

it('leaves nothing in the page after unmount', async () => {
  const added = vi.spyOn(window, 'addEventListener');
  const removed = vi.spyOn(window, 'removeEventListener');
  aide = mountAide();
  await aide.open();
  aide.unmount();
  aide = undefined;
  expect(hosts()).toHaveLength(0);
  const kinds = (spy: typeof added) => spy.mock.calls.map(([type, listener]) => [type, listener]);
  expect(kinds(removed)).toEqual(expect.arrayContaining(kinds(added)));
  added.mockRestore();
  removed.mockRestore();
});

it('keeps two widgets on one page apart', async () => {
  const first = mountAide({ text: { 'launcher.label': 'Support' } as never });
  const second = mountAide({ locale: 'en' });
  try {
    const [firstHost, secondHost] = hosts();
    await first.open();
    expect(within(shadow(firstHost)).getByRole('dialog')).toBeInTheDocument();
    expect(within(shadow(secondHost)).queryByRole('dialog')).toBeNull();
    expect(within(shadow(secondHost)).getByRole('button', { name: 'Help' })).toBeInTheDocument();
    first.unmount();
    expect(hosts()).toHaveLength(1);
    await second.open();
    expect(await within(shadow(secondHost)).findByRole('dialog', { name: 'Help' })).toBeVisible();
  } finally {
    first.unmount();
    second.unmount();
  }
});

it('files a ticket end to end through the real client, inside the shadow root', async () => {
  const user = userEvent.setup();
  const requests: { method: string; path: string; headers: Headers; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const url = new URL(input.url);
    const body = input.method === 'POST' ? await input.clone().json() : undefined;
    requests.push({ method: input.method, path: url.pathname, headers: input.headers, body });
    const answers: Record<string, unknown> = {
      'GET /v1/me': fakeMe({ admin: true }),
      'GET /v1/config': fakeConfig(),
      'GET /v1/tickets/similar': { items: [] },
      'POST /v1/tickets': fakeTicketDetail(128, 'Export impossible'),
    };
    const answer = answers[`${input.method} ${url.pathname}`];
    return answer
      ? Response.json(answer, { status: input.method === 'POST' ? 201 : 200 })
      : new Response(null, { status: 404 });
  });
  const onEvent = vi.fn();
  try {
    aide = mountAide({ server: 'https://support.test', getToken: () => 'host-token', onEvent });
    await aide.newTicket('general.question');
    const screen = within(shadow());
    await user.type(await screen.findByRole('textbox', { name: /^Objet/ }), 'Export impossible');
    await user.type(
      screen.getByRole('textbox', { name: /^Description/ }),
      'Le bouton ne fait rien.',
    );
    await user.click(screen.getByRole('checkbox', { name: /J'accepte/ }));
    await user.click(screen.getByRole('button', { name: 'Envoyer la demande' }));
    expect(await screen.findByText('Votre demande n° 128 a bien été enregistrée.')).toBeVisible();

    const created = requests.filter((request) => request.method === 'POST');
    expect(created).toHaveLength(1);
    expect(created[0]?.headers.get('authorization')).toBe('Bearer host-token');
    expect(created[0]?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(created[0]?.body).toMatchObject({
      category: 'general.question',
      subject: 'Export impossible',
    });
    expect(onEvent).toHaveBeenCalledWith({
      type: 'ticket_created',
      ticket: { id: 'tk_128', number: 128 },
      fromQueue: false,
    });
  } finally {
    vi.unstubAllGlobals();
    localStorage.clear();
  }
});

it('queues a ticket while the server is unreachable and sends it once when back online', async () => {
  const user = userEvent.setup();
  let reachable = false;
  const posts: string[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const url = new URL(input.url);
    if (input.method === 'POST') {
      if (!reachable) {
        throw new TypeError('Failed to fetch');
      }
      posts.push(input.headers.get('idempotency-key') ?? '');
      return Response.json(fakeTicketDetail(129, 'Hors ligne'), { status: 201 });
    }
    const answers: Record<string, unknown> = {
      '/v1/me': fakeMe({ admin: true }),
      '/v1/config': fakeConfig(),
      '/v1/tickets/similar': { items: [] },
    };
    return Response.json(answers[url.pathname] ?? {});
  });
  const onEvent = vi.fn();
  try {
    aide = mountAide({ server: 'https://support.test', getToken: () => 'host-token', onEvent });
    await aide.newTicket('general.question');
    const screen = within(shadow());
    await user.type(await screen.findByRole('textbox', { name: /^Objet/ }), 'Hors ligne');
    await user.type(screen.getByRole('textbox', { name: /^Description/ }), 'Envoyé plus tard.');
    await user.click(screen.getByRole('checkbox', { name: /J'accepte/ }));
    await user.click(screen.getByRole('button', { name: 'Envoyer la demande' }));
    expect(
      await screen.findByRole(
        'heading',
        { name: 'Demande mise en file d’attente' },
        { timeout: 15_000 },
      ),
    ).toBeVisible();
    expect(posts).toEqual([]);

    reachable = true;
    window.dispatchEvent(new Event('online'));
    window.dispatchEvent(new Event('online'));
    expect(
      await screen.findByText(
        'Votre demande en attente n° 129 a été envoyée.',
        {},
        { timeout: 15_000 },
      ),
    ).toBeVisible();
    expect(posts).toHaveLength(1);
    expect(onEvent).toHaveBeenCalledWith({
      type: 'ticket_created',
      ticket: { id: 'tk_129', number: 129 },
      fromQueue: true,
    });
  } finally {
    vi.unstubAllGlobals();
    localStorage.clear();
  }
}, 30_000);

describe('on a page that is still loading', () => {
  afterEach(() => vi.restoreAllMocks());

  function loading(): void {
    vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
  }

  it('shows the launcher only after the load event, in an idle moment', async () => {
    loading();
    aide = mountAide();
    expect(hosts()[0]?.shadowRoot?.querySelector('button') ?? null).toBeNull();
    window.dispatchEvent(new Event('load'));
    const root = await vi.waitFor(() => shadow(), { timeout: 10_000 });
    expect(await within(root).findByRole('button', { name: 'Aide' })).toBeVisible();
  });

  it('mounts at once when the host opens it before the page has loaded', async () => {
    loading();
    aide = mountAide();
    aide.setLocale('en');
    await aide.open();
    expect(await within(shadow()).findByRole('dialog', { name: 'Help' })).toBeVisible();
  });

  it('leaves nothing behind when unmounted before the page has loaded', async () => {
    loading();
    const early = mountAide();
    const earlyHost = hosts()[0];
    early.unmount();
    expect(hosts()).toHaveLength(0);
    // A second widget waits for the same load event and idle moment: once it is mounted, the
    // first one would have been too, however long that took on a busy machine.
    aide = mountAide();
    window.dispatchEvent(new Event('load'));
    await vi.waitFor(() => shadow(), { timeout: 10_000 });
    expect(hosts()).toHaveLength(1);
    expect(earlyHost?.shadowRoot ?? null).toBeNull();
  });
});

describe('the unread badge before the panel is opened', () => {
  const seen = { t1: '2026-11-20T10:00:00.000Z', t2: '2026-11-21T10:00:00.000Z' };
  const tickets = [
    { id: 't1', last_activity_at: '2026-11-22T09:00:00.000Z' },
    { id: 't2', last_activity_at: '2026-11-21T10:00:00.000Z' },
    { id: 't3', last_activity_at: '2026-11-23T09:00:00.000Z' },
  ];
  const controlAsked: string[] = [];

  /** Answers every widget's API calls; records those sent to https://support.test. */
  function serve(): string[] {
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (input: URL, init: RequestInit) => {
      if (input.host === 'support.test') {
        asked.push(`${input.pathname}${input.search}`);
      } else {
        controlAsked.push(`${input.pathname}${input.search}`);
      }
      expect(new Headers(init.headers).get('authorization')).toBe('Bearer host-token');
      return input.pathname === '/v1/me'
        ? Response.json(fakeMe({ admin: true }))
        : Response.json({ items: tickets, next_cursor: null });
    });
    return asked;
  }

  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
    controlAsked.length = 0;
  });

  it('counts tickets with activity the user has not seen, without loading the panel', async () => {
    localStorage.setItem('aide.tickets.seen.acme:ada', JSON.stringify(seen));
    const asked = serve();
    aide = mountAide({ server: 'https://support.test', getToken: () => 'host-token' });
    const launcher = within(shadow()).getByRole('button', { name: 'Aide' });
    await vi.waitFor(() => expect(launcher).toHaveAccessibleName('Aide (1)'), { timeout: 10_000 });
    expect(asked).toEqual(['/v1/me', '/v1/tickets?scope=mine&limit=30']);
  });

  it('does not use what the same user id followed in another company', async () => {
    localStorage.setItem('aide.tickets.seen.globex:ada', JSON.stringify(seen));
    const asked = serve();
    aide = mountAide({ server: 'https://support.test', getToken: () => 'host-token' });
    await vi.waitFor(() => expect(asked).toEqual(['/v1/me']), { timeout: 10_000 });
    // A control widget whose user followed tickets in his own company asks for his list after
    // the same steps, and more: once it has, the first widget would have asked too.
    localStorage.setItem('aide.tickets.seen.acme:ada', JSON.stringify(seen));
    const control = mountAide({ server: 'https://control.test', getToken: () => 'host-token' });
    try {
      await vi.waitFor(() => expect(controlAsked).toContain('/v1/tickets?scope=mine&limit=30'), {
        timeout: 10_000,
      });
      expect(asked).toEqual(['/v1/me']);
    } finally {
      control.unmount();
    }
    expect(within(shadow()).getByRole('button', { name: 'Aide' })).toBeVisible();
  });

  it('asks the server nothing in a browser where nobody followed tickets', async () => {
    const asked = serve();
    aide = mountAide({ server: 'https://support.test', getToken: () => 'host-token' });
    expect(within(shadow()).getByRole('button', { name: 'Aide' })).toBeVisible();
    // A control widget mounted once someone has followed tickets does ask, after the same idle
    // moment: once its questions are in, the first widget's would have been too.
    localStorage.setItem('aide.tickets.seen.acme:ada', JSON.stringify(seen));
    const control = mountAide({ server: 'https://control.test', getToken: () => 'host-token' });
    try {
      await vi.waitFor(() => expect(controlAsked).toContain('/v1/tickets?scope=mine&limit=30'), {
        timeout: 10_000,
      });
      expect(asked).toEqual([]);
    } finally {
      control.unmount();
    }
  });
});
