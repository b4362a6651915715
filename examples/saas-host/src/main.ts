import { mountAide } from '@aide/widget';
import { type Candidate, candidates } from './data';
import { h } from './dom';

// Talentia: a tiny recruiting app with three routes. What matters for Aide is at the bottom:
// mountAide with a getToken callback that asks Talentia's own backend for a signed JWT.

interface Session {
  user: { id: string; name: string; title: string; role: 'admin' | 'member' } | null;
  users: { id: string; name: string; title: string }[];
  aideServer: string;
}

type Locale = 'fr' | 'en' | 'es';

const routes = ['/candidates', '/reports', '/settings'] as const;
type Route = (typeof routes)[number];

const screen = document.getElementById('screen') as HTMLElement;
const switcher = document.getElementById('user-switcher') as HTMLSelectElement;
const localeKey = 'talentia.locale';
let locale: Locale = readLocale();
let selected: Candidate | undefined;

function readLocale(): Locale {
  const stored = localStorage.getItem(localeKey);
  return stored === 'en' || stored === 'es' ? stored : 'fr';
}

function currentRoute(): Route {
  const path = location.pathname;
  return routes.find((route) => path.startsWith(route)) ?? '/candidates';
}

function statusPill(candidate: Candidate): HTMLElement {
  const tone = candidate.stage === 'Offre' ? 'ok' : candidate.stage === 'Relance' ? 'warn' : '';
  return h('span', { class: `pill ${tone}` }, candidate.stage);
}

function candidatesScreen(): HTMLElement[] {
  const rows = candidates.map((candidate) => {
    const open = h(
      'button',
      { class: 'row-button', type: 'button' },
      `${candidate.name} (Candidat #${candidate.id})`,
    );
    const row = h(
      'tr',
      {},
      h('td', {}, open),
      h('td', {}, candidate.job),
      h('td', {}, candidate.city),
      h('td', {}, statusPill(candidate)),
    );
    open.addEventListener('click', () => {
      for (const other of row.parentElement?.children ?? []) {
        other.removeAttribute('aria-selected');
      }
      row.setAttribute('aria-selected', 'true');
      // Named entities the support team will see in the ticket's captured context.
      selected = candidate;
    });
    return row;
  });
  return [
    h('h1', {}, 'Candidats'),
    h('p', { class: 'lead' }, '24 candidatures actives sur 6 postes ouverts.'),
    h(
      'div',
      { class: 'card' },
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'Nom'),
            h('th', {}, 'Poste'),
            h('th', {}, 'Ville'),
            h('th', {}, 'Étape'),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
  ];
}

function reportsScreen(): HTMLElement[] {
  const stats: [string, string][] = [
    ['18 j', 'Délai moyen de recrutement'],
    ['142', 'Candidatures ce mois-ci'],
    ['31 %', 'Taux de transformation'],
  ];
  const months = [42, 55, 38, 71, 64, 88];
  return [
    h('h1', {}, 'Rapports'),
    h('p', { class: 'lead' }, 'Activité de recrutement des six derniers mois.'),
    h(
      'div',
      { class: 'grid' },
      ...stats.map(([value, label]) =>
        h('div', { class: 'card stat' }, h('strong', {}, value), h('span', {}, label)),
      ),
    ),
    h(
      'div',
      { class: 'card' },
      h('h2', {}, 'Candidatures par mois'),
      h(
        'div',
        { class: 'bars', role: 'img', 'aria-label': 'Candidatures par mois, de 38 à 88' },
        ...months.map((value) => h('div', { style: `height:${value}%` })),
      ),
    ),
  ];
}

function settingsScreen(): HTMLElement[] {
  const select = h(
    'select',
    { id: 'locale' },
    h('option', { value: 'fr' }, 'Français'),
    h('option', { value: 'en' }, 'English'),
    h('option', { value: 'es' }, 'Español'),
  ) as HTMLSelectElement;
  select.value = locale;
  select.addEventListener('change', () => {
    locale = select.value === 'en' || select.value === 'es' ? select.value : 'fr';
    localStorage.setItem(localeKey, locale);
    document.documentElement.lang = locale;
    aide.setLocale(locale);
  });
  return [
    h('h1', {}, 'Paramètres'),
    h('p', { class: 'lead' }, 'Préférences de votre compte Talentia.'),
    h(
      'div',
      { class: 'card form' },
      h('label', {}, 'Langue de l’interface', select),
      h(
        'p',
        { class: 'hint' },
        'Le panneau ❔ Aide change de langue immédiatement, sans recharger la page.',
      ),
    ),
  ];
}

function render(): void {
  const route = currentRoute();
  if (location.pathname !== route) {
    history.replaceState(null, '', `${route}${location.hash}`);
  }
  for (const link of document.querySelectorAll<HTMLAnchorElement>('.nav a')) {
    if (link.pathname === route) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  switch (route) {
    case '/candidates':
      screen.replaceChildren(...candidatesScreen());
      break;
    case '/reports':
      screen.replaceChildren(...reportsScreen());
      break;
    case '/settings':
      screen.replaceChildren(...settingsScreen());
      break;
    default:
      route satisfies never;
  }
  document.title = `Talentia · ${screen.querySelector('h1')?.textContent ?? ''}`;
  selected = undefined;
}

document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-link]');
  if (link === null || event.metaKey || event.ctrlKey || event.shiftKey) {
    return;
  }
  event.preventDefault();
  history.pushState(null, '', link.pathname);
  render();
  screen.focus();
});
window.addEventListener('popstate', render);

const session = (await fetch('/api/session').then((response) => response.json())) as Session;
for (const user of session.users) {
  switcher.append(h('option', { value: user.id }, `${user.name} — ${user.title}`));
}
switcher.value = session.user?.id ?? 'ada';
switcher.addEventListener('change', async () => {
  // A demo "sign-in": Talentia's backend remembers whom to sign Aide tokens for.
  await fetch(`/api/session?user=${encodeURIComponent(switcher.value)}`, { method: 'POST' });
  location.reload();
});
document.documentElement.lang = locale;

const aide = mountAide({
  server: session.aideServer,
  getToken: () =>
    fetch(`/api/aide-token?locale=${locale}`).then((response) => {
      if (!response.ok) {
        throw new Error(`Talentia could not sign an Aide token (${response.status})`);
      }
      return response.text();
    }),
  locale,
  position: 'top-right',
  // Read when the user opens a form: the current route and what they are looking at.
  context: () => ({
    route: currentRoute(),
    appVersion: 'Talentia 4.12.0',
    entities:
      selected === undefined
        ? []
        : [{ label: 'Candidat', value: `#${selected.id} ${selected.name}` }],
  }),
});
(window as unknown as { aide: typeof aide }).aide = aide;
render();

// Aide's e-mails link to `<app URL>#aide-ticket=<id>`: open that ticket in the panel.
function openLinkedTicket(): void {
  const match = /^#aide-ticket=([\w-]+)$/.exec(location.hash);
  if (match?.[1] !== undefined) {
    history.replaceState(null, '', location.pathname);
    void aide.openTicket(match[1]);
  }
}
window.addEventListener('hashchange', openLinkedTicket);
openLinkedTicket();
