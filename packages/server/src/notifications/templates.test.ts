import { describe, expect, it } from 'vitest';
import type { NotificationKind } from '../store/store';
import { notificationLocale, renderNotification, ticketLink } from './templates';

const kinds: NotificationKind[] = [
  'ticket_received',
  'agent_replied',
  'waiting_for_reply',
  'waiting_reminder',
  'resolved',
  'auto_resolved',
];
const link = 'https://app.acme.test/#aide-ticket=tk_9';

describe('renderNotification', () => {
  it.each(['fr', 'en', 'es'])(
    'says what happened to ticket 42 and links to it, in %s',
    (locale) => {
      const subjects = new Set<string>();
      for (const kind of kinds) {
        const mail = renderNotification({
          kind,
          locale,
          recipientName: 'Ada',
          link,
          data: { ticketId: 'tk_9', ticketNumber: 42, reason: 'declined', reminder: 2 },
        });
        expect(mail.subject).toContain('42');
        expect(mail.text).toContain('42');
        expect(mail.text).toContain(link);
        expect(mail.html).toContain(`href="${link}"`);
        expect(`${mail.subject}${mail.text}${mail.html}`).not.toMatch(/undefined|NaN|\{|\}/);
        subjects.add(mail.subject);
      }
      // Each kind reads differently: a reminder never looks like a confirmation.
      expect(subjects.size).toBe(kinds.length);
    },
  );

  it('states the resolution reason in the reader’s language', () => {
    const render = (locale: string, reason: string) =>
      renderNotification({
        kind: 'resolved',
        locale,
        recipientName: 'Ada',
        link,
        data: { ticketId: 'tk_9', ticketNumber: 7, reason },
      }).text;
    expect(render('fr', 'fixed')).toContain(
      'Votre demande n° 7 est résolue : le problème a été corrigé.',
    );
    expect(render('fr', 'duplicate')).toContain('doublon');
    expect(render('en', 'declined')).toContain(
      'Your request #7 is resolved: it could not be accepted.',
    );
    expect(render('es', 'answered')).toContain('hemos respondido a su pregunta');
  });

  it('numbers reminders and names the replying agent', () => {
    const reminder = renderNotification({
      kind: 'waiting_reminder',
      locale: 'en',
      recipientName: 'Ada',
      link,
      data: { ticketId: 'tk_9', ticketNumber: 5, reminder: 2 },
    });
    expect(reminder.subject).toBe('Reminder 2: your reply is needed on request #5');
    const replied = renderNotification({
      kind: 'agent_replied',
      locale: 'fr',
      recipientName: 'Ada',
      link,
      data: { ticketId: 'tk_9', ticketNumber: 5, actorName: 'Grace' },
    });
    expect(replied.text).toContain('Grace a répondu à votre demande n° 5.');
  });

  it('falls back from regional and unknown locales', () => {
    expect(notificationLocale('fr-CA')).toBe('fr');
    expect(notificationLocale('ES_mx')).toBe('es');
    expect(notificationLocale('de-DE')).toBe('en');
    expect(notificationLocale('')).toBe('en');
  });

  it('escapes names in HTML and keeps them on one line in text', () => {
    const mail = renderNotification({
      kind: 'ticket_received',
      locale: 'en',
      recipientName: '<img src=x onerror=alert(1)>\nClick https://evil.test',
      link,
      data: { ticketId: 'tk_9', ticketNumber: 1 },
    });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.text.split('\n')[0]).toBe(
      'Hello <img src=x onerror=alert(1)> Click https://evil.test,',
    );
  });
});

describe('ticketLink', () => {
  const ticket = { ticketId: 'tk 9/é', ticketNumber: 42 };

  it('opens the widget on the ticket in the host application by default', () => {
    expect(ticketLink({ appUrl: 'https://app.acme.test/projects#old' }, ticket)).toBe(
      'https://app.acme.test/projects#aide-ticket=tk%209%2F%C3%A9',
    );
  });

  it('follows a configured template', () => {
    expect(
      ticketLink(
        { appUrl: 'https://app.acme.test', template: '{appUrl}/support/{number}?t={id}' },
        ticket,
      ),
    ).toBe('https://app.acme.test/support/42?t=tk%209%2F%C3%A9');
  });

  it('refuses anything but an http(s) link', () => {
    expect(() => ticketLink({ appUrl: 'javascript:alert(1)//' }, ticket)).toThrow('http(s)');
    expect(() => ticketLink({ appUrl: 'not a url' }, ticket)).toThrow('http(s)');
  });
});
