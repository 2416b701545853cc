// The AclStore over Confluent's centralized ACLs (the Metadata Service), for KafkaClusters with
// aclBackend confluentMds. Per cluster: one describe cache (one acls:search per resync period,
// kept current with the store's own writes, as for the Kafka backend) and a session (the MDS
// endpoint, its credentials and bearer token). MDS takes one binding per create or delete
// request, so writes go out a few at a time instead of batched.
//
// MDS holds at most 1,000 ACLs per cluster. A createBindings call that would go past the limit
// (counting what the cluster holds and what other calls are creating now) writes nothing and
// fails every binding it was given, so no resource is ever left half applied by the limit.

import { z } from "zod";
import { type AclBinding, bindingKey, describeBinding } from "../../access/acl-binding.ts";
import { ObservedAcls, type ObservedAclsView } from "../../access/observed-acls.ts";
import type {
  AclCall,
  AclCallRecorder,
  AclStore,
  AclWriteResult,
  DescribeOptions,
} from "../../ports/acl-store.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import {
  HttpRequestError,
  type HttpTls,
  type JsonHttpClients,
  type JsonRequest,
} from "../http/json-http-client.ts";
import { AclDescribeCache } from "../kafka/acl-describe-cache.ts";
import { translateHttpError } from "./confluent-http-error.ts";
import {
  fromMdsAclBindings,
  kafkaScope,
  MATCH_EVERY_ACL,
  mdsAclBindingsSchema,
  toExactMdsFilter,
  toMdsAclBinding,
  whyMdsCannotHold,
} from "./mds-acl-wire.ts";
import { MdsTokenSource } from "./mds-token-source.ts";
import { sendJson } from "./send-json.ts";

/** Centralized ACLs supports up to 1,000 ACLs per cluster (Confluent Platform docs). */
export const MDS_ACL_LIMIT = 1000;

/** Where a cluster's centralized ACLs live and how the operator signs in there. */
export interface MdsTarget {
  /** The MDS base URL, e.g. https://mds.example:8090. */
  readonly baseUrl: string;
  readonly tls?: HttpTls;
  readonly timeoutMs?: number;
  /**
   * `login`: basic credentials exchanged at the login endpoint for a bearer token. `bearer`: a
   * token of the operator's own. Absent: the TLS client certificate alone identifies it.
   */
  readonly auth?:
    | { readonly type: "login"; readonly username: string; readonly password: string }
    | { readonly type: "bearer"; readonly token: string };
  /** The Kafka cluster id ACLs are scoped to. */
  readonly kafkaClusterId: string;
  /** Changes whenever anything above does; a new value starts a new session (and token). */
  readonly fingerprint: string;
}

export interface MdsAclStoreOptions {
  /** The MDS target of a cluster ("namespace/name" of its KafkaCluster); throws an OperatorError when it has none. */
  readonly targetFor: (cluster: string) => MdsTarget;
  readonly clients: JsonHttpClients;
  /** How long a search answers reads; at most one acls:search per cluster per period. */
  readonly resyncPeriodMs: number;
  readonly maxAclsPerCluster?: number;
  /** Create or delete requests in flight per cluster. */
  readonly maxConcurrentRequests?: number;
  readonly recorder?: AclCallRecorder;
  readonly now?: () => number;
}

interface Session {
  readonly target: MdsTarget;
  readonly owner: string;
  readonly system: string;
  readonly tokens: MdsTokenSource | undefined;
}

interface ClusterState {
  readonly cache: AclDescribeCache;
  session: Session | undefined;
  /** Bindings being created right now, counted against the limit until they land in the cache. */
  reserved: number;
}

export class MdsAclStore implements AclStore {
  readonly #options: MdsAclStoreOptions;
  readonly #clusters = new Map<string, ClusterState>();

  constructor(options: MdsAclStoreOptions) {
    this.#options = options;
  }

  describeAll(cluster: string, options: DescribeOptions = {}): Promise<ObservedAclsView> {
    return this.#state(cluster).cache.read(options.maxAgeMs ?? this.#options.resyncPeriodMs);
  }

