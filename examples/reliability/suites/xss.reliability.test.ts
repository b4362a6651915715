import {
  AideError,
  createAgentClient,
  createClient,
  type Message,
  type TicketDetail,
} from '@aide/core';
import type { HostUser } from '@aide/example-saas-host/backend';
import { allowedAttributes, allowedElements } from '@aide/widget/testing/xss-corpus';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { printFigures } from '../src/figures';
import { scale, timeout } from '../src/tier';
import {
  type DetailExpectation,
  type FormPrefill,
  installProbe,
  lateEvents,
  launchChromium,
  type Observation,
  observeDetails,
  observeForms,
  observeTab,
  observeTicketList,
  type ProbeEvent,
  type ProbeRules,
  scanNow,
} from '../src/xss-browser';
import { markerCall, type XssPayload, xssCorpus } from '../src/xss-corpus';
import { startXssStack, type XssIdentity, type XssStack } from '../src/xss-stack';

// Issue 9, item 3: every payload of the corpus goes through every place content reaches the
// widget, through the real server (tickets and replies over the API with real tokens, docs
// links in the tenant's configuration), and is rendered by the real widget (its one-file
// build) in Chromium on the script-tag page under its strict CSP. Any marker call, dialog,
// CSP violation, disallowed element or attribute fails, naming the payload and the place.

const sinks = [
  'subject',
  'renamed subject',
  'description',
  'requester name',
  'attachment name',
  'agent name',
  'agent reply',
  'customer reply',
  'administrator name',
  'docs title',
  'form fields',
] as const;
type Sink = (typeof sinks)[number];

/** The administrators' list of a member's panel shows at most 50 names. */
const batchSize = 50;
/** What each sink holds at most (the contract's limits); longer payloads are not put there. */
const sinkLimits: Partial<Record<Sink, number>> = {
  subject: 120,
  'renamed subject': 120,
  'requester name': 200,
  'agent name': 200,
  'administrator name': 200,
  'docs title': 200,
  'attachment name': 255,
};
const company = { id: 'hostile-co', name: 'Hostile Co' };

const corpus = xssCorpus({
  sampled: scale({ fast: true, stress: false }),
  mutatedPerPayload: scale({ fast: 0, stress: 2 }),
});
const batches: XssPayload[][] = [];
for (let index = 0; index < corpus.length; index += batchSize) {
  batches.push(corpus.slice(index, index + batchSize));
}

/** The payload as put in one sink: its code calls a marker naming the payload and the sink. */
function instance(index: number, sink: Sink): string {
  return (corpus[index] as XssPayload).render(markerCall(index * 100 + sinks.indexOf(sink)));
}

/**
 * The text to put in a sink: the payload's instance, or when it is longer than the sink holds,
 * a plain stand-in (so that the payload's other sinks are still tried), recorded as skipped.
 */
function placed(index: number, sink: Sink): string {
  const text = instance(index, sink);
  const limit = sinkLimits[sink];
  if (limit === undefined || text.length <= limit) {
    return text;
  }
  skipped.set(`${index}:${sink}`, `longer than ${limit}`);
  return `${sink} of payload ${index}`;
}

function person(id: string, name: string, role: HostUser['role']): HostUser {
  return {
    id,
    email: `${id}@hostile.test`,
    name,
    company: company.id,
    companyName: company.name,
    role,
    title: role,
  };
}

/** What the server stored for one payload's ticket, as the widget must show it. */
interface Seeded {
  index: number;
  ticket: TicketDetail['ticket'];
  agentName: string | null;
  customerName: string | null;
  attachment: string | null;
}

const tried = new Set<string>();
/** Pairs `index:sink` not tried, with why: the server refused them, or they cannot fit. */
const refused = new Map<string, string>();
const skipped = new Map<string, string>();
const failures: string[] = [];
const figures = { markers: 0, dialogs: 0, csp: 0, findings: 0, pageErrors: 0, serverErrors: 0 };
const tally = { tickets: 0, pages: 0, seedMs: 0, browseMs: 0 };

function describePayload(index: number): string {
  const payload = corpus[index] as XssPayload;
  return `${payload.id} [${payload.family}]`;
}

function fail(index: number | null, where: string, problem: string): void {
  const payload = index === null ? 'payload unknown' : describePayload(index);
  failures.push(`${payload} × ${where}: ${problem}`);
}

