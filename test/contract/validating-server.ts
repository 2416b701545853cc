// An HTTP server on loopback that puts a ContractValidator between the adapter under test and
// a fake: every request is checked before the fake sees it, every answer of the fake before
// the adapter sees it. A request that breaks the contract never reaches the fake (it is
// answered 422); an answer that breaks it never reaches the adapter (500 instead). Either way
// the violation is recorded, and contract tests fail on any recorded violation, so a test that
// expects an error cannot pass on the harness's own refusal.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ContractValidator } from "./contract-validator.ts";

export interface FakeCall {
  readonly operationId: string;
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters, coerced to the types the document gives them. */
  readonly query: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface FakeAnswer {
  readonly status: number;
  /** Sent as JSON; absent: no body. */
  readonly body?: unknown;
}

/** A fake server's logic: called only with requests the document allows. */
export type FakeHandler = (call: FakeCall) => FakeAnswer;

export interface Violation {
  readonly direction: "request" | "response";
  /** `operationId` when the request matched one, else `METHOD path`. */
  readonly operation: string;
  readonly messages: readonly string[];
}

export class ValidatingServer {
  readonly #server: Server;
  readonly #basePath: string;
  readonly #violations: Violation[] = [];
  readonly #served: string[] = [];
  readonly #requests: string[] = [];

  private constructor(server: Server, basePath: string) {
    this.#server = server;
    this.#basePath = basePath;
  }

  /**
   * Serves `handle` behind `validator`. `basePath` is where the document's paths start on the
   * wire (e.g. /kafka/v3 for Confluent Server's REST API).
   */
  static async start(options: {
    validator: ContractValidator;
    handle: FakeHandler;
    basePath?: string;
  }): Promise<ValidatingServer> {
    const basePath = options.basePath ?? "";
    let instance: ValidatingServer | undefined;
    const server = createServer((request, response) => {
      void readBody(request).then((raw) => {
        const answer = instance!.#exchange(options.validator, options.handle, request, raw);
        const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
        response.writeHead(answer.status, text ? { "content-type": "application/json" } : {});
        response.end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    instance = new ValidatingServer(server, basePath);
    return instance;
  }

  /** The URL the document's paths are appended to. */
  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}${this.#basePath}`;
  }

  /** The origin alone, for clients that add the base path themselves. */
  get origin(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Operation ids the fake answered, in order. */
  get served(): readonly string[] {
    return this.#served;
  }

  /** The requests the fake answered, in order, as `METHOD path?query` below the base path. */
  get requests(): readonly string[] {
    return this.#requests;
  }

  /** Returns the violations recorded so far and forgets them. */
  takeViolations(): Violation[] {
    return this.#violations.splice(0);
  }

  /** Forgets what was served, e.g. between the steps of a test. */
  clearServed(): void {
    this.#served.length = 0;
    this.#requests.length = 0;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #exchange(
    validator: ContractValidator,
    handle: FakeHandler,
    request: IncomingMessage,
    raw: string,
  ): FakeAnswer {
    const url = new URL(request.url ?? "/", "http://localhost");
    const where = `${request.method} ${url.pathname}`;
    if (!url.pathname.startsWith(this.#basePath)) {
      return this.#refuse("request", where, [`path is outside ${this.#basePath}`]);
    }
    let body: unknown;
    if (raw !== "") {
      try {
        body = JSON.parse(raw);
      } catch {
        return this.#refuse("request", where, ["body is not JSON"]);
      }
    }
    const query: Record<string, string | string[]> = {};
    for (const name of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(name);
      query[name] = values.length === 1 ? values[0]! : values;
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
    );
    const checked = validator.checkRequest({
      method: request.method ?? "GET",
      path: url.pathname.slice(this.#basePath.length) || "/",
      query,
      headers,
      body,
    });
    const operation = checked.operation;
    if (!operation || checked.violations.length > 0) {
      return this.#refuse("request", operation?.operationId ?? where, checked.violations);
    }
    const answer = handle({ ...operation, headers, body });
    // What the adapter would read: the answer as JSON text, parsed again.
    const sent = answer.body === undefined ? undefined : JSON.parse(JSON.stringify(answer.body));
    const violations = validator.checkResponse(operation.operationId, answer.status, sent);
    if (violations.length > 0) {
      this.#violations.push({
        direction: "response",
        operation: operation.operationId,
        messages: violations,
      });
      return {
        status: 500,
        body: { error_code: 500, message: `contract violation: ${violations.join("; ")}` },
      };
    }
    this.#served.push(operation.operationId);
    this.#requests.push(`${request.method} ${url.pathname.slice(this.#basePath.length)}${url.search}`);
    return answer;
  }

  #refuse(direction: "request", operation: string, messages: readonly string[]): FakeAnswer {
    this.#violations.push({ direction, operation, messages });
    return { status: 422, body: { error_code: 422, message: `contract violation: ${messages.join("; ")}` } };
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
