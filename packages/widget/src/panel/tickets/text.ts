import { createTranslator, type MessageParams } from '@aide/core';
import { signal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import type { Locale } from '../../i18n/locale';
import { usePanel } from '../context';

/**
 * Strings of *Mes demandes*, French first. Domain words (statuses, reasons, SLA, events,
 * ratings) come from @aide/core's catalogs through the panel's `t`; these are the widget's own
 * sentences around them. Each key can be overridden by the vendor through `options.text`.
 */
export const ticketsFr = {
  'tickets.filters': 'Filtrer les demandes',
  'tickets.filter.status': 'Statut',
  'tickets.filter.category': 'Catégorie',
  'tickets.filter.category.all': 'Toutes les catégories',
  'tickets.filter.scope': 'Demandes affichées',
  'tickets.scope.mine': 'Les miennes',
  'tickets.scope.company': 'Toute l’entreprise',
  'tickets.search': 'Rechercher (numéro, objet)',
  'tickets.reset': 'Effacer les filtres',
  'tickets.empty': 'Aucun résultat trouvé',
  'tickets.none': 'Vous n’avez aucune demande pour le moment.',
  'tickets.list': 'Demandes',
  'tickets.count': '{count} demande(s) affichée(s)',
  'tickets.loadedMore': '{count} demande(s) de plus',
  'tickets.loadMore': 'Afficher plus de demandes',
  'tickets.loading': 'Chargement des demandes…',
  'tickets.error': 'Impossible de charger vos demandes.',
  'tickets.number': 'n° {number}',
  'tickets.created': 'Créée le {date}',
  'tickets.activity': 'Activité {time}',
  'tickets.unread': 'Nouvelle activité',
  'tickets.by': 'par {name}',
  'ticket.back': 'Retour à la liste',
  'ticket.title': 'Demande n° {number}',
  'ticket.loading': 'Chargement de la demande…',
  'ticket.error': 'Impossible de charger cette demande.',
  'ticket.status': 'Statut',
  'ticket.reason': 'Motif : {reason}',
  'ticket.duplicateOf': 'Voir la demande d’origine',
  'ticket.merged':
    'Cette demande a été fusionnée avec la demande n° {number}, où le suivi continue.',
  'ticket.mergedLink': 'Ouvrir la demande n° {number}',
  'ticket.sla': 'Délais',
  'ticket.slaMet': 'Délai respecté',
  'ticket.history': 'Échanges et historique',
  'ticket.description': 'Description',
  'ticket.you': 'Vous',
  'ticket.sending': 'Envoi en cours…',
  'ticket.notSent': 'Non envoyé.',
  'ticket.resend': 'Renvoyer',
  'ticket.attachment': 'Télécharger {name} ({size})',
  'ticket.updated': 'Demande mise à jour.',
  'reply.title': 'Répondre',
  'reply.label': 'Votre message',
  'reply.hint': 'Mise en forme Markdown acceptée.',
  'reply.send': 'Envoyer',
  'reply.attach': 'Joindre des fichiers',
  'reply.uploading': '{name} : {percent} %',
  'reply.remove': 'Retirer {name}',
  'reply.attached': '{name} joint',
  'reply.uploadFailed': 'L’envoi de {name} a échoué.',
  'reply.sent': 'Réponse envoyée.',
  'reply.failed': 'La réponse n’a pas pu être envoyée.',
  'reply.waitUploads': 'Patientez jusqu’à la fin de l’envoi des fichiers.',
  'close.open': 'Fermer la demande…',
  'close.question': 'Fermer définitivement cette demande ? Vous ne pourrez plus y répondre.',
  'close.comment': 'Commentaire (facultatif)',
  'close.confirm': 'Confirmer la fermeture',
  'close.done': 'Demande fermée.',
  'reopen.action': 'Rouvrir la demande',
  'reopen.until': 'Pas résolu ? Vous pouvez rouvrir cette demande jusqu’au {date}.',
  'reopen.done': 'Demande rouverte.',
  'rate.question': 'La réponse vous a-t-elle aidé ?',
  'rate.comment': 'Un commentaire ? (facultatif)',
  'rate.send': 'Envoyer mon avis',
  'rate.given': 'Votre avis : {score}',
  'rate.thanks': 'Merci pour votre avis.',
  'action.failed': 'L’action n’a pas abouti.',
} as const;

export type TicketsKey = keyof typeof ticketsFr;
export type TicketsStrings = Record<TicketsKey, string>;

// English and Spanish arrive as their own chunks, on first use of that language.
const catalogs = signal<Partial<Record<Locale, TicketsStrings>>>({ fr: ticketsFr });
const loading = new Set<Locale>();

function ensureCatalog(locale: Locale): void {
  if (catalogs.value[locale] || loading.has(locale)) {
    return;
  }
  loading.add(locale);
  const load =
    locale === 'en'
      ? import('./text-en').then((module) => module.ticketsEn)
      : import('./text-es').then((module) => module.ticketsEs);
  void load.then(
    (strings) => {
      catalogs.value = { ...catalogs.value, [locale]: strings };
    },
    () => loading.delete(locale),
  );
}

export type TicketsText = (key: TicketsKey | (string & {}), params?: MessageParams) => string;

/**
 * The tickets' translate function: the panel's translator first (vendor overrides, core's
 * domain words), then these defaults in the current language.
 */
export function useText(): TicketsText {
  const { i18n, locale } = usePanel();
  const current = locale.value;
  const panelTranslator = i18n.translator.value;
  const strings = catalogs.value[current];
  if (!strings) {
    ensureCatalog(current);
  }
  return useMemo(() => {
    const own = createTranslator<string>({ locale: current, messages: strings ?? ticketsFr });
    return (key, params) =>
      panelTranslator.has(key) ? panelTranslator(key, params) : own(key, params);
  }, [panelTranslator, strings, current]);
}