  async createBindings(cluster: string, bindings: readonly AclBinding[]): Promise<AclWriteResult[]> {
    const state = this.#state(cluster);
    let observed: ObservedAclsView;
    try {
      observed = await state.cache.read(this.#options.resyncPeriodMs);
    } catch (thrown) {
      return failAll(bindings, "UNKNOWN_ACL_COUNT", asOperatorError(thrown));
    }
    const results = new Map<string, AclWriteResult>();
    const toSend: AclBinding[] = [];
    for (const binding of bindings) {
      const why = whyMdsCannotHold(binding);
      if (why !== undefined) results.set(bindingKey(binding), unsupported(binding, cluster, "create", why));
      else if (observed.has(bindingKey(binding)))
        results.set(bindingKey(binding), { binding, outcome: "alreadyPresent" });
      else toSend.push(binding);
    }
    // Checked and reserved with no await in between, so concurrent calls cannot both slip under.
    const limit = this.#options.maxAclsPerCluster ?? MDS_ACL_LIMIT;
    const held = observed.size + observed.foreign.length + state.reserved;
    if (held + toSend.length > limit) {
      return failAll(
        bindings,
        "ACL_LIMIT_EXCEEDED",
        new OperatorError(
          `Cannot create ${toSend.length} ACL binding(s) on cluster "${cluster}": centralized ACLs hold at most ${limit} per cluster, ${held} are there or being created; nothing was written`,
          { reason: "RequestRejected", isRetryable: false },
        ),
      );
    }
    // Each place is given back as its creation settles (a created binding is in the cache by then).
    let unsettled = toSend.length;
    state.reserved += unsettled;
    const settle = () => {
      unsettled--;
      state.reserved--;
    };
    try {
      const sent = await this.#write(cluster, state, "create", toSend, settle);
      for (const result of sent) results.set(bindingKey(result.binding), result);
    } finally {
      state.reserved -= unsettled;
    }
    return bindings.map((binding) => results.get(bindingKey(binding))!);
  }

  async deleteBindings(cluster: string, bindings: readonly AclBinding[]): Promise<AclWriteResult[]> {
    const state = this.#state(cluster);
    const results = new Map<string, AclWriteResult>();
    const toSend: AclBinding[] = [];
    for (const binding of bindings) {
      const why = whyMdsCannotHold(binding);
      if (why !== undefined) results.set(bindingKey(binding), unsupported(binding, cluster, "delete", why));
      else toSend.push(binding);
    }
    // Always sent: a cache that says "absent" may have missed an out-of-band re-creation.
    for (const result of await this.#write(cluster, state, "delete", toSend)) {
      results.set(bindingKey(result.binding), result);
    }
    return bindings.map((binding) => results.get(bindingKey(binding))!);
  }

  invalidate(cluster: string): void {
    this.#clusters.get(cluster)?.cache.invalidate();
  }

  /** Forgets a cluster and closes its connections (its KafkaCluster was deleted or moved to another backend). */
  async forget(cluster: string): Promise<void> {
    const state = this.#clusters.get(cluster);
    this.#clusters.delete(cluster);
    if (state?.session) await this.#options.clients.release(state.session.owner);
  }

  #state(cluster: string): ClusterState {
    let state = this.#clusters.get(cluster);
    if (!state) {
      const created: ClusterState = {
        cache: new AclDescribeCache({
          describe: () => this.#search(cluster, created),
          ...(this.#options.now ? { now: this.#options.now } : {}),
        }),
        session: undefined,
        reserved: 0,
      };
      state = created;
      this.#clusters.set(cluster, state);
    }
    return state;
  }

  /** The cluster's session, started anew when its target changed (a rotated Secret, a new endpoint). */
  #session(cluster: string, state: ClusterState): Session {
    const target = this.#options.targetFor(cluster);
    if (state.session?.target.fingerprint === target.fingerprint) return state.session;
    const owner = `mds ${cluster}`;
    const auth = target.auth;
    state.session = {
      target,
      owner,
      system: `the Metadata Service at ${target.baseUrl}`,
      tokens:
        auth?.type === "login"
          ? new MdsTokenSource({
              login: this.#options.clients.for(owner, {
                ...endpointOf(target),
                auth: { ...auth, type: "basic" },
              }),
              ...(this.#options.now ? { now: this.#options.now } : {}),
            })
          : undefined,
    };
    return state.session;
  }

  async #search(cluster: string, state: ClusterState): Promise<ObservedAcls> {
    const session = this.#startSession(cluster, state, "describe ACLs");
    const found = await this.#send(cluster, session, "DescribeAcls", (answer) => answer.length, {
      method: "POST",
      path: "/security/1.0/acls:search",
      action: `search the ACLs of cluster "${cluster}"`,
      body: { scope: kafkaScope(session.target.kafkaClusterId), aclBindingFilter: MATCH_EVERY_ACL },
      schema: mdsAclBindingsSchema,
    }).catch((thrown: unknown) => {
      throw translateHttpError(thrown, `describe the ACLs of cluster "${cluster}"`, session.system).error;
    });
    const { bindings, foreign } = fromMdsAclBindings(found);
    return new ObservedAcls(bindings, foreign);
  }

  async #write(
    cluster: string,
    state: ClusterState,
    verb: "create" | "delete",
    bindings: readonly AclBinding[],
    onSettled: () => void = () => undefined,
  ): Promise<AclWriteResult[]> {
    if (bindings.length === 0) return [];
    let session: Session;
    try {
      session = this.#startSession(cluster, state, `${verb} ACL bindings`);
    } catch (thrown) {
      return failAll(bindings, "NO_MDS_TARGET", asOperatorError(thrown));
    }
    const scope = kafkaScope(session.target.kafkaClusterId);
    let isStateUnknown = false;
    const results = await mapLimited(bindings, this.#options.maxConcurrentRequests ?? 8, async (binding) => {
      const action = `${verb} ACL binding ${describeBinding(binding)} on cluster "${cluster}"`;
      try {
        if (verb === "create") {
          await this.#send(cluster, session, "CreateAcls", 1, {
            method: "POST",
            path: "/security/1.0/acls",
            action,
            body: { scope, aclBinding: toMdsAclBinding(binding) },
            schema: z.undefined(),
          });
          state.cache.applyWrite("created", binding);
          return { binding, outcome: "created" } as const;
        }
        const deleted = await this.#send(cluster, session, "DeleteAcls", 1, {
          method: "DELETE",
          path: "/security/1.0/acls",
          action,
          body: { scope, aclBindingFilter: toExactMdsFilter(binding) },
          schema: mdsAclBindingsSchema,
        });
        state.cache.applyWrite("deleted", binding);
        return { binding, outcome: deleted.length > 0 ? "deleted" : "alreadyAbsent" } as const;
      } catch (thrown) {
        const { error, code } = translateHttpError(thrown, action, session.system);
        // A request without an answer may still have been applied.
        if (error.reason === "ClusterUnreachable") isStateUnknown = true;
        return { binding, outcome: "failed", code, error } as const;
      } finally {
        onSettled();
      }
    });
    if (isStateUnknown) state.cache.invalidate();
    return results;
  }

  /** The session for a request; a target that cannot be resolved is the caller's error. */
  #startSession(cluster: string, state: ClusterState, action: string): Session {
    try {
      return this.#session(cluster, state);
    } catch (thrown) {
      if (thrown instanceof OperatorError) throw thrown;
      throw new OperatorError(`Cannot ${action} on cluster "${cluster}": its Metadata Service is not known`, {
        reason: "Unexpected",
        isRetryable: true,
        cause: thrown,
      });
    }
  }

  /**
   * Sends one request with the session's credentials and records it. A token MDS refuses (it
   * expired early, MDS restarted) is dropped and the request sent once more with a new one.
   */
  async #send<S extends z.ZodType>(
    cluster: string,
    session: Session,
    api: AclCall["api"],
    items: number | ((answer: z.output<S>) => number),
    request: Omit<JsonRequest<S>, "tolerate">,
  ): Promise<z.output<S>> {
    const startedAt = performance.now();
    const record = (outcome: AclCall["outcome"], count: number) =>
      this.#options.recorder?.record({
        api,
        cluster,
        items: count,
        durationMs: performance.now() - startedAt,
        outcome,
      });
    try {
      const answer = await this.#sendSignedIn(session, request);
      record("ok", typeof items === "number" ? items : items(answer));
      return answer;
    } catch (thrown) {
      record("error", typeof items === "number" ? items : 0);
      throw thrown;
    }
  }

  async #sendSignedIn<S extends z.ZodType>(session: Session, request: Omit<JsonRequest<S>, "tolerate">) {
    const { target, tokens } = session;
    for (let attempt = 1; ; attempt++) {
      // A failed login rejects here, and is not retried: its credentials would fail again.
      const token = tokens
        ? await tokens.token()
        : target.auth?.type === "bearer"
          ? target.auth.token
          : undefined;
      const client = this.#options.clients.for(session.owner, {
        ...endpointOf(target),
        ...(token === undefined ? {} : { auth: { type: "bearer", token } }),
      });
      try {
        return await sendJson(client, request);
      } catch (thrown) {
        const isTokenRefused =
          tokens !== undefined &&
          token !== undefined &&
          thrown instanceof HttpRequestError &&
          thrown.status === 401;
        if (!isTokenRefused || attempt === 2) throw thrown;
        tokens.invalidate(token);
      }
    }
  }
}

