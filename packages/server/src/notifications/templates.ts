import type { ResolutionReason } from '@aide/core';
import type { NotificationData, NotificationKind } from '../store/store';

// E-mails say what happened and link to the ticket. They never carry ticket content (subject,
// description, messages): mailboxes are forwarded, shared and archived beyond the vendor's
// control, and the link leads to a page that checks who is asking.

export const notificationLocales = ['fr', 'en', 'es'] as const;
export type NotificationLocale = (typeof notificationLocales)[number];

export interface RenderInput {
  kind: NotificationKind;
  /** BCP 47 tag (`fr-CA`, `es`); anything unknown falls back to English. */
  locale: string;
  data: NotificationData;
  recipientName: string;
  /** Where the ticket opens, from `ticketLink`. */
  link: string;
  /** Sender-side product name shown in the greeting line; defaults to "Support". */
  teamName?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

interface Copy {
  hello: (name: string) => string;
  helloAnonymous: string;
  open: string;
  linkLine: (link: string) => string;
  signature: (team: string) => string;
  noReply: string;
  received: (number: number) => { subject: string; lines: string[] };
  agentReplied: (number: number, agent: string | undefined) => { subject: string; lines: string[] };
  waiting: (number: number) => { subject: string; lines: string[] };
  reminder: (number: number, reminder: number) => { subject: string; lines: string[] };
  resolved: (number: number, reason: string) => { subject: string; lines: string[] };
  autoResolved: (number: number) => { subject: string; lines: string[] };
  reasons: Record<ResolutionReason, string>;
}

const fr: Copy = {
  hello: (name) => `Bonjour ${name},`,
  helloAnonymous: 'Bonjour,',
  open: 'Voir la demande',
  linkLine: (link) => `Voir la demande : ${link}`,
  signature: (team) => `L'équipe ${team}`,
  noReply: 'Ce message est envoyé automatiquement ; répondez depuis la demande, pas par e-mail.',
  received: (n) => ({
    subject: `Demande n° ${n} bien reçue`,
    lines: [`Nous avons bien reçu votre demande n° ${n}. Vous pouvez la suivre à tout moment.`],
  }),
  agentReplied: (n, agent) => ({
    subject: `Nouvelle réponse sur votre demande n° ${n}`,
    lines: [
      agent
        ? `${agent} a répondu à votre demande n° ${n}.`
        : `Notre équipe a répondu à votre demande n° ${n}.`,
    ],
  }),
  waiting: (n) => ({
    subject: `Votre réponse est attendue sur la demande n° ${n}`,
    lines: [`Nous avons besoin d'une réponse de votre part pour avancer sur la demande n° ${n}.`],
  }),
  reminder: (n, reminder) => ({
    subject: `Rappel ${reminder} : votre réponse est attendue sur la demande n° ${n}`,
    lines: [
      `La demande n° ${n} attend toujours votre réponse.`,
      'Sans réponse, elle sera considérée comme résolue dans quelques jours.',
    ],
  }),
  resolved: (n, reason) => ({
    subject: `Demande n° ${n} résolue`,
    lines: [`Votre demande n° ${n} est résolue : ${reason}.`],
  }),
  autoResolved: (n) => ({
    subject: `Demande n° ${n} résolue sans réponse de votre part`,
    lines: [
      `Faute de réponse de votre part, la demande n° ${n} a été résolue automatiquement.`,
      'Vous pouvez encore la rouvrir depuis la demande si besoin.',
    ],
  }),
  reasons: {
    fixed: 'le problème a été corrigé',
    answered: 'nous avons répondu à votre question',
    declined: "elle n'a pas pu être acceptée",
    duplicate: 'elle fait doublon avec une autre demande',
    no_response: 'sans réponse de votre part',
  },
};

const en: Copy = {
  hello: (name) => `Hello ${name},`,
  helloAnonymous: 'Hello,',
  open: 'View the request',
  linkLine: (link) => `View the request: ${link}`,
  signature: (team) => `The ${team} team`,
  noReply: 'This message is sent automatically; reply from the request, not by e-mail.',
  received: (n) => ({
    subject: `Request #${n} received`,
    lines: [`We have received your request #${n}. You can follow it at any time.`],
  }),
  agentReplied: (n, agent) => ({
    subject: `New reply on your request #${n}`,
    lines: [
      agent ? `${agent} replied to your request #${n}.` : `Our team replied to your request #${n}.`,
    ],
  }),
  waiting: (n) => ({
    subject: `Your reply is needed on request #${n}`,
    lines: [`We need an answer from you to move forward on request #${n}.`],
  }),
  reminder: (n, reminder) => ({
    subject: `Reminder ${reminder}: your reply is needed on request #${n}`,
    lines: [
      `Request #${n} is still waiting for your reply.`,
      'Without an answer it will be considered resolved in a few days.',
    ],
  }),
  resolved: (n, reason) => ({
    subject: `Request #${n} resolved`,
    lines: [`Your request #${n} is resolved: ${reason}.`],
  }),
  autoResolved: (n) => ({
    subject: `Request #${n} resolved without a reply from you`,
    lines: [
      `As we did not hear back from you, request #${n} was resolved automatically.`,
      'You can still reopen it from the request if needed.',
    ],
  }),
  reasons: {
    fixed: 'the problem was fixed',
    answered: 'we answered your question',
    declined: 'it could not be accepted',
    duplicate: 'it duplicates another request',
    no_response: 'no reply from you',
  },
};

const es: Copy = {
  hello: (name) => `Hola ${name}:`,
  helloAnonymous: 'Hola:',
  open: 'Ver la solicitud',
  linkLine: (link) => `Ver la solicitud: ${link}`,
  signature: (team) => `El equipo de ${team}`,
  noReply: 'Este mensaje se envía automáticamente; responda desde la solicitud, no por correo.',
  received: (n) => ({
    subject: `Solicitud n.º ${n} recibida`,
    lines: [`Hemos recibido su solicitud n.º ${n}. Puede seguirla en cualquier momento.`],
  }),
  agentReplied: (n, agent) => ({
    subject: `Nueva respuesta en su solicitud n.º ${n}`,
    lines: [
      agent
        ? `${agent} ha respondido a su solicitud n.º ${n}.`
        : `Nuestro equipo ha respondido a su solicitud n.º ${n}.`,
    ],
  }),
  waiting: (n) => ({
    subject: `Esperamos su respuesta en la solicitud n.º ${n}`,
    lines: [`Necesitamos una respuesta suya para avanzar con la solicitud n.º ${n}.`],
  }),
  reminder: (n, reminder) => ({
    subject: `Recordatorio ${reminder}: esperamos su respuesta en la solicitud n.º ${n}`,
    lines: [
      `La solicitud n.º ${n} sigue esperando su respuesta.`,
      'Sin respuesta, se considerará resuelta en unos días.',
    ],
  }),
  resolved: (n, reason) => ({
    subject: `Solicitud n.º ${n} resuelta`,
    lines: [`Su solicitud n.º ${n} está resuelta: ${reason}.`],
  }),
  autoResolved: (n) => ({
    subject: `Solicitud n.º ${n} resuelta sin respuesta suya`,
    lines: [
      `Al no recibir respuesta suya, la solicitud n.º ${n} se ha resuelto automáticamente.`,
      'Todavía puede reabrirla desde la solicitud si lo necesita.',
    ],
  }),
  reasons: {
    fixed: 'el problema se ha corregido',
    answered: 'hemos respondido a su pregunta',
    declined: 'no se ha podido aceptar',
    duplicate: 'duplica otra solicitud',
    no_response: 'sin respuesta suya',
  },
};

const copies: Record<NotificationLocale, Copy> = { fr, en, es };

/** `fr-CA` → `fr`; anything without a catalog → `en`. */
export function notificationLocale(locale: string): NotificationLocale {
  const language = locale.toLowerCase().split(/[-_]/)[0];
  return notificationLocales.find((each) => each === language) ?? 'en';
}

function reasonText(copy: Copy, reason: string | undefined): string {
  const known = Object.hasOwn(copy.reasons, reason ?? '')
    ? copy.reasons[reason as ResolutionReason]
    : undefined;
  return known ?? copy.reasons.fixed;
}

function content(copy: Copy, kind: NotificationKind, data: NotificationData) {
  const number = data.ticketNumber;
  switch (kind) {
    case 'ticket_received':
      return copy.received(number);
    case 'agent_replied':
      return copy.agentReplied(number, data.actorName);
    case 'waiting_for_reply':
      return copy.waiting(number);
    case 'waiting_reminder':
      return copy.reminder(number, data.reminder ?? 1);
    case 'resolved':
      return copy.resolved(number, reasonText(copy, data.reason));
    case 'auto_resolved':
      return copy.autoResolved(number);
    default:
      return kind satisfies never;
  }
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character);
}

