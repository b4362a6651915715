import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The message exactly as received, headers included. */
  raw: string;
}

export interface SmtpCapture {
  host: string;
  port: number;
  /** Every mail received so far, in arrival order. */
  mails: CapturedMail[];
  /** Resolves once `count` mails have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
  /** Makes the next `count` deliveries fail with a temporary error (451). */
  failNext(count: number): void;
  stop(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((each) => each.value.map((address) => address.address ?? ''));
}

/**
 * A real SMTP server on 127.0.0.1 (free port, no TLS, no auth) that keeps what it receives.
 *
 * @example
 * const smtp = await startSmtpCapture();
 * const mailer = createSmtpMailer({ host: smtp.host, port: smtp.port, secure: false, from: 'a@b.test' });
 * await smtp.waitFor(1);
 */
export async function startSmtpCapture(): Promise<SmtpCapture> {
  const mails: CapturedMail[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // Reverse DNS of 127.0.0.1 can stall on a closed network; it tells a test nothing.
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failures > 0) {
          failures--;
          const error = new Error('Try again later') as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            mails.push({
              from: addresses(parsed.from)[0] ?? '',
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              raw,
            });
            for (const waiter of waiters.filter((each) => mails.length >= each.count)) {
              waiter.resolve();
            }
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    host: '127.0.0.1',
    port,
    mails,
    failNext(count) {
      failures = count;
    },
    // Generous: a sweep on a busy CI machine can take seconds to deliver; a passing wait ends at
    // the mail's arrival.
    waitFor(count, timeoutMs = 15_000) {
      if (mails.length >= count) {
        return Promise.resolve(mails);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`Expected ${count} mails, got ${mails.length}`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(mails);
          },
        });
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