function endpointOf(target: MdsTarget) {
  return {
    baseUrl: target.baseUrl,
    ...(target.tls ? { tls: target.tls } : {}),
    ...(target.timeoutMs ? { timeoutMs: target.timeoutMs } : {}),
  };
}

function failAll(bindings: readonly AclBinding[], code: string, error: OperatorError): AclWriteResult[] {
  return bindings.map((binding) => ({ binding, outcome: "failed", code, error }));
}

function unsupported(binding: AclBinding, cluster: string, verb: string, why: string): AclWriteResult {
  return {
    binding,
    outcome: "failed",
    code: "UNSUPPORTED_BY_MDS",
    error: new OperatorError(
      `Cannot ${verb} ACL binding ${describeBinding(binding)} on cluster "${cluster}": ${why}`,
      {
        reason: "UnsupportedByClient",
        isRetryable: false,
      },
    ),
  };
}

function asOperatorError(thrown: unknown): OperatorError {
  if (thrown instanceof OperatorError) return thrown;
  return new OperatorError(`Unexpected failure: ${thrown instanceof Error ? thrown.name : String(thrown)}`, {
    reason: "Unexpected",
    isRetryable: true,
    cause: thrown,
  });
}

/** `fn` over `items`, at most `limit` at a time, results in input order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