/** Keeps names from smuggling line breaks (new paragraphs, fake links) into the plain text. */
function singleLine(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .trim()
    .slice(0, 200);
}

/**
 * The localized subject, plain text and HTML of one notification.
 *
 * @example
 * renderNotification({
 *   kind: 'ticket_received', locale: 'fr-FR', recipientName: 'Ada',
 *   data: { ticketId: 'tk_1', ticketNumber: 42 }, link: 'https://app.test/#aide-ticket=tk_1',
 * }).subject; // 'Demande n° 42 bien reçue'
 */
export function renderNotification(input: RenderInput): RenderedMail {
  const copy = copies[notificationLocale(input.locale)];
  const { subject, lines } = content(copy, input.kind, input.data);
  const name = singleLine(input.recipientName);
  const hello = name === '' ? copy.helloAnonymous : copy.hello(name);
  const team = singleLine(input.teamName ?? 'Support');
  const text = [
    hello,
    '',
    ...lines,
    '',
    copy.linkLine(input.link),
    '',
    copy.signature(team),
    '',
    copy.noReply,
  ].join('\n');
  const paragraphs = lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n');
  const html = `<!doctype html>
<html lang="${notificationLocale(input.locale)}"><body>
<p>${escapeHtml(hello)}</p>
${paragraphs}
<p><a href="${escapeHtml(input.link)}">${escapeHtml(copy.open)}</a></p>
<p>${escapeHtml(copy.signature(team))}</p>
<p><small>${escapeHtml(copy.noReply)}</small></p>
</body></html>`;
  return { subject, text, html };
}

