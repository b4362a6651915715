import { describe, expect, it } from 'vitest';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { compileMessage, createTranslator } from './translate';

describe('createTranslator', () => {
  it('reads the catalog of its locale', () => {
    expect(createTranslator({ locale: 'fr', messages: fr })('status.waiting_on_customer')).toBe(
      'En attente de votre réponse',
    );
    expect(createTranslator({ locale: 'en', messages: en })('status.new')).toBe('Submitted');
    expect(createTranslator({ locale: 'es', messages: es })('priority.urgent')).toBe('Urgente');
  });

  it('inserts parameters as given, and leaves a missing one visible', () => {
    const t = createTranslator({ locale: 'fr', messages: fr });
    expect(t('event.renamed', { from: 'Export', to: 'Export des factures' })).toBe(
      'Objet modifié : « Export » → « Export des factures »',
    );
    // A ticket number is an identifier, not a quantity: no digit grouping.
    expect(t('reason.duplicate_of', { number: 12345 })).toBe('Doublon de : Demande n°12345');
    expect(t('field.employees.remove')).toBe('Retirer {name}');
  });

  it('answers the key itself for a key it does not know', () => {
    const t = createTranslator({ locale: 'fr', messages: fr });
    expect(t('acme.category.training')).toBe('acme.category.training');
    expect(t.has('acme.category.training')).toBe(false);
    expect(t.has('status.new')).toBe(true);
  });

  it('applies French plural rules: 0 and 1 are singular', () => {
    const t = createTranslator({ locale: 'fr', messages: fr });
    expect(t('sla.duration.days', { count: 0 })).toBe('0 jour');
    expect(t('sla.duration.days', { count: 1 })).toBe('1 jour');
    expect(t('sla.duration.days', { count: 2 })).toBe('2 jours');
    expect(t('validation.too_long', { maximum: 1 })).toBe('Saisissez au plus 1 caractère.');
    // '#' is formatted for the locale: French groups thousands with a narrow no-break space.
    expect(t('validation.too_long', { maximum: 5000 })).toBe(
      'Saisissez au plus 5\u202f000 caractères.',
    );
  });

  it('applies English and Spanish plural rules: only 1 is singular', () => {
    const english = createTranslator({ locale: 'en', messages: en });
    expect(english('sla.duration.hours', { count: 0 })).toBe('0 hours');
    expect(english('sla.duration.hours', { count: 1 })).toBe('1 hour');
    expect(english('validation.too_long', { maximum: 5000 })).toBe(
      'Enter at most 5,000 characters.',
    );
    const spanish = createTranslator({ locale: 'es', messages: es });
    expect(spanish('sla.duration.days', { count: 1 })).toBe('1 día');
    expect(spanish('sla.duration.days', { count: 0 })).toBe('0 días');
    expect(spanish('api_error.rate_limited', { seconds: 30 })).toBe(
      'Demasiados intentos. Inténtelo de nuevo dentro de 30 segundos.',
    );
  });

  it('prefers an exact =N branch over the plural category', () => {
    expect(
      createTranslator({ locale: 'fr', messages: fr })('term.ticket.count', { count: 0 }),
    ).toBe('Aucune demande');
    expect(
      createTranslator({ locale: 'en', messages: en })('term.ticket.count', { count: 0 }),
    ).toBe('No requests');
    expect(
      createTranslator({ locale: 'es', messages: es })('term.ticket.count', { count: 0 }),
    ).toBe('Ninguna solicitud');
    expect(
      createTranslator({ locale: 'fr', messages: fr })('term.ticket.count', { count: 1 }),
    ).toBe('1 demande');
  });

  it('lets the vendor override any string, and add its own', () => {
    const t = createTranslator({
      locale: 'fr',
      messages: fr,
      overrides: {
        'status.escalated': 'Chez nos développeurs',
        'acme.category.training': 'Formation',
        'acme.seats': '{count, plural, one {# place} other {# places}} restantes',
      },
    });
    expect(t('status.escalated')).toBe('Chez nos développeurs');
    expect(t('acme.category.training')).toBe('Formation');
    expect(t('acme.seats', { count: 3 })).toBe('3 places restantes');
    expect(t('status.resolved')).toBe('Résolu');
  });

  it('accepts a locale written with an underscore and refuses one that is not a locale', () => {
    const t = createTranslator({ locale: 'fr_FR', messages: fr });
    expect(t.locale).toBe('fr-FR');
    expect(t('sla.duration.days', { count: 1 })).toBe('1 jour');
    expect(() => createTranslator({ locale: 'pas une langue', messages: fr })).toThrow(
      'createTranslator: "pas une langue" is not a BCP 47 locale tag',
    );
  });

  it('shows a malformed vendor string as written instead of failing', () => {
    const t = createTranslator({
      locale: 'fr',
      messages: fr,
      overrides: { 'status.new': 'Nouveau {' },
    });
    expect(t('status.new')).toBe('Nouveau {');
  });
});

