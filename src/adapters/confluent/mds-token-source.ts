// The Metadata Service's bearer token for one endpoint and one user: fetched from the login
// endpoint (GET /security/1.0/authenticate, with basic auth), shared by every request, and
// fetched again before it expires or as soon as MDS refuses it (401). One login at a time:
// concurrent callers wait for the same one.
import type { JsonHttpClient } from "../http/json-http-client.ts";
import { mdsTokenSchema } from "./mds-acl-wire.ts";
import { sendJson } from "./send-json.ts";

export interface MdsTokenSourceOptions {
  /** A client of the MDS endpoint that authenticates with the user's basic credentials. */
  readonly login: JsonHttpClient;
  /** Part of a token's lifetime after which it is replaced, ahead of its expiry. */
  readonly refreshAfter?: number;
  readonly now?: () => number;
}

interface Token {
  readonly value: string;
  /** When to fetch a new one; never, when MDS said nothing of the lifetime (then a 401 decides). */
  readonly refreshAt: number;
}

export class MdsTokenSource {
  readonly #login: JsonHttpClient;
  readonly #refreshAfter: number;
  readonly #now: () => number;
  #token: Token | undefined;
  #pending: Promise<Token> | undefined;
  #logins = 0;

  constructor(options: MdsTokenSourceOptions) {
    this.#login = options.login;
    this.#refreshAfter = options.refreshAfter ?? 0.8;
    this.#now = options.now ?? Date.now;
  }

  /** How many times it logged in. */
  get logins(): number {
    return this.#logins;
  }

  /** The current token; logs in when there is none or it is due for renewal. Rejects with an HttpRequestError. */
  async token(): Promise<string> {
    const token = this.#token;
    if (token && this.#now() < token.refreshAt) return token.value;
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return (await this.#pending).value;
  }

  /** Drops `token` when it is still the current one (MDS refused it), so the next call logs in again. */
  invalidate(token: string): void {
    if (this.#token?.value === token) this.#token = undefined;
  }

  async #fetch(): Promise<Token> {
    const startedAt = this.#now();
    const body = await sendJson(this.#login, {
      method: "GET",
      path: "/security/1.0/authenticate",
      action: "log in to the Metadata Service",
      schema: mdsTokenSchema,
    });
    this.#logins++;
    const lifetimeMs = body.expires_in === undefined ? Number.POSITIVE_INFINITY : body.expires_in * 1000;
    const token = { value: body.auth_token, refreshAt: startedAt + lifetimeMs * this.#refreshAfter };
    this.#token = token;
    return token;
  }
}
