// Micro-batching of one cluster's ACL writes: creations and deletions from many concurrent
// reconciles are queued and sent together when `maxBatchSize` items wait or the oldest has
// waited `maxDelayMs`, one batch in flight at a time. Each caller gets its own bindings'
// results back, in its own order.
//
// A batch never holds a creation and a deletion of the same binding: it ends before the
// first item that contradicts an earlier one, so writes to one binding apply in the order
// they were asked for. The same write asked twice is sent once and answered to both.
import { type AclBinding, bindingKey } from "../../access/acl-binding.ts";
import type { AclWriteResult } from "../../ports/acl-store.ts";

export type WriteKind = "create" | "delete";

export interface WriteBatch {
  readonly creates: AclBinding[];
  readonly deletes: AclBinding[];
}

/** Sends a batch; answers every binding of it by key and must not reject. */
export type SendBatch = (batch: WriteBatch) => Promise<ReadonlyMap<string, AclWriteResult>>;

interface Queued {
  readonly kind: WriteKind;
  readonly key: string;
  readonly binding: AclBinding;
  readonly waiters: Array<{ resolve(result: AclWriteResult): void; reject(error: unknown): void }>;
}

export class AclWriteBatcher {
  readonly #maxBatchSize: number;
  readonly #maxDelayMs: number;
  readonly #send: SendBatch;
  #queue: Queued[] = [];
  // Queued and not yet taken, by kind and key, to answer a repeated write from one send.
  readonly #queuedByKindAndKey = new Map<string, Queued>();
  #timer: NodeJS.Timeout | undefined;
  #isSending = false;

  constructor(options: { maxBatchSize: number; maxDelayMs: number; send: SendBatch }) {
    if (options.maxBatchSize < 1)
      throw new RangeError(`maxBatchSize must be at least 1, got ${options.maxBatchSize}`);
    this.#maxBatchSize = options.maxBatchSize;
    this.#maxDelayMs = options.maxDelayMs;
    this.#send = options.send;
  }

  /** Writes waiting to be sent. */
  get queued(): number {
    return this.#queue.length;
  }

  submit(kind: WriteKind, bindings: readonly AclBinding[]): Promise<AclWriteResult[]> {
    const results = bindings.map(
      (binding) =>
        new Promise<AclWriteResult>((resolve, reject) => {
          const key = bindingKey(binding);
          const dedupeKey = `${kind} ${key}`;
          const queued = this.#queuedByKindAndKey.get(dedupeKey);
          if (queued) {
            queued.waiters.push({ resolve, reject });
            return;
          }
          const entry: Queued = { kind, key, binding, waiters: [{ resolve, reject }] };
          this.#queue.push(entry);
          this.#queuedByKindAndKey.set(dedupeKey, entry);
        }),
    );
    this.#schedule();
    return Promise.all(results);
  }

  #schedule(): void {
    if (this.#isSending || this.#queue.length === 0) return;
    if (this.#queue.length >= this.#maxBatchSize) {
      this.#flush();
    } else {
      this.#timer ??= setTimeout(() => this.#flush(), this.#maxDelayMs);
    }
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const taken = this.#take();
    if (taken.length === 0) return;
    this.#isSending = true;
    const batch: WriteBatch = {
      creates: taken.filter((entry) => entry.kind === "create").map((entry) => entry.binding),
      deletes: taken.filter((entry) => entry.kind === "delete").map((entry) => entry.binding),
    };
    this.#send(batch)
      .then(
        (results) => {
          for (const entry of taken) {
            const result = results.get(entry.key);
            for (const waiter of entry.waiters) {
              if (result) waiter.resolve(result);
              else waiter.reject(new Error(`No result for ${entry.kind} of ACL binding ${entry.key}`));
            }
          }
        },
        (error: unknown) => {
          for (const waiter of taken.flatMap((entry) => entry.waiters)) waiter.reject(error);
        },
      )
      .finally(() => {
        this.#isSending = false;
        // What queued up meanwhile has waited at least one send already: no timer for it.
        if (this.#queue.length > 0) this.#flush();
      });
  }

  /** The longest queue prefix of at most maxBatchSize entries with no create/delete of one key. */
  #take(): Queued[] {
    const kindByKey = new Map<string, WriteKind>();
    let count = 0;
    for (const entry of this.#queue) {
      if (count === this.#maxBatchSize) break;
      const earlier = kindByKey.get(entry.key);
      if (earlier !== undefined && earlier !== entry.kind) break;
      kindByKey.set(entry.key, entry.kind);
      count++;
    }
    const taken = this.#queue.slice(0, count);
    this.#queue = this.#queue.slice(count);
    for (const entry of taken) this.#queuedByKindAndKey.delete(`${entry.kind} ${entry.key}`);
    return taken;
  }
}