/** A sink given a stand-in (payload too long for it) is skipped, not tried. */
function markTried(index: number, sink: Sink): void {
  const pair = `${index}:${sink}`;
  if (!skipped.has(pair)) {
    tried.add(pair);
  }
}

/** Something ran: the marker names the payload and the sink when the code carried one. */
function judgeEvents(events: readonly ProbeEvent[], fallback: number | null, where: string): void {
  for (const event of events) {
    if (event.kind === 'marker' || event.kind === 'dialog') {
      figures[event.kind === 'marker' ? 'markers' : 'dialogs']++;
    } else {
      figures.csp++;
    }
    const marker = event.marker;
    if (marker !== null && corpus[Math.floor(marker / 100)] !== undefined) {
      const sink = sinks[marker % 100] ?? where;
      fail(Math.floor(marker / 100), sink, `${event.kind}: ${event.detail}`);
    } else {
      fail(fallback, where, `${event.kind}: ${event.detail}`);
    }
  }
}

function judge(observation: Observation, index: number | null, where: string): void {
  judgeEvents(observation.events, index, where);
  for (const finding of observation.findings) {
    figures.findings++;
    fail(index, `${where} (${finding.area})`, `${finding.problem} near "${finding.near}"`);
  }
  if (!observation.rendered) {
    fail(index, where, `never rendered: ${JSON.stringify(observation.texts).slice(0, 300)}`);
  }
}

/**
 * One API call of the seeding. A refusal (4xx, or the client's own contract check) is a
 * legitimate answer to hostile input: the sink is then counted as refused, not as tried. A
 * 5xx is a server bug, reported as a failure of that payload and sink.
 */
async function attempt<T>(index: number, sink: Sink, call: () => Promise<T>): Promise<T | null> {
  try {
    const result = await call();
    markTried(index, sink);
    return result;
  } catch (error) {
    if (!(error instanceof AideError)) {
      throw error;
    }
    if (error.status !== undefined && error.status >= 500) {
      figures.serverErrors++;
      fail(index, sink, `the server answered ${error.status}: ${error.message}`);
    }
    refused.set(`${index}:${sink}`, `${error.code}: ${error.message}`);
    return null;
  }
}

/** The sinks that need the payload's ticket. */
const ticketSinks: readonly Sink[] = [
  'subject',
  'requester name',
  'agent reply',
  'agent name',
  'renamed subject',
  'customer reply',
  'administrator name',
];

/** Sinks that could not be tried because the call carrying them was refused. */
function refuseAlong(index: number, dependents: readonly Sink[], carrier: Sink): void {
  const because = refused.get(`${index}:${carrier}`) ?? 'refused';
  for (const sink of dependents) {
    const pair = `${index}:${sink}`;
    if (!skipped.has(pair)) {
      refused.set(pair, `with the ${carrier} (${because})`);
    }
  }
}

