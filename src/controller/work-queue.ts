// A queue of keys to reconcile, with the guarantees a level-triggered controller needs: a key is
// queued at most once, never handed to two workers at once, and a key added while it is being
// processed is handed out again once the worker is done. Delayed and rate-limited adds for
// retries. Holds keys only, never objects: workers read the current state from the cache.
//
// Two lanes, as controller-runtime's priority queue has: keys added in bulk (every key at start
// and at each resync, every dependent of a changed object) wait in the low lane, so a change a
// user just made is handed out before thousands of routine re-checks. A key in both lanes is
// handed out once, from the normal lane.
import type { RateLimiter } from "./rate-limiter.ts";

/** `low` for keys added in bulk; `normal` for a change to the object itself, and retries. */
export type Priority = "normal" | "low";

export class WorkQueue {
  readonly #lanes: Record<Priority, string[]> = { normal: [], low: [] };
  /** Keys waiting, and the lane they are handed out from. */
  readonly #queued = new Map<string, Priority>();
  readonly #processing = new Set<string>();
  readonly #dirty = new Set<string>();
  readonly #timers = new Map<string, { at: number; timer: ReturnType<typeof setTimeout> }>();
  readonly #waiters: Array<(key: string | undefined) => void> = [];
  readonly #rateLimiter: RateLimiter;
  #isShutDown = false;

  constructor(rateLimiter: RateLimiter) {
    this.#rateLimiter = rateLimiter;
  }

  /** Keys waiting to be handed out (not counting delayed or in-flight ones). */
  get depth(): number {
    return this.#queued.size;
  }

  add(key: string, priority: Priority = "normal"): void {
    if (this.#isShutDown) return;
    if (this.#processing.has(key)) {
      this.#dirty.add(key);
      return;
    }
    const queuedIn = this.#queued.get(key);
    if (queuedIn === "normal" || queuedIn === priority) return;
    const waiter = this.#waiters.shift();
    if (waiter) {
      this.#processing.add(key);
      waiter(key);
      return;
    }
    // A key moving up leaves a stale entry in the low lane; `get` skips it.
    this.#queued.set(key, priority);
    this.#lanes[priority].push(key);
  }

  /** Adds the key after `delayMs`; an earlier pending delayed add of the same key wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.#isShutDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = Date.now() + delayMs;
    const pending = this.#timers.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref?.();
    this.#timers.set(key, { at, timer });
  }

  /** Adds the key after its backoff; returns the delay chosen. */
  addRateLimited(key: string): number {
    const delay = this.#rateLimiter.when(key);
    this.addAfter(key, delay);
    return delay;
  }

  /** Resets the key's backoff after a success. */
  forget(key: string): void {
    this.#rateLimiter.forget(key);
  }

  /** Next key to process; undefined once the queue is shut down. */
  get(): Promise<string | undefined> {
    const key = this.#take("normal") ?? this.#take("low");
    if (key !== undefined) {
      this.#queued.delete(key);
      this.#processing.add(key);
      return Promise.resolve(key);
    }
    if (this.#isShutDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Marks the key processed; re-queues it if it was added meanwhile. */
  done(key: string): void {
    this.#processing.delete(key);
    if (this.#dirty.delete(key)) this.add(key);
  }

  /** The first key of the lane that is still waiting there. */
  #take(lane: Priority): string | undefined {
    const keys = this.#lanes[lane];
    for (let key = keys.shift(); key !== undefined; key = keys.shift()) {
      if (this.#queued.get(key) === lane) return key;
    }
    return undefined;
  }

  shutDown(): void {
    this.#isShutDown = true;
    for (const { timer } of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
  }
}
