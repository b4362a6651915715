import { expect, it } from 'vitest';
import { indexedDbDraftMirror } from './draft-mirror';

// The mirror against Chromium's real IndexedDB: what the widget reads back after a killed
// browser (examples/reliability/suites/drafts.reliability.test.ts kills one for real).

let databases = 0;
const fresh = () => indexedDbDraftMirror(`aide-drafts-test-${Date.now()}-${databases++}`);

it('gives back the last value written under each key, in the order the writes were made', async () => {
  const mirror = fresh();
  expect(mirror).not.toBeNull();
  for (const text of ['E', 'Ex', 'Exp']) {
    mirror?.put('aide:draft:s:ada:general.question', text);
  }
  mirror?.put('aide:draft:s:ada:billing.question', 'Facture');
  expect(await mirror?.load()).toEqual(
    new Map([
      ['aide:draft:s:ada:billing.question', 'Facture'],
      ['aide:draft:s:ada:general.question', 'Exp'],
    ]),
  );
});

it('holds what was written for a second mirror on the same database (the next page)', async () => {
  const name = `aide-drafts-test-${Date.now()}-shared`;
  const first = indexedDbDraftMirror(name);
  first?.put(
    'aide:draft:s:ada:general.question',
    '{"version":1,"removedAt":"2026-11-23T10:00:00.000Z"}',
  );
  first?.put('aide:draft:s:ada:technical.api', 'Gardé');
  await first?.load();
  const second = indexedDbDraftMirror(name);
  expect(await second?.load()).toEqual(
    new Map([
      ['aide:draft:s:ada:general.question', '{"version":1,"removedAt":"2026-11-23T10:00:00.000Z"}'],
      ['aide:draft:s:ada:technical.api', 'Gardé'],
    ]),
  );
});
