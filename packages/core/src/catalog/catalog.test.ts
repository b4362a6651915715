import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { en } from '../i18n/en';
import { es } from '../i18n/es';
import { fr } from '../i18n/fr';
import { createTranslator } from '../i18n/translate';
import {
  categoriesByGroup,
  createCatalog,
  defaultCatalog,
  getCategory,
  renameCategory,
  reorderCategories,
  reorderGroups,
  simpleCatalog,
  withCategory,
  withoutCategory,
} from './catalog';
import { commonFields } from './common';
import { defineCategory } from './define';

const training = defineCategory({
  key: 'general.training',
  group: 'general',
  label_key: 'acme.training',
  fields: [],
  schema: z.object({}),
});
const legal = defineCategory({
  key: 'legal.contract',
  group: 'legal',
  label_key: 'acme.contract',
  fields: [],
  schema: z.object({}),
});

const keysOf = (catalog: { categories: readonly { key: string }[] }) =>
  catalog.categories.map((category) => category.key);

describe('defaultCatalog', () => {
  it('groups the ten categories as the design says', () => {
    expect(
      categoriesByGroup(defaultCatalog).map((group) => [
        group.group,
        group.categories.map((category) => category.key),
      ]),
    ).toEqual([
      ['general', ['general.question', 'general.ui_issue', 'general.improvement']],
      ['technical', ['technical.api', 'technical.incident', 'technical.sql_report']],
      ['billing', ['billing.question', 'billing.company_details']],
      ['security', ['security.user_deletion', 'security.mfa_reset']],
    ]);
  });

  it('has every label, help, placeholder and option in French, English and Spanish', () => {
    const translators = [
      createTranslator({ locale: 'fr', messages: fr }),
      createTranslator({ locale: 'en', messages: en }),
      createTranslator({ locale: 'es', messages: es }),
    ];
    const keys = new Set<string>();
    for (const catalog of [defaultCatalog, simpleCatalog]) {
      for (const group of categoriesByGroup(catalog)) {
        keys.add(group.label_key);
      }
      for (const category of catalog.categories) {
        keys.add(category.label_key);
        if (category.description_key !== undefined) {
          keys.add(category.description_key);
        }
        for (const field of [...commonFields, ...category.fields]) {
          keys.add(field.label_key);
          for (const key of [field.help_key, field.placeholder_key]) {
            if (key !== undefined) {
              keys.add(key);
            }
          }
          for (const option of field.options ?? []) {
            keys.add(option.label_key);
          }
        }
      }
    }
    for (const t of translators) {
      expect([...keys].filter((key) => !t.has(key))).toEqual([]);
    }
  });
});

describe('catalog helpers', () => {
  it('adds a category at the end, or next to another one', () => {
    expect(keysOf(withCategory(simpleCatalog, training))).toEqual([
      'simple.question',
      'simple.problem',
      'simple.need',
      'simple.other',
      'general.training',
    ]);
    expect(
      keysOf(withCategory(defaultCatalog, training, { after: 'general.question' })).slice(0, 3),
    ).toEqual(['general.question', 'general.training', 'general.ui_issue']);
    expect(keysOf(withCategory(defaultCatalog, training, { before: 'general.question' }))[0]).toBe(
      'general.training',
    );
    expect(() => withCategory(defaultCatalog, training, { after: 'nope' })).toThrow(
      'withCategory: no category "nope"',
    );
  });

  it('replaces a category with the same key in place', () => {
    const replacement = defineCategory({
      key: 'general.ui_issue',
      group: 'general',
      label_key: 'acme.display',
      fields: [],
      schema: z.object({}),
    });
    const catalog = withCategory(defaultCatalog, replacement);
    expect(keysOf(catalog)).toEqual(keysOf(defaultCatalog));
    expect(getCategory(catalog, 'general.ui_issue')).toBe(replacement);
  });

  it('adds a new group after the existing ones', () => {
    expect(withCategory(defaultCatalog, legal).groups).toEqual([
      'general',
      'technical',
      'billing',
      'security',
      'legal',
    ]);
  });

  it('removes categories, and a group left empty', () => {
    const catalog = withoutCategory(defaultCatalog, [
      'security.user_deletion',
      'security.mfa_reset',
    ]);
    expect(catalog.groups).toEqual(['general', 'technical', 'billing']);
    expect(getCategory(catalog, 'security.mfa_reset')).toBeUndefined();
    expect(keysOf(withoutCategory(defaultCatalog, 'technical.sql_report'))).not.toContain(
      'technical.sql_report',
    );
    expect(keysOf(withoutCategory(defaultCatalog, 'does.not_exist'))).toEqual(
      keysOf(defaultCatalog),
    );
  });

  it('renames with a message key or a literal label, never touching the original', () => {
    const byKey = renameCategory(defaultCatalog, 'general.question', { label_key: 'acme.ask' });
    expect(getCategory(byKey, 'general.question')?.label_key).toBe('acme.ask');
    const byLabel = renameCategory(byKey, 'general.question', { label: 'Une question ?' });
    expect(getCategory(byLabel, 'general.question')).toMatchObject({
      label: 'Une question ?',
      label_key: 'acme.ask',
    });
    // Going back to a key drops the literal label so the key shows again.
    expect(
      getCategory(
        renameCategory(byLabel, 'general.question', { label_key: 'x' }),
        'general.question',
      )?.label,
    ).toBeUndefined();
    expect(getCategory(defaultCatalog, 'general.question')?.label_key).toBe(
      'category.general.question.label',
    );
    expect(() => renameCategory(defaultCatalog, 'nope', { label: 'x' })).toThrow(
      'renameCategory: no category "nope"',
    );
  });

  it('reorders categories: the listed ones first, the rest in their order', () => {
    const catalog = reorderCategories(defaultCatalog, ['general.improvement', 'general.question']);
    expect(categoriesByGroup(catalog)[0]?.categories.map((category) => category.key)).toEqual([
      'general.improvement',
      'general.question',
      'general.ui_issue',
    ]);
    expect(() => reorderCategories(defaultCatalog, ['nope'])).toThrow(
      'reorderCategories: no category "nope"',
    );
  });

  it('reorders groups', () => {
    expect(reorderGroups(defaultCatalog, ['security']).groups).toEqual([
      'security',
      'general',
      'technical',
      'billing',
    ]);
    expect(() => reorderGroups(defaultCatalog, ['legal'])).toThrow(
      'reorderGroups: no group "legal"',
    );
  });

  it('refuses two categories with the same key', () => {
    expect(() => createCatalog([training, training])).toThrow(
      'createCatalog: category "general.training" appears twice',
    );
  });

  it('orders groups as asked when creating a catalog', () => {
    expect(createCatalog([training, legal], { groups: ['legal', 'general'] }).groups).toEqual([
      'legal',
      'general',
    ]);
  });
});