/** Puts one payload through the API: a ticket, its attachment, an agent reply and a rename. */
async function seedPayload(stack: XssStack, tenant: string, index: number): Promise<Seeded | null> {
  const admin = (sink: Sink): XssIdentity => ({
    tenant,
    user: person(`admin-${index}`, placed(index, sink), 'admin'),
  });
  const client = (identity: XssIdentity) =>
    createClient({
      baseUrl: stack.aideServer,
      getToken: () => stack.token(identity),
      retry: false,
    });
  const requester = client(admin('requester name'));
  const agent = createAgentClient({
    baseUrl: stack.aideServer,
    apiKey: stack.agentKey(tenant),
    retry: false,
  });

  const file = new File([`Pièce jointe ${index}`], placed(index, 'attachment name'), {
    type: 'text/plain',
  });
  const upload = await attempt(index, 'attachment name', () => requester.uploadAttachment(file));
  const subject = placed(index, 'subject');
  const created = await attempt(index, 'description', () =>
    requester.createTicket({
      category: 'general.question',
      subject,
      description: instance(index, 'description'),
      priority: 'normal',
      fields: {},
      attachments: upload === null ? [] : [upload.id],
      consent: { accepted: true, text_version: 'v1' },
      share_with_account_manager: false,
      context: {},
    }),
  );
  if (created === null) {
    refuseAlong(index, ticketSinks, 'description');
    return null;
  }
  markTried(index, 'subject');
  markTried(index, 'requester name');
  const id = created.ticket.id;
  const agentReply: Message | null = await attempt(index, 'agent reply', () =>
    agent.reply(id, {
      body: instance(index, 'agent reply'),
      attachments: [],
      agent: { id: 'agent-1', name: placed(index, 'agent name') },
    }),
  );
  if (agentReply === null) {
    refuseAlong(index, ['agent name'], 'agent reply');
  } else {
    markTried(index, 'agent name');
  }
  let ticket = created.ticket;
  const renamed = placed(index, 'renamed subject');
  if (renamed === ticket.subject) {
    // A payload that carries no marker is the same string in every sink: nothing to rename.
    skipped.set(`${index}:renamed subject`, 'the same as its subject');
  } else {
    ticket =
      (await attempt(index, 'renamed subject', () => agent.rename(id, { subject: renamed })))
        ?.ticket ?? ticket;
  }
  // The administrator's last token carries the name the member's panel lists.
  const customer = client(admin('administrator name'));
  const reply = await attempt(index, 'customer reply', () =>
    customer.reply(id, { body: instance(index, 'customer reply'), attachments: [] }),
  );
  if (reply === null) {
    refuseAlong(index, ['administrator name'], 'customer reply');
  } else {
    markTried(index, 'administrator name');
  }
  return {
    index,
    ticket,
    agentName: agentReply?.author.name ?? null,
    customerName: reply?.author.name ?? null,
    attachment: upload?.name ?? null,
  };
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function checkDetail(observation: Observation, seeded: Seeded): void {
  const { index, ticket } = seeded;
  judge(observation, index, 'ticket detail');
  const shown = observation.texts;
  const expectText = (sink: Sink, ok: boolean) => {
    if (!ok) {
      fail(index, sink, `not shown as text: ${JSON.stringify(shown).slice(0, 300)}`);
    }
  };
  expectText('subject', shown.subject?.[0] === ticket.subject);
  expectText('requester name', shown.authors?.[0] === ticket.requester.name);
  if (seeded.agentName !== null) {
    expectText('agent name', shown.authors?.includes(seeded.agentName) === true);
  }
  if (seeded.attachment !== null) {
    expectText('attachment name', shown.attachments?.[0]?.includes(seeded.attachment) === true);
  }
  if (tried.has(`${index}:renamed subject`)) {
    expectText(
      'renamed subject',
      shown.history?.some((line) => line.includes(ticket.subject)) === true,
    );
  }
}

function checkBatchTexts(
  observation: Observation,
  batch: readonly number[],
  where: Sink,
  expected: readonly string[],
  shown: readonly string[],
): void {
  judge(observation, batch.length === 1 ? (batch[0] as number) : null, where);
  const seen = new Set(shown);
  expected.forEach((text, position) => {
    if (!seen.has(text)) {
      fail(batch[position] as number, where, `not shown as text: ${JSON.stringify(text)}`);
    }
  });
}

let stack: XssStack;
let browser: Browser;
const startedAt = performance.now();

beforeAll(async () => {
  stack = await startXssStack(
    batches.map((batch, number) => ({
      id: `xss-b${number}`,
      docs: batch.map((_, position) => {
        const index = number * batchSize + position;
        const title = placed(index, 'docs title');
        markTried(index, 'docs title');
        return { title, url: `https://docs.example.test/${number}/${position}` };
      }),
    })),
  );
  browser = await launchChromium();
}, timeout(120_000));

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const rules: ProbeRules = {
  markdownElements: [...allowedElements],
  markdownAttributes: allowedAttributes,
};

async function newPage(context: BrowserContext, batchLabel: string): Promise<Page> {
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    figures.dialogs++;
    fail(null, batchLabel, `dialog ${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => {
    figures.pageErrors++;
    fail(null, batchLabel, `uncaught error in the page: ${error.message}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) {
      figures.csp++;
      fail(null, batchLabel, `CSP console error: ${message.text().slice(0, 200)}`);
    }
  });
  page.on('popup', (popup) => fail(null, batchLabel, `a popup opened: ${popup.url()}`));
  return page;
}

/** Puts a batch's payloads through the API, a few at a time. */
async function seedBatch(number: number): Promise<Seeded[]> {
  const tenant = `xss-b${number}`;
  const indexes = (batches[number] ?? []).map((_, position) => number * batchSize + position);
  const seedStart = performance.now();
  const seeded = await pool(indexes, 8, (index) => seedPayload(stack, tenant, index));
  tally.seedMs += performance.now() - seedStart;
  const created = seeded.filter((item): item is Seeded => item !== null);
  tally.tickets += created.length;
  return created;
}

