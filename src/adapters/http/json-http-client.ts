// JSON over HTTP for the REST APIs the operator talks to (Kafka Connect, Confluent Server REST v3,
// the Metadata Service): JSON request bodies, every answer's body checked with a zod schema
// before anyone reads it, a timeout on every request, and connections pooled per endpoint (see
// JsonHttpClients). It knows nothing of the operator's reasons: a failure is an HttpRequestError
// with a closed `failure` kind that each adapter translates. Its messages never carry a request
// body or a header value; the server's own message is kept apart (`serverMessage`) for the
// adapter to judge, since some servers echo what they were sent.
import { Agent, fetch } from "undici";
import type { z } from "zod";

export interface HttpTls {
  /** PEM CA certificates to trust instead of the system's. */
  readonly ca?: string;
  /** PEM client certificate and key, for endpoints that require one. */
  readonly cert?: string;
  readonly key?: string;
}

export type HttpAuth =
  | { readonly type: "basic"; readonly username: string; readonly password: string }
  /** A token, or a function that returns the current one (refreshed by its owner). */
  | { readonly type: "bearer"; readonly token: string | (() => Promise<string>) };

export interface HttpEndpoint {
  /** e.g. https://connect:8083 or https://kafka:8090/kafka; a trailing slash is ignored. */
  readonly baseUrl: string;
  readonly tls?: HttpTls;
  readonly auth?: HttpAuth;
  /** Per request; 30 s when absent. */
  readonly timeoutMs?: number;
}

/**
 * `unreachable`: no answer (refused, reset, DNS, TLS handshake). `timeout`: no answer in time.
 * `status`: an answer with a status the caller did not accept. `invalidBody`: an accepted
 * status whose body is not JSON or not of the expected shape.
 */
export type HttpFailure = "unreachable" | "timeout" | "status" | "invalidBody";

/** Why a request failed; adapters catch it and translate it into the operator's reasons. */
export class HttpRequestError extends Error {
  override readonly name = "HttpRequestError";
  readonly failure: HttpFailure;
  readonly status: number | undefined;
  /** The server's message from an error body (`message`, `error_message`, `error`), as sent. */
  readonly serverMessage: string | undefined;
  /** The parsed error body, for adapters that read error codes from it. */
  readonly body: unknown;

  constructor(
    message: string,
    details: {
      failure: HttpFailure;
      status?: number;
      serverMessage?: string;
      body?: unknown;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
    this.failure = details.failure;
    this.status = details.status;
    this.serverMessage = details.serverMessage;
    this.body = details.body;
  }
}

export interface JsonRequest<S extends z.ZodType> {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Appended to the base URL; callers encode path segments and query values. */
  readonly path: string;
  /** What the request does, for messages: `read connector "orders-sink"`. */
  readonly action: string;
  readonly body?: unknown;
  /** Shape of a 2xx answer's body; an empty body is parsed as `undefined`. */
  readonly schema: S;
  /** Statuses besides 2xx that are answers rather than failures (e.g. 404 for "absent"). */
  readonly tolerate?: readonly number[];
}

export type JsonResponse<T> =
  | { readonly isSuccess: true; readonly status: number; readonly body: T }
  | { readonly isSuccess: false; readonly status: number };

/** A client of one endpoint. Cheap to make; the pool it sends through is shared (JsonHttpClients). */
/** Told of every request sent: its method, and whether an answer came back. */
export type HttpRequestRecorder = (request: { method: string; outcome: "answered" | "failed" }) => void;

export class JsonHttpClient {
  readonly #baseUrl: string;
  readonly #endpoint: HttpEndpoint;
  readonly #dispatcher: Agent;
  readonly #record: HttpRequestRecorder | undefined;

  constructor(endpoint: HttpEndpoint, dispatcher: Agent, record?: HttpRequestRecorder) {
    this.#baseUrl = endpoint.baseUrl.replace(/\/+$/, "");
    this.#endpoint = endpoint;
    this.#dispatcher = dispatcher;
    this.#record = record;
  }

  get baseUrl(): string {
    return this.#baseUrl;
  }