export interface LinkOptions {
  /** The host application's URL where the widget runs. */
  appUrl: string;
  /**
   * Optional pattern with `{id}`, `{number}` and `{appUrl}` placeholders, for hosts that route
   * tickets themselves, e.g. `https://app.test/support/{number}`.
   */
  template?: string;
}

/**
 * The URL that opens a ticket: `{appUrl}#aide-ticket={id}` unless a template says otherwise.
 * Only http(s) links are produced: a misconfigured `javascript:` URL is refused.
 *
 * @example
 * ticketLink({ appUrl: 'https://app.test/' }, { ticketId: 'tk_1', ticketNumber: 42 });
 * // 'https://app.test/#aide-ticket=tk_1'
 */
export function ticketLink(
  options: LinkOptions,
  ticket: { ticketId: string; ticketNumber: number },
): string {
  const id = encodeURIComponent(ticket.ticketId);
  const appUrl = options.appUrl.replace(/#.*$/, '');
  const link =
    options.template === undefined
      ? `${appUrl}#aide-ticket=${id}`
      : options.template
          .replaceAll('{appUrl}', appUrl)
          .replaceAll('{id}', id)
          .replaceAll('{number}', String(ticket.ticketNumber));
  const protocol = URL.canParse(link) ? new URL(link).protocol : '';
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new Error(
      `The ticket link "${link}" is not an http(s) URL: check appUrl / link template`,
    );
  }
  return link;
}