describe('terms', () => {
  it('uses the default word of each language', () => {
    expect(createTranslator({ locale: 'fr', messages: fr })('action.close')).toBe(
      'Fermer la demande',
    );
    expect(createTranslator({ locale: 'en', messages: en })('action.close')).toBe(
      'Close the request',
    );
    expect(createTranslator({ locale: 'es', messages: es })('action.close')).toBe(
      'Cerrar la solicitud',
    );
  });

  it('renames "demande" to "ticket" everywhere in French, with masculine agreement', () => {
    const t = createTranslator({
      locale: 'fr',
      messages: fr,
      terms: { ticket: { one: 'ticket', other: 'tickets', gender: 'masculine' } },
    });
    expect(t('action.reopen')).toBe('Rouvrir le ticket');
    expect(t('event.created')).toBe('Ticket a été créé');
    expect(t('validation.consent_required')).toBe(
      'Votre accord est nécessaire pour envoyer un ticket.',
    );
    expect(t('term.ticket.count', { count: 0 })).toBe('Aucun ticket');
    expect(t('term.ticket.count', { count: 4 })).toBe('4 tickets');
    expect(t('group.simple')).toBe('Tickets');
    expect(t('status_filter.closed')).toBe('Terminés');
  });

  it('elides the French article before a vowel, and takes explicit forms when given', () => {
    const incident = createTranslator({
      locale: 'fr',
      messages: fr,
      terms: { ticket: { one: 'incident', other: 'incidents', gender: 'masculine' } },
    });
    expect(incident('action.close')).toBe("Fermer l'incident");
    expect(incident('validation.consent_required')).toBe(
      'Votre accord est nécessaire pour envoyer un incident.',
    );
    const hero = createTranslator({
      locale: 'fr',
      messages: fr,
      terms: {
        ticket: { one: 'hublot', other: 'hublots', gender: 'masculine', definite: 'le hublot' },
      },
    });
    expect(hero('action.close')).toBe('Fermer le hublot');
  });

  it('picks "an" before a vowel in English', () => {
    const t = createTranslator({
      locale: 'en',
      messages: en,
      terms: { ticket: { one: 'issue', other: 'issues' } },
    });
    expect(t('validation.consent_required')).toBe('Your consent is needed to send an issue.');
    expect(t('action.reopen')).toBe('Reopen the issue');
    expect(t('term.ticket.count', { count: 2 })).toBe('2 issues');
  });

  it('makes Spanish statuses agree with a masculine word', () => {
    const t = createTranslator({
      locale: 'es',
      messages: es,
      terms: { ticket: { one: 'ticket', other: 'tickets', gender: 'masculine' } },
    });
    expect(t('status.resolved')).toBe('Resuelto');
    expect(t('status.closed')).toBe('Cerrado');
    expect(t('action.close')).toBe('Cerrar el ticket');
    expect(t('event.created')).toBe('Ticket creado');
    expect(createTranslator({ locale: 'es', messages: es })('status.resolved')).toBe('Resuelta');
  });

  it('lets an override of one form win over the terms option', () => {
    const t = createTranslator({
      locale: 'fr',
      messages: fr,
      terms: { ticket: { one: 'ticket', other: 'tickets', gender: 'masculine' } },
      overrides: { 'term.ticket.definite': 'votre ticket' },
    });
    expect(t('action.close')).toBe('Fermer votre ticket');
  });

  it('stops on a term that refers to itself', () => {
    const t = createTranslator({
      locale: 'fr',
      messages: fr,
      overrides: { 'term.ticket.one': '{@ticket}' },
    });
    expect(() => t('field.consent.help')).not.toThrow();
  });
});

describe('compileMessage', () => {
  it('says where a message is malformed', () => {
    expect(() => compileMessage('Bonjour {name')).toThrow(/missing \}/);
    expect(() => compileMessage('Bonjour name}')).toThrow(/unexpected \}/);
    expect(() => compileMessage('{count, plural, one {# demande}}')).toThrow(/`other` option/);
    expect(() => compileMessage('{count, number}')).toThrow(/unknown argument type/);
    expect(() => compileMessage('{}')).toThrow(/invalid argument name/);
  });

  it('keeps French apostrophes and a # outside a plural as text', () => {
    expect(compileMessage("L'objet n°#{number}")).toEqual([
      "L'objet n°#",
      { kind: 'argument', name: 'number' },
    ]);
  });
});

describe('catalogs', () => {
  it('have exactly the same keys in French, English and Spanish', () => {
    const keys = Object.keys(fr).sort();
    expect(Object.keys(en).sort()).toEqual(keys);
    expect(Object.keys(es).sort()).toEqual(keys);
  });

  it('contain only well-formed messages', () => {
    for (const catalog of [fr, en, es]) {
      for (const message of Object.values(catalog)) {
        expect(() => compileMessage(message)).not.toThrow();
      }
    }
  });

  it('leave no placeholder unresolved once terms are applied', () => {
    for (const [locale, messages] of [
      ['fr', fr],
      ['en', en],
      ['es', es],
    ] as const) {
      const t = createTranslator({ locale, messages });
      for (const key of Object.keys(messages)) {
        expect(t(key), `${locale} ${key}`).not.toMatch(/\{@/);
      }
    }
  });
});
