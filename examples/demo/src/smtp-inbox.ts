import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

// A real SMTP listener on loopback that keeps what it receives in memory, so a person trying the
// demo (and the e2e journeys) can see the server's notifications arrive.

/** One received e-mail, decoded. */
export interface ReceivedMail {
  id: number;
  received_at: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export interface SmtpInbox {
  port: number;
  messages(): readonly ReceivedMail[];
  close(): Promise<void>;
}

/**
 * Starts the inbox on 127.0.0.1 (port 0 picks a free one). Accepts any sender and recipient,
 * without authentication or TLS: it exists only for the demo.
 *
 * @example
 * const inbox = await startSmtpInbox({ port: 2525, onMail: (m) => console.log(m.subject) });
 */
export function startSmtpInbox(options: {
  port: number;
  onMail?: (mail: ReceivedMail) => void;
}): Promise<SmtpInbox> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'Aide demo inbox',
    logger: false,
    size: 5 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: ReceivedMail = {
            id: received.length + 1,
            received_at: new Date().toISOString(),
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            subject: parsed.subject ?? '',
            text: (parsed.text ?? '').trim(),
          };
          received.push(mail);
          options.onMail?.(mail);
          callback();
        })
        .catch((error: unknown) =>
          callback(error instanceof Error ? error : new Error(String(error))),
        );
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      // A client that misbehaves must not bring the demo down.
      server.on('error', (error) => console.error(`smtp inbox: ${error.message}`));
      const address = server.server.address() as AddressInfo;
      resolve({
        port: address.port,
        messages: () => received,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