  async request<S extends z.ZodType>(request: JsonRequest<S>): Promise<JsonResponse<z.output<S>>> {
    const where = `${request.method} ${this.#baseUrl}${request.path}`;
    const headers: Record<string, string> = { accept: "application/json" };
    if (request.body !== undefined) headers["content-type"] = "application/json";
    const authorization = await this.#authorization();
    if (authorization) headers.authorization = authorization;
    const timeoutMs = this.#endpoint.timeoutMs ?? 30_000;
    let response: Awaited<ReturnType<typeof fetch>>;
    let text: string;
    try {
      response = await fetch(`${this.#baseUrl}${request.path}`, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(timeoutMs),
        dispatcher: this.#dispatcher,
      });
      text = await response.text();
      this.#record?.({ method: request.method, outcome: "answered" });
    } catch (err) {
      this.#record?.({ method: request.method, outcome: "failed" });
      const isTimeout = (err as { name?: string }).name === "TimeoutError";
      throw new HttpRequestError(
        isTimeout
          ? `Cannot ${request.action}: ${where} did not answer within ${timeoutMs} ms`
          : `Cannot ${request.action}: ${where} is unreachable (${describeCause(err)})`,
        { failure: isTimeout ? "timeout" : "unreachable", cause: err },
      );
    }
    if (response.ok) {
      const parsed = request.schema.safeParse(text === "" ? undefined : parseJson(text));
      if (!parsed.success) {
        throw new HttpRequestError(
          `Cannot ${request.action}: ${where} answered ${response.status} with a body of an unexpected shape (${parsed.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
            .join("; ")})`,
          { failure: "invalidBody", status: response.status },
        );
      }
      return { isSuccess: true, status: response.status, body: parsed.data };
    }
    if (request.tolerate?.includes(response.status)) return { isSuccess: false, status: response.status };
    const body = text === "" ? undefined : parseJson(text);
    const serverMessage = messageOf(body) ?? (response.statusText || undefined);
    throw new HttpRequestError(`Cannot ${request.action}: ${where} answered ${response.status}`, {
      failure: "status",
      status: response.status,
      ...(serverMessage === undefined ? {} : { serverMessage }),
      body,
    });
  }

  async #authorization(): Promise<string | undefined> {
    const auth = this.#endpoint.auth;
    if (!auth) return undefined;
    if (auth.type === "basic") {
      return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
    }
    const token = typeof auth.token === "string" ? auth.token : await auth.token();
    return `Bearer ${token}`;
  }
}

/**
 * The connection pools of every endpoint in use, one per owner (the resource whose spec names
 * the endpoint): reused across reconciles while the endpoint's address and TLS identity stay
 * the same, replaced when they change, and closed when the owner lets go (its resource was
 * deleted), so no pool outlives what it served.
 */
export class JsonHttpClients {
  readonly #pools = new Map<string, { readonly fingerprint: string; readonly agent: Agent }>();
  readonly #record: HttpRequestRecorder | undefined;

  /** `record` is told of every request any client of these pools sends (for metrics). */
  constructor({ record }: { record?: HttpRequestRecorder } = {}) {
    this.#record = record;
  }

  /** A client of `endpoint` for `owner`, on the owner's pool. */
  for(owner: string, endpoint: HttpEndpoint): JsonHttpClient {
    const fingerprint = JSON.stringify([new URL(endpoint.baseUrl).origin, endpoint.tls ?? null]);
    let pool = this.#pools.get(owner);
    if (pool?.fingerprint !== fingerprint) {
      if (pool) void pool.agent.close().catch(() => undefined);
      pool = {
        fingerprint,
        agent: new Agent({
          ...(endpoint.tls ? { connect: { ...endpoint.tls } } : {}),
          keepAliveTimeout: 30_000,
          connections: 8,
        }),
      };
      this.#pools.set(owner, pool);
    }
    return new JsonHttpClient(endpoint, pool.agent, this.#record);
  }

  /** Closes the owner's pool; requests in flight finish first. */
  async release(owner: string): Promise<void> {
    const pool = this.#pools.get(owner);
    if (!pool) return;
    this.#pools.delete(owner);
    await pool.agent.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#pools.keys()].map((owner) => this.release(owner)));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === "string") return body.slice(0, 512) || undefined;
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const field of ["message", "error_message", "error"]) {
    if (typeof record[field] === "string") return record[field];
  }
  return undefined;
}

function describeCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