/** One batch in the browser: one page as a member of the company, then as an administrator. */
async function browseBatch(number: number, seeded: readonly Seeded[]): Promise<void> {
  const tenant = `xss-b${number}`;
  const indexes = (batches[number] ?? []).map((_, position) => number * batchSize + position);
  const browseStart = performance.now();
  const label = `batch ${number}`;
  const memberKey = `${tenant}:member`;
  const formsKey = `${tenant}:forms`;
  stack.register(memberKey, { tenant, user: person('member', 'Marie Membre', 'member') });
  stack.register(formsKey, {
    tenant,
    user: { ...person('forms', 'Fanny Formulaire', 'admin'), company: 'forms-co' },
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(installProbe, rules);
  const page = await newPage(context, label);
  try {
    await page.goto(stack.pageUrl(memberKey));
    tally.pages++;
    const docs = await observeTab(page, {
      key: label,
      tab: 'Documentation',
      selector: '.doc-title',
      count: indexes.length,
    });
    checkBatchTexts(
      docs,
      indexes,
      'docs title',
      indexes.map((index) => placed(index, 'docs title')),
      docs.texts['.doc-title'] ?? [],
    );
    const named = seeded.filter((item) => item.customerName !== null);
    const admins = await observeTab(page, {
      key: label,
      tab: 'Nouvelle demande',
      selector: '.admin-list li',
      count: named.length,
    });
    checkBatchTexts(
      admins,
      named.map((item) => item.index),
      'administrator name',
      named.map((item) => item.customerName as string),
      admins.texts['.admin-list li'] ?? [],
    );
    const list = await observeTicketList(page, label, seeded.length);
    checkBatchTexts(
      list,
      seeded.map((item) => item.index),
      'subject',
      seeded.map((item) => item.ticket.subject),
      list.texts.subjects ?? [],
    );
    // Each row of the company's list ends with "par <requester>".
    const metas = list.texts.metas ?? [];
    for (const item of seeded) {
      if (!metas.some((meta) => meta.endsWith(`par ${item.ticket.requester.name}`))) {
        fail(item.index, 'requester name', 'not shown as text in the ticket list');
      }
    }
    const details: DetailExpectation[] = seeded.map((item) => ({
      key: String(item.index),
      id: item.ticket.id,
      number: item.ticket.number,
      messages: 1 + (item.agentName === null ? 0 : 1) + (item.customerName === null ? 0 : 1),
      attachments: item.attachment === null ? 0 : 1,
    }));
    const observed = await observeDetails(page, details);
    observed.forEach((observation, position) => {
      checkDetail(observation, seeded[position] as Seeded);
    });
    judgeEvents(await lateEvents(page), null, label);

    await page.goto(stack.pageUrl(formsKey));
    tally.pages++;
    // Six payloads per form, one in each of its text fields.
    const groups: number[][] = [];
    for (let at = 0; at < indexes.length; at += formFields.length) {
      groups.push(indexes.slice(at, at + formFields.length));
    }
    const forms: FormPrefill[] = groups.map((group) => {
      const values: Record<string, string> = {};
      const expected: Record<string, string> = {};
      group.forEach((index, position) => {
        const [name, shown] = formFields[position] as (typeof formFields)[number];
        values[name] = instance(index, 'form fields');
        expected[name] = shown(values[name]);
        markTried(index, 'form fields');
      });
      return { key: group.join(','), category: 'technical.api', values, expected };
    });
    const formObservations = await observeForms(page, forms);
    formObservations.forEach((observation, position) => {
      const group = groups[position] ?? [];
      const where = `form fields (${group.map(describePayload).join(', ')})`;
      judge(observation, group.length === 1 ? (group[0] ?? null) : null, where);
    });
    judgeEvents(await lateEvents(page), null, label);
  } finally {
    await context.close();
    tally.browseMs += performance.now() - browseStart;
  }
}

/** Text fields of the technical.api form, and what each shows of a value set in it. */
const formFields: readonly (readonly [string, (value: string) => string])[] = [
  ['description', (value) => value],
  ['error_message', (value) => value],
  ['steps_to_reproduce', (value) => value],
  ['expected_behaviour', (value) => value],
  // Inputs drop line breaks, and a URL input also the blanks around its value (HTML's value
  // sanitization): the value read back is the payload so cleaned.
  ['subject', (value) => value.replace(/[\r\n]/g, '')],
  [
    'endpoint_url',
    (value) => value.replace(/[\r\n]/g, '').replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, ''),
  ],
];

/** The page of the detectors' own check, whose planted violations are not the corpus's. */
const probeCheckUser = 'probe-check';

describe('hostile content in the widget, in Chromium under a strict CSP', () => {
  test('the probe sees a marker call, a dialog, a CSP violation and planted markup', async () => {
    stack.register(probeCheckUser, {
      tenant: 'xss-b0',
      user: person('probe', 'Paul Probe', 'member'),
    });
    const context = await browser.newContext();
    await context.addInitScript(installProbe, rules);
    const page = await context.newPage();
    await page.goto(stack.pageUrl(probeCheckUser));
    const docs = await observeTab(page, {
      key: 'probe',
      tab: 'Documentation',
      selector: '.doc-title',
      count: 1,
    });
    expect(docs.findings).toEqual([]);
    expect(docs.events).toEqual([]);
    // What a hole would look like: markup in a docs item, a handler, a script URL, a call.
    await page.evaluate(() => {
      const host = [...document.body.children].find((element) => element.shadowRoot !== null);
      const planted = document.createElement('div');
      planted.className = 'aide-md';
      planted.innerHTML =
        '<img src="planted.png" onerror="__aideXss(4242)"><a href="javascript:alert(4343)">x</a>';
      host?.shadowRoot?.querySelector('.doc-item')?.append(planted);
      const target = window as unknown as { __aideXss(marker: number): void };
      target.__aideXss(4545);
      window.alert(4646);
    });
    const events = await lateEvents(page);
    expect(events.map((event) => [event.kind, event.marker])).toEqual(
      expect.arrayContaining([
        ['marker', 4545],
        ['dialog', 4646],
      ]),
    );
    // The page's policy asks for no samples: the blocked handler is known by its directive.
    expect(
      events.filter((event) => event.kind === 'csp' && event.detail.startsWith('script-src')),
    ).not.toEqual([]);
    const problems = (await scanNow(page)).map((finding) => `${finding.area}: ${finding.problem}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'docs: element <img> in Markdown',
        'docs: attribute onerror on <img>',
        'docs: href="javascript:alert(4343)" on <a>',
      ]),
    );
    await expect
      .poll(() => stack.cspReports().filter((report) => report.includes(probeCheckUser)).length)
      .toBeGreaterThan(0);
    await context.close();
  });

  test(
    `${corpus.length} payloads × ${sinks.length} places run nothing and render as text`,
    async () => {
      expect(corpus.length).toBeGreaterThanOrEqual(500);
      // Two batches at a time: one is seeded while the browser reads the other.
      await pool(
        batches.map((_, number) => number),
        2,
        async (number) => browseBatch(number, await seedBatch(number)),
      );
      const reports = stack.cspReports().filter((report) => !report.includes(probeCheckUser));
      for (const report of reports) {
        fail(null, 'report-uri', `CSP report: ${report.slice(0, 200)}`);
      }
      const families = new Set(corpus.map((payload) => payload.family));
      printFigures('xss', {
        payloads: corpus.length,
        families: families.size,
        sinks: sinks.length,
        'payloads × sinks tried': tried.size,
        'refused by the server': refused.size,
        'skipped (too long for the sink)': skipped.size,
        tickets: tally.tickets,
        pages: tally.pages,
        executions: figures.markers + figures.dialogs,
        'CSP violations': figures.csp + reports.length,
        'disallowed elements or attributes': figures.findings,
        'page errors': figures.pageErrors,
        'server errors': figures.serverErrors,
        'seed s': tally.seedMs / 1000,
        'browser s': tally.browseMs / 1000,
        'total s': (performance.now() - startedAt) / 1000,
      });
      expect(failures.slice(0, 40)).toEqual([]);
      // Every payload went through every sink but the ones it was refused or too long for.
      const unexplained = corpus.flatMap((_, index) =>
        sinks
          .map((sink) => `${index}:${sink}`)
          .filter((pair) => !tried.has(pair) && !refused.has(pair) && !skipped.has(pair)),
      );
      expect(unexplained).toEqual([]);
    },
    timeout(240_000, 1_800_000),
  );
});
