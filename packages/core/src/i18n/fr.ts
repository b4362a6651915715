/**
 * French, the source language of the product: every other catalog follows its keys.
 *
 * Key conventions: `status.<status>`, `reason.<reason>`, `priority.<priority>`, `group.<group>`,
 * `category.<key>.label|description`, `field.<name>.label|help|placeholder`,
 * `field.<name>.option.<value>`, `validation.<rule>`, `action.<customer action>`,
 * `rating.<score>`, `event.<kind>`, `sla.<word>`, `transition_error.<code>`,
 * `api_error.<code>`, `term.<term>.<form>`.
 *
 * Message syntax (see translate.ts): `{name}` inserts a parameter, `{n, plural, one {…} other
 * {…}}` and `{x, select, a {…} other {…}}` choose a variant, `#` is the plural number, and
 * `{@ticket}` inserts the vendor's word for a ticket (`{@Ticket}` capitalised, `{@ticket.other}`
 * plural, `{@ticket.definite}` / `{@ticket.indefinite}` with their article,
 * `{@ticket.gender, select, feminine {…} other {…}}` for agreement).
 */
export const fr = {
  // Terms: the vendor's words. French needs the gender and the article forms for agreement.
  'term.ticket.one': 'demande',
  'term.ticket.other': 'demandes',
  'term.ticket.gender': 'feminine',
  'term.ticket.definite': 'la demande',
  'term.ticket.indefinite': 'une demande',
  'term.ticket.count':
    '{count, plural, =0 {{@ticket.gender, select, feminine {Aucune} other {Aucun}} {@ticket}} one {# {@ticket}} other {# {@ticket.other}}}',

  'status.new': 'Déclaré',
  'status.in_progress': 'Pris en charge',
  'status.escalated': 'Escalade technique',
  'status.waiting_on_customer': 'En attente de votre réponse',
  'status.resolved_not_deployed': 'Résolu, non déployé',
  'status.resolved': 'Résolu',
  'status.closed': 'Fermé',

  'status_filter.open': 'En cours',
  'status_filter.closed': '{@ticket.gender, select, feminine {Terminées} other {Terminés}}',
  'status_filter.all': 'Tous les statuts',

  'reason.fixed': 'Corrigé',
  'reason.answered': 'Réponse apportée',
  'reason.declined': 'Refusé',
  'reason.duplicate': 'Doublon',
  'reason.no_response': 'Sans réponse de votre part',
  'reason.duplicate_of': 'Doublon de : {@Ticket} n°{number}',
  'reason.with_status': '{status} ({reason})',

  'priority.low': 'Basse',
  'priority.normal': 'Normale',
  'priority.high': 'Haute',
  'priority.urgent': 'Urgente',

  'group.general': 'Général',
  'group.technical': 'Technique',
  'group.billing': 'Facturation',
  'group.security': 'Sécurité',
  'group.simple': '{@Ticket.other}',

  'category.general.question.label': 'Question',
  'category.general.question.description': 'Une question sur le fonctionnement du produit.',
  'category.general.ui_issue.label': "Problème d'affichage",
  'category.general.ui_issue.description':
    "Un écran, un texte ou un bouton ne s'affiche pas comme il le devrait.",
  'category.general.improvement.label': "Suggestion d'amélioration",
  'category.general.improvement.description': 'Une idée pour rendre le produit plus utile.',
  'category.technical.api.label': "Problème d'API",
  'category.technical.api.description':
    "Un appel à l'API échoue ou renvoie une réponse inattendue.",
  'category.technical.incident.label': 'Incident',
  'category.technical.incident.description':
    'Le service est indisponible, très lent ou renvoie des erreurs.',
  'category.technical.sql_report.label': 'Extraction de données (rapport SQL)',
  'category.technical.sql_report.description': 'Une extraction ponctuelle de vos données.',
  'category.billing.question.label': 'Question de facturation',
  'category.billing.question.description': 'Une facture, un paiement, votre abonnement.',
  'category.billing.company_details.label': 'Changement des informations de la société',
  'category.billing.company_details.description':
    'Nouvelle raison sociale ou nouveau numéro de TVA.',
  'category.security.user_deletion.label': "Suppression d'utilisateurs",
  'category.security.user_deletion.description':
    'Supprimer définitivement les comptes de collaborateurs.',
  'category.security.mfa_reset.label': 'Réinitialisation de la double authentification',
  'category.security.mfa_reset.description':
    'Un collaborateur ne peut plus se connecter avec sa double authentification.',
  'category.simple.question.label': 'Question',
  'category.simple.question.description': 'Vous vous demandez comment faire quelque chose.',
  'category.simple.problem.label': 'Problème',
  'category.simple.problem.description': 'Quelque chose ne fonctionne pas comme prévu.',
  'category.simple.need.label': 'Besoin',
  'category.simple.need.description': 'Il vous manque une fonction ou un réglage.',
  'category.simple.other.label': 'Autre',
  'category.simple.other.description': 'Tout le reste.',

  // Common fields
  'field.subject.label': 'Objet',
  'field.subject.help': 'Un titre court qui résume {@ticket.definite}.',
  'field.subject.placeholder': "Ex. : impossible d'exporter les factures de mars",
  'field.description.label': 'Description',
  'field.description.help':
    'Décrivez la situation en détail. La mise en forme Markdown est acceptée.',
  'field.priority.label': 'Priorité',
  'field.priority.help':
    'Urgente : votre activité est bloquée et aucun contournement ne fonctionne.',
  'field.priority.option.low': 'Basse',
  'field.priority.option.normal': 'Normale',
  'field.priority.option.high': 'Haute',
  'field.priority.option.urgent': 'Urgente',
  'field.attachments.label': 'Pièces jointes',
  'field.share_with_account_manager.label': 'Partager avec mon chargé de compte',
  'field.consent.label':
    "J'accepte que les informations saisies soient traitées par le support pour me répondre.",
  'field.consent.help':
    'Ces informations servent uniquement au traitement de votre {@ticket} et sont supprimées ensuite.',

  // Category fields (a field name means the same thing in every category)
  'field.steps_to_reproduce.label': 'Étapes pour reproduire',
  'field.steps_to_reproduce.help': "Ce que vous avez fait, dans l'ordre, jusqu'au problème.",
  'field.steps_to_reproduce.placeholder': '1. Ouvrir…\n2. Cliquer sur…\n3. Constater…',
  'field.expected_behaviour.label': 'Comportement attendu',
  'field.screenshot.label': "Capture d'écran",
  'field.screenshot.help': "Une image de l'écran au moment du problème (PNG, JPEG, GIF ou WebP).",
  'field.language_shown.label': 'Langue affichée',
  'field.language_shown.option.fr': 'Français',
  'field.language_shown.option.en': 'Anglais',
  'field.language_shown.option.es': 'Espagnol',
  'field.language_shown.option.other': 'Autre',
  'field.business_justification.label': 'Justification métier',
  'field.business_justification.help': 'Pourquoi cette demande compte pour votre activité.',
  'field.endpoint_url.label': "Adresse de l'appel (endpoint)",
  'field.endpoint_url.help': "L'adresse complète appelée, sans jeton ni mot de passe.",
  'field.endpoint_url.placeholder': 'https://api.exemple.com/v1/…',
  'field.impact.label': 'Impact',
  'field.impact.option.low': 'Faible',
  'field.impact.option.medium': 'Moyen',
  'field.impact.option.high': 'Élevé',
  'field.impact.option.critical': 'Critique',
  'field.error_message.label': "Message d'erreur",
  'field.error_message.help': 'Copiez le message ou la réponse obtenue.',
  'field.severity.label': 'Gravité',
  'field.severity.help':
    'Critique : service inutilisable. Majeure : une fonction importante ne marche plus. Mineure : gêne limitée. Faible : détail.',
  'field.severity.option.critical': 'Critique',
  'field.severity.option.major': 'Majeure',
  'field.severity.option.minor': 'Mineure',
  'field.severity.option.low': 'Faible',
  'field.page_url.label': 'Adresse de la page concernée',
  'field.page_url.placeholder': 'https://…',
  'field.started_at.label': "Début de l'incident",
  'field.started_at.help': 'Date et heure approximatives.',
  'field.steps_taken.label': 'Actions déjà entreprises',
  'field.steps_taken.help': 'Ce que vous avez déjà essayé : autre navigateur, autre poste…',
  'field.data_wanted.label': 'Données souhaitées',
  'field.data_wanted.help': 'Quelles informations, sur quel périmètre.',
  'field.filters.label': 'Filtres',
  'field.filters.help': 'Période, statut, établissement…',
  'field.output_format.label': 'Format de sortie',
  'field.output_format.option.csv': 'CSV',
  'field.output_format.option.xlsx': 'Excel (XLSX)',
  'field.output_format.option.json': 'JSON',
  'field.output_format.option.other': 'Autre',
  'field.output_format_other.label': 'Précisez le format',
  'field.wanted_by.label': 'Souhaité pour le',
  'field.wanted_by.help': 'La date à laquelle vous en avez besoin, au plus tôt demain.',
  'field.invoice_number.label': 'Numéro de facture',
  'field.invoice_number.help': 'Facultatif : il figure en haut de la facture.',
  'field.invoice_number.placeholder': 'Ex. : FA-2026-0042',
  'field.new_company_name.label': 'Nouvelle raison sociale',
  'field.new_company_name.help':
    'Indiquez la nouvelle raison sociale, le nouveau numéro de TVA, ou les deux.',
  'field.vat_number.label': 'Numéro de TVA intracommunautaire',
  'field.vat_number.placeholder': 'FR12345678901',
  'field.supporting_document.label': 'Justificatif',
  'field.supporting_document.help':
    'Extrait Kbis ou document officiel de moins de trois mois (PDF ou image).',
  'field.employees.label': 'Collaborateurs concernés',
  'field.employees.help': 'Nom, matricule et lien vers le profil de chaque collaborateur.',
  'field.employees.name': 'Nom',
  'field.employees.employee_number': 'Matricule',
  'field.employees.profile_url': 'Lien vers le profil',
  'field.employees.add': 'Ajouter un collaborateur',
  'field.employees.remove': 'Retirer {name}',
  'field.irreversible_ack.label': 'Je comprends que cette opération est irréversible.',

  // Validation messages (formatValidationErrors)
  'validation.required': 'Ce champ est obligatoire.',
  'validation.too_short':
    'Saisissez au moins {minimum, plural, one {# caractère} other {# caractères}}.',
  'validation.too_long':
    'Saisissez au plus {maximum, plural, one {# caractère} other {# caractères}}.',
  'validation.too_few_items':
    'Ajoutez au moins {minimum, plural, one {# élément} other {# éléments}}.',
  'validation.too_many_items':
    'Ajoutez au plus {maximum, plural, one {# élément} other {# éléments}}.',
  'validation.number_too_small': 'Saisissez un nombre supérieur ou égal à {minimum}.',
  'validation.number_too_big': 'Saisissez un nombre inférieur ou égal à {maximum}.',
  'validation.not_a_number': 'Saisissez un nombre.',
  'validation.not_an_integer': 'Saisissez un nombre entier.',
  'validation.invalid_url': 'Saisissez une adresse web complète, commençant par https://.',
  'validation.invalid_email': 'Saisissez une adresse e-mail valide.',
  'validation.invalid_date': 'Saisissez une date valide.',
  'validation.invalid_datetime': 'Saisissez une date et une heure valides.',
  'validation.invalid_option': 'Choisissez une des options proposées.',
  'validation.invalid_format': "Le format n'est pas valide.",
  'validation.invalid': "Cette valeur n'est pas valide.",
  'validation.unstorable_text':
    'Ce texte contient un caractère invisible qui ne peut pas être enregistré : retapez-le, ou collez-le sans mise en forme.',
  'validation.unknown_field': "Ce champ n'est pas attendu.",
  'validation.date_not_in_future': "Choisissez une date postérieure à aujourd'hui.",
  'validation.datetime_in_future': 'Cette date ne peut pas être dans le futur.',
  'validation.must_tick': 'Cochez cette case pour continuer.',
  'validation.consent_required': 'Votre accord est nécessaire pour envoyer {@ticket.indefinite}.',
  'validation.employees_min': 'Ajoutez au moins un collaborateur.',
  'validation.attachment_required': 'Joignez au moins un fichier.',
  'validation.screenshot_required': "Joignez au moins une capture d'écran.",
  'validation.document_required': 'Joignez un justificatif.',
  'validation.company_name_or_vat':
    'Indiquez la nouvelle raison sociale, le numéro de TVA, ou les deux.',
  'validation.invalid_vat_number':
    'Saisissez un numéro de TVA intracommunautaire valide (ex. : FR12345678901).',

  // What a customer can do on a ticket
  'action.reply': 'Répondre',
  'action.close': 'Fermer {@ticket.definite}',
  'action.reopen': 'Rouvrir {@ticket.definite}',
  'action.rate': 'Évaluer la réponse',

  'rating.good': 'Satisfait',
  'rating.bad': 'Pas satisfait',

  // History (event log)
  'event.created': '{@Ticket} {@ticket.gender, select, feminine {a été créée} other {a été créé}}',
  'event.status_changed': 'Statut : {from} → {to}',
  'event.reminder_sent': 'Relance n°{reminder} envoyée',
  'event.sla_paused': 'Délai suspendu',
  'event.sla_resumed': 'Délai repris',
  'event.renamed': 'Objet modifié : « {from} » → « {to} »',
  'event.merged':
    '{@Ticket} {@ticket.gender, select, feminine {fusionnée} other {fusionné}} avec n°{number}',
  'event.rated': 'Évaluation : {score}',

  // SLA
  'sla.first_response': 'Première réponse',
  'sla.resolution': 'Résolution',
  'sla.remaining': 'Reste {duration}',
  'sla.breached': 'Délai dépassé',
  'sla.breached_by': 'Délai dépassé de {duration}',
  'sla.due_at': 'Échéance : {date}',
  'sla.clock.not_started': 'Pas encore démarré',
  'sla.clock.running': 'En cours',
  'sla.clock.paused': 'En pause',
  'sla.clock.stopped': 'Terminé',
  'sla.paused_hint': 'Le délai est suspendu tant que nous attendons votre réponse.',
  'sla.no_target': 'Pas de délai défini',
  'sla.duration.minutes': '{count, plural, one {# minute} other {# minutes}}',
  'sla.duration.hours': '{count, plural, one {# heure} other {# heures}}',
  'sla.duration.days': '{count, plural, one {# jour} other {# jours}}',

  // Refused lifecycle transitions (transitionErrorCodes)
  'transition_error.not_allowed_in_status':
    "Cette action n'est pas possible dans le statut actuel.",
  'transition_error.not_allowed_for_actor': "Vous n'êtes pas autorisé à faire cette action.",
  'transition_error.ticket_merged':
    'Impossible : {@ticket.definite} a été {@ticket.gender, select, feminine {fusionnée} other {fusionné}} dans un autre dossier.',
  'transition_error.reopen_window_passed':
    'Le délai pour rouvrir est dépassé : créez {@ticket.indefinite}.',
  'transition_error.already_rated': 'Vous avez déjà donné votre avis.',
  'transition_error.not_resolved_yet':
    'Vous pourrez donner votre avis une fois le problème résolu.',
  'transition_error.duplicate_target_required': 'Indiquez le numéro du doublon.',
  'transition_error.duplicate_target_unexpected':
    'Un numéro de doublon est donné sans raison « doublon ».',
  'transition_error.cannot_merge_into_itself':
    'Impossible de fusionner {@ticket.definite} avec {@ticket.gender, select, feminine {elle-même} other {lui-même}}.',
  'transition_error.merge_target_invalid': 'La fusion est impossible avec ce numéro.',
  'transition_error.subject_invalid': "L'objet doit faire entre 1 et 200 caractères.",
  'transition_error.subject_unchanged': "L'objet est identique.",
  'transition_error.comment_too_long': 'Le commentaire est trop long (2 000 caractères au plus).',
  'transition_error.reminder_not_due': "La relance n'est pas encore due.",
  'transition_error.reminder_already_sent': 'Cette relance a déjà été envoyée.',
  'transition_error.auto_resolve_not_due': "La résolution automatique n'est pas encore due.",

  // API errors (errorCodes of the problem+json responses)
  'api_error.validation_failed': 'Certains champs sont à corriger.',
  'api_error.invalid_json': 'La requête est mal formée.',
  'api_error.unauthorized': 'Votre session a expiré. Rechargez la page.',
  'api_error.forbidden': "Vous n'avez pas les droits nécessaires.",
  'api_error.not_found': 'Introuvable. Vérifiez le lien ou rechargez la page.',
  'api_error.method_not_allowed': "Cette opération n'est pas disponible.",
  'api_error.conflict': 'Quelque chose a changé entre-temps. Rechargez puis réessayez.',
  'api_error.invalid_transition': "Cette action n'est plus possible.",
  'api_error.reopen_window_expired': 'Le délai pour rouvrir est dépassé.',
  'api_error.already_rated': 'Vous avez déjà donné votre avis.',
  'api_error.idempotency_key_missing': 'La requête est incomplète. Réessayez.',
  'api_error.idempotency_key_reused': 'Cet envoi a déjà été fait avec un autre contenu.',
  'api_error.idempotency_in_progress': 'Envoi déjà en cours, patientez quelques secondes.',
  'api_error.payload_too_large': 'Le fichier est trop volumineux.',
  'api_error.unsupported_media_type': "Ce type de fichier n'est pas accepté.",
  'api_error.rate_limited':
    'Trop de tentatives. Réessayez dans {seconds, plural, one {# seconde} other {# secondes}}.',
  'api_error.server_error': 'Une erreur est survenue de notre côté. Réessayez plus tard.',
  'api_error.service_unavailable': 'Le service est momentanément indisponible.',
} as const;

export type MessageKey = keyof typeof fr;
export type Messages = Record<MessageKey, string>;
