import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as the emulations see it. */
export interface EmuRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  /** JSON or form body, parsed; null when empty. */
  readonly body: unknown;
}

export interface EmuResponse {
  readonly status: number;
  readonly body?: unknown;
  /** A non-JSON body (a gateway's HTML error page). */
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A failure to inject: the next `times` requests matching `path` (method and path, e.g.
 * "GET /crm/v3/objects/companies") are answered with it instead of the endpoint.
 * "hang" never answers (the client's timeout has to fire).
 */
export interface Fault {
  readonly path: RegExp;
  readonly status: 401 | 429 | 500 | 502 | 503 | 'hang';
  /** Retry-After header value, for 429. */
  readonly retryAfter?: string;
  /** A body other than the vendor's usual one for this status. */
  readonly body?: unknown;
  times: number;
}

/**
 * The HTTP side shared by the HubSpot and Salesforce emulations: a node:http server on a free
 * loopback port, a log of every request (method, path, status), injected failures, and a hook
 * called on every request (a test may kill a client there).
 */
export class EmulatorServer {
  readonly log: { method: string; path: string; status: number }[] = [];
  readonly faults: Fault[] = [];
  onRequest: ((method: string, path: string) => void) | undefined;
  /** Until when (epoch ms) a path that answered 429 with Retry-After keeps answering 429. */
  private readonly blocked = new Map<string, { until: number; fault: Fault }>();
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly handle: (req: EmuRequest) => EmuResponse | Promise<EmuResponse>,
    /** The body the vendor sends with an injected status. */
    private readonly faultBody: (status: number) => EmuResponse,
    /** Headers every answer carries (rate-limit counters). */
    private readonly common: () => Record<string, string>,
  ) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.serve(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Requests whose "METHOD /path" matches, as logged. */
  count(path: RegExp): number {
    return this.log.filter((l) => path.test(`${l.method} ${l.path}`)).length;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const type = req.headers['content-type'] ?? '';
    const body =
      raw === ''
        ? null
        : type.includes('json')
          ? JSON.parse(raw)
          : Object.fromEntries(new URLSearchParams(raw));
    this.onRequest?.(method, url.pathname);
    const key = `${method} ${url.pathname}`;
    const block = this.blocked.get(key);
    // A client that retries before the Retry-After it was given is refused again.
    let fault = block && Date.now() < block.until ? block.fault : undefined;
    if (!fault) {
      fault = this.faults.find((f) => f.times > 0 && f.path.test(key));
      if (fault) fault.times--;
      if (fault?.status === 429 && fault.retryAfter && /^\d+$/.test(fault.retryAfter))
        this.blocked.set(key, { until: Date.now() + Number(fault.retryAfter) * 1000, fault });
    }
    let answer: EmuResponse;
    if (fault) {
      if (fault.status === 'hang') {
        this.log.push({ method, path: url.pathname, status: 0 });
        return; // the socket stays open until the client gives up or the server stops
      }
      const f =
        fault.body === undefined
          ? this.faultBody(fault.status)
          : { status: fault.status, body: fault.body };
      answer = {
        ...f,
        headers: { ...f.headers, ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) },
      };
    } else {
      answer = await this.handle({
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
      });
    }
    this.log.push({ method, path: url.pathname, status: answer.status });
    const text = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
    res.writeHead(answer.status, {
      'content-type': answer.text === undefined ? 'application/json;charset=utf-8' : 'text/html',
      ...this.common(),
      ...answer.headers,
    });
    res.end(text);
  }
}
