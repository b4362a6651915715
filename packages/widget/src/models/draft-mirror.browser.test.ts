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

it('forgets a removed draft, and a second mirror on the same database sees the same', async () => {
  const name = `aide-drafts-test-${Date.now()}-shared`;
  const first = indexedDbDraftMirror(name);
  first?.put('aide:draft:s:ada:general.question', 'Envoyé');
  first?.put('aide:draft:s:ada:technical.api', 'Gardé');
  first?.remove('aide:draft:s:ada:general.question');
  await first?.load();
  const second = indexedDbDraftMirror(name);
  expect(await second?.load()).toEqual(new Map([['aide:draft:s:ada:technical.api', 'Gardé']]));
});
