import nodemailer from 'nodemailer';

/** SMTP settings as configured per deployment (or per tenant). */
export interface SmtpSettings {
  host: string;
  port: number;
  /** true: TLS from the first byte (port 465); false: plain, upgraded by STARTTLS when offered. */
  secure: boolean;
  auth?: { user: string; pass: string };
  /** Sender address, e.g. `Support <support@vendor.test>`. */
  from: string;
  /** Refuse to send unless STARTTLS succeeds (recommended whenever `secure` is false on a network). */
  requireTLS?: boolean;
  /** Never try STARTTLS (only for loopback test servers). */
  ignoreTLS?: boolean;
}

export interface OutgoingMail {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** Resolves once the SMTP server accepted the mail; rejects with its answer otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * A mailer over SMTP (nodemailer).
 *
 * @example
 * const mailer = createSmtpMailer({ host: 'smtp.vendor.test', port: 587, secure: false,
 *   requireTLS: true, auth: { user: 'aide', pass: secret }, from: 'Support <support@vendor.test>' });
 * await mailer.send({ to: { name: 'Ada', address: 'ada@acme.test' }, subject, text, html });
 */
export function createSmtpMailer(settings: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.auth ? { auth: { user: settings.auth.user, pass: settings.auth.pass } } : {}),
    ...(settings.requireTLS === undefined ? {} : { requireTLS: settings.requireTLS }),
    ...(settings.ignoreTLS === undefined ? {} : { ignoreTLS: settings.ignoreTLS }),
    // A stuck server must not hold a sweep (and its leases) for minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(mail) {
      await transport.sendMail({
        from: settings.from,
        to: { name: mail.to.name, address: mail.to.address },
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    },
    close() {
      transport.close();
    },
  };
}
