// The AclStore over the Kafka Admin API (kafkajs): per cluster, one describe cache and one
// write batcher. Reads come from the cache (one DescribeAcls per resync period, shared by
// every reconcile); writes are batched across reconciles and answered per binding; the cache
// follows the store's own writes and is dropped when a write's effect is unknown.
//
// It does not own connections: `adminFor` hands it a connected Admin per cluster.
import type { Admin } from "kafkajs";
import { type AclBinding, bindingKey } from "../../access/acl-binding.ts";
import type { ObservedAclsView } from "../../access/observed-acls.ts";
import type { AclCallRecorder, AclStore, AclWriteResult, DescribeOptions } from "../../ports/acl-store.ts";
import { AclDescribeCache } from "./acl-describe-cache.ts";
import { createAcls, deleteAcls, describeAllAcls, type RequestContext } from "./acl-requests.ts";
import { AclWriteBatcher, type WriteBatch } from "./acl-write-batcher.ts";
import { isWholeRequestFailure, translateKafkaError } from "./kafka-error.ts";

export interface KafkaAclStoreOptions {
  /** A connected Admin for a cluster ("namespace/name" of its KafkaCluster). */
  readonly adminFor: (cluster: string) => Promise<Admin>;
  /** How long a describe answers reads; at most one DescribeAcls per cluster per period. */
  readonly resyncPeriodMs: number;
  /** Writes per CreateAcls/DeleteAcls request; Kafka's controller takes up to 10,000 records per request. */
  readonly maxBatchSize?: number;
  /** How long a write waits for others to share its request. */
  readonly maxDelayMs?: number;
  readonly recorder?: AclCallRecorder;
  readonly now?: () => number;
}

interface ClusterState {
  readonly cache: AclDescribeCache;
  readonly batcher: AclWriteBatcher;
}

export class KafkaAclStore implements AclStore {
  readonly #options: KafkaAclStoreOptions;
  readonly #clusters = new Map<string, ClusterState>();

  constructor(options: KafkaAclStoreOptions) {
    this.#options = options;
  }

  describeAll(cluster: string, options: DescribeOptions = {}): Promise<ObservedAclsView> {
    return this.#state(cluster).cache.read(options.maxAgeMs ?? this.#options.resyncPeriodMs);
  }

  async createBindings(cluster: string, bindings: readonly AclBinding[]): Promise<AclWriteResult[]> {
    const { cache, batcher } = this.#state(cluster);
    // What a describe of this resync period (kept current with our writes) shows needs no request.
    const maxAgeMs = this.#options.resyncPeriodMs;
    const toSend = bindings.filter((binding) => cache.has(bindingKey(binding), maxAgeMs) !== true);
    const sent = new Map<string, AclWriteResult>();
    for (const result of await batcher.submit("create", toSend)) sent.set(bindingKey(result.binding), result);
    return bindings.map(
      (binding) => sent.get(bindingKey(binding)) ?? { binding, outcome: "alreadyPresent" as const },
    );
  }

  deleteBindings(cluster: string, bindings: readonly AclBinding[]): Promise<AclWriteResult[]> {
    // Always sent: a cache that says "absent" may have missed an out-of-band re-creation.
    return this.#state(cluster).batcher.submit("delete", bindings);
  }

  invalidate(cluster: string): void {
    this.#clusters.get(cluster)?.cache.invalidate();
  }

  /** Forgets a cluster (its KafkaCluster was deleted or now points elsewhere). Queued writes still complete. */
  forget(cluster: string): void {
    this.#clusters.delete(cluster);
  }

  #state(cluster: string): ClusterState {
    let state = this.#clusters.get(cluster);
    if (!state) {
      const cache = new AclDescribeCache({
        describe: () => this.#describe(cluster),
        ...(this.#options.now ? { now: this.#options.now } : {}),
      });
      const batcher = new AclWriteBatcher({
        maxBatchSize: this.#options.maxBatchSize ?? 500,
        maxDelayMs: this.#options.maxDelayMs ?? 100,
        send: (batch) => this.#sendBatch(cluster, cache, batch),
      });
      state = { cache, batcher };
      this.#clusters.set(cluster, state);
    }
    return state;
  }

  /** A request context for `cluster`; rejects with what `adminFor` threw. */
  async #context(cluster: string): Promise<RequestContext> {
    return { admin: await this.#options.adminFor(cluster), cluster, recorder: this.#options.recorder };
  }

  async #describe(cluster: string) {
    let context: RequestContext;
    try {
      context = await this.#context(cluster);
    } catch (thrown) {
      throw translateKafkaError(thrown, "connect to describe ACLs", cluster).error;
    }
    return describeAllAcls(context);
  }

  async #sendBatch(cluster: string, cache: AclDescribeCache, batch: WriteBatch) {
    const results = new Map<string, AclWriteResult>();
    let context: RequestContext;
    try {
      context = await this.#context(cluster);
    } catch (thrown) {
      const { error, code } = translateKafkaError(thrown, "connect to write ACL bindings", cluster);
      for (const binding of [...batch.creates, ...batch.deletes]) {
        results.set(bindingKey(binding), { binding, outcome: "failed", code, error });
      }
      return results;
    }
    const [created, deleted] = await Promise.all([
      createAcls(context, batch.creates),
      deleteAcls(context, batch.deletes),
    ]);
    let isStateUnknown = false;
    for (const [key, result] of [...created, ...deleted]) {
      results.set(key, result);
      if (result.outcome === "failed") isStateUnknown ||= isWholeRequestFailure(result.error);
      else cache.applyWrite(result.outcome === "created" ? "created" : "deleted", result.binding);
    }
    // A request that failed as a whole (a timeout, a lost connection) may still have applied.
    if (isStateUnknown) cache.invalidate();
    return results;
  }
}
