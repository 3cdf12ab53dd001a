import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One email the server accepted, parsed. */
export interface CaughtEmail {
  to: string;
  from: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/**
 * An SMTP server in the test process (smtp-server + mailparser): accepts every email and keeps
 * it, or refuses chosen recipients with a temporary (451) or permanent (550) answer.
 */
export class SmtpCatcher {
  /** Emails accepted (also when not kept: `countOnly`). */
  accepted = 0;

  private constructor(
    private readonly server: SMTPServer,
    readonly emails: CaughtEmail[],
    private readonly refusing: Map<string, 451 | 550>,
  ) {}

  /** `countOnly` (the bench): accept and count, without parsing or keeping anything. */
  static async start(opts: { countOnly?: boolean } = {}): Promise<SmtpCatcher> {
    const refusing = new Map<string, 451 | 550>();
    const emails: CaughtEmail[] = [];
    const counted = () => catcher && (catcher.accepted += 1);
    // eslint-disable-next-line prefer-const -- the handlers below run after it is set
    let catcher: SmtpCatcher | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const code = refusing.get(address.address.toLowerCase());
        if (!code) return callback();
        const err = new Error(code === 451 ? 'Try again later' : 'No such user') as Error & {
          responseCode: number;
        };
        err.responseCode = code;
        callback(err);
      },
      onData(stream, _session, callback) {
        if (opts.countOnly) {
          stream.resume();
          stream.on('end', () => {
            counted();
            callback();
          });
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            const headers: Record<string, string> = {};
            for (const line of mail.headerLines)
              headers[line.key] = line.line.replace(/^[^:]+:\s*/, '');
            const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
            counted();
            emails.push({
              to: to?.value[0]?.address ?? '',
              from: mail.from?.text ?? '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              headers,
            });
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    catcher = new SmtpCatcher(server, emails, refusing);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return catcher!;
  }

  get url(): string {
    const { port } = (
      this.server as unknown as { server: { address(): AddressInfo } }
    ).server.address();
    return `smtp://127.0.0.1:${port}`;
  }

  refuse(address: string, code: 451 | 550 | undefined): void {
    if (code === undefined) this.refusing.delete(address.toLowerCase());
    else this.refusing.set(address.toLowerCase(), code);
  }

  to(address: string): CaughtEmail[] {
    return this.emails.filter((e) => e.to.toLowerCase() === address.toLowerCase());
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
