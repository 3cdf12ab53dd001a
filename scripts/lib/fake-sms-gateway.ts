import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** One text the gateway was handed. */
export interface GatewayText {
  to: string;
  from: string;
  body: string;
  statusCallback?: string;
  sid: string;
  /** The sender closed the connection before the gateway answered (it was killed, say). */
  abandoned: boolean;
}

export const GATEWAY_SID = 'ACtest0123456789';
export const GATEWAY_TOKEN = 'gateway-auth-token-for-tests';

/**
 * A loopback stand-in for an SMS gateway with Twilio's REST shape: `POST /2010-04-01/Accounts/
 * {SID}/Messages.json`, form-encoded, Basic auth. It records every text it is handed, can answer
 * 503 or Twilio's 21610 (opted out) for chosen numbers, and can hold its answers until released.
 */
export class FakeSmsGateway {
  readonly texts: GatewayText[] = [];
  private readonly failing = new Map<string, 503 | 21610>();
  private held: (() => void)[] | undefined;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeSmsGateway> {
    const server = createServer();
    const gateway = new FakeSmsGateway(server);
    server.on(
      'request',
      (req: IncomingMessage, res: ServerResponse) => void gateway.handle(req, res),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return gateway;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers 503, or 400 with code 21610, for texts to this number (E.164) from now on. */
  fail(number: string, how: 503 | 21610 | undefined): void {
    if (how === undefined) this.failing.delete(number);
    else this.failing.set(number, how);
  }

  /** Answers nothing until `release()`. */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const answer of held) answer();
  }

  /** How many are waiting for an answer. */
  get waiting(): number {
    return this.held?.length ?? 0;
  }

  textsTo(number: string): GatewayText[] {
    return this.texts.filter((t) => t.to === number);
  }

  close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const json = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const expectedAuth = `Basic ${Buffer.from(`${GATEWAY_SID}:${GATEWAY_TOKEN}`).toString('base64')}`;
    if (
      req.method !== 'POST' ||
      req.url !== `/2010-04-01/Accounts/${GATEWAY_SID}/Messages.json` ||
      req.headers.authorization !== expectedAuth
    ) {
      return json(401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    const form = new URLSearchParams(raw);
    const text: GatewayText = {
      to: form.get('To') ?? '',
      from: form.get('From') ?? form.get('MessagingServiceSid') ?? '',
      body: form.get('Body') ?? '',
      statusCallback: form.get('StatusCallback') ?? undefined,
      sid: `SM${randomBytes(16).toString('hex')}`,
      abandoned: false,
    };
    this.texts.push(text);
    res.on('close', () => {
      if (!res.writableFinished) text.abandoned = true;
    });
    const answer = () => {
      if (res.destroyed) return;
      const failure = this.failing.get(text.to);
      if (failure === 503) json(503, { code: 20503, message: 'Service unavailable', status: 503 });
      else if (failure === 21610)
        json(400, {
          code: 21610,
          message: 'Attempt to send to unsubscribed recipient',
          status: 400,
        });
      else json(201, { sid: text.sid, status: 'queued', to: text.to });
    };
    if (this.held) this.held.push(answer);
    else answer();
  }
}
