// The reconcile loop of one kind. A reconciler gets a key, never an event, reads the current
// state itself and returns "done" or "again after T", or throws. This file alone decides a
// key's fate: success forgets its backoff; an error is retried with backoff unless it says it
// is not retryable (then it is counted and left until the object or a dependency changes);
// a 409 Conflict (the cache was behind a write) is retried the same way, quietly; every key is
// re-queued each resync period, so drift is found even without events. A resync
// round counts as completed once each of its keys was reconciled after the round began: tests
// and dashboards wait on that instead of on the clock.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { OperatorMetrics } from "../observability/metrics.ts";
import { createRateLimiter, type RateLimiter } from "./rate-limiter.ts";
import { type Priority, WorkQueue } from "./work-queue.ts";

export interface ReconcileContext {
  readonly logger: Logger;
  readonly reconcileId: string;
}

export interface ReconcileResult {
  /** Reconcile again after this long even if nothing changes (polling external state). */
  requeueAfterMs?: number;
}

export type Reconcile = (key: string, context: ReconcileContext) => Promise<ReconcileResult | undefined>;

export interface ControllerOptions {
  kind: string;
  reconcile: Reconcile;
  /** Keys of every object to re-queue at each resync. */
  listKeys(): string[];
  workers: number;
  resyncPeriodMs: number;
  logger: Logger;
  metrics: OperatorMetrics;
  rateLimiter?: RateLimiter;
}

export class Controller {
  readonly #o: ControllerOptions;
  readonly #queue: WorkQueue;
  #workers: Promise<void>[] = [];
  #resyncTimer: ReturnType<typeof setInterval> | undefined;
  #isStopped = false;
  /** Resync rounds begun so far; a reconcile counts for the rounds begun before it started. */
  #roundsBegun = 0;
  /** Rounds not completed yet, oldest first, with the keys still to reconcile in each. */
  readonly #openRounds: { number: number; keys: Set<string> }[] = [];
  /** Keys listed at start not reconciled yet; `startedUp` resolves once it is empty. */
  #startKeys = new Set<string>();
  #markStartedUp: () => void = () => undefined;
  /** Resolves once every object listed at start has been reconciled once. */
  readonly startedUp = new Promise<void>((resolve) => {
    this.#markStartedUp = resolve;
  });

  constructor(options: ControllerOptions) {
    this.#o = options;
    this.#queue = new WorkQueue(options.rateLimiter ?? createRateLimiter());
  }

  /** Queues a key; `low` for keys queued in bulk, which wait behind changes (see WorkQueue). */
  enqueue(key: string, priority: Priority = "normal"): void {
    this.#queue.add(key, priority);
    this.#o.metrics.queueDepth.set({ kind: this.#o.kind }, this.#queue.depth);
  }

  start(): void {
    if (this.#isStopped) return;
    this.#startKeys = new Set(this.#o.listKeys());
    if (this.#startKeys.size === 0) this.#markStartedUp();
    for (const key of this.#startKeys) this.enqueue(key, "low");
    this.#workers = Array.from({ length: this.#o.workers }, () => this.#work());
    this.#resyncTimer = setInterval(() => this.#resync(), this.#o.resyncPeriodMs);
    this.#resyncTimer.unref?.();
  }

  /** Stops handing out keys and waits up to `drainMs` for reconciles in flight. */
  async stop(drainMs = 10_000): Promise<void> {
    this.#isStopped = true;
    clearInterval(this.#resyncTimer);
    this.#queue.shutDown();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(this.#workers),
      new Promise((resolve) => {
        timer = setTimeout(resolve, drainMs);
      }),
    ]);
    clearTimeout(timer);
  }

  #resync(): void {
    const keys = this.#o.listKeys();
    this.#roundsBegun += 1;
    this.#openRounds.push({ number: this.#roundsBegun, keys: new Set(keys) });
    this.#completeRounds();
    for (const key of keys) this.enqueue(key, "low");
  }

  /** Crosses `key` off the rounds begun before its reconcile started; counts the completed ones. */
  #reconciled(key: string, roundsBegunAtStart: number): void {
    if (this.#startKeys.delete(key) && this.#startKeys.size === 0) this.#markStartedUp();
    for (const round of this.#openRounds) {
      if (round.number > roundsBegunAtStart) break;
      round.keys.delete(key);
    }
    this.#completeRounds();
  }

  #completeRounds(): void {
    while (this.#openRounds[0]?.keys.size === 0) {
      this.#openRounds.shift();
      this.#o.metrics.resyncs.inc({ kind: this.#o.kind });
    }
  }

  async #work(): Promise<void> {
    for (;;) {
      const key = await this.#queue.get();
      if (key === undefined) return;
      const roundsBegunAtStart = this.#roundsBegun;
      this.#o.metrics.queueDepth.set({ kind: this.#o.kind }, this.#queue.depth);
      try {
        await this.#reconcileOne(key);
      } finally {
        this.#queue.done(key);
        this.#reconciled(key, roundsBegunAtStart);
      }
    }
  }

  async #reconcileOne(key: string): Promise<void> {
    const { kind, metrics } = this.#o;
    const reconcileId = randomUUID();
    const slash = key.indexOf("/");
    const logger = this.#o.logger.child({
      kind,
      namespace: key.slice(0, slash),
      name: key.slice(slash + 1),
      reconcileId,
    });
    const endTimer = metrics.reconcileSeconds.startTimer({ kind });
    logger.debug("reconciling");
    try {
      const result = await this.#o.reconcile(key, { logger, reconcileId });
      this.#queue.forget(key);
      if (result?.requeueAfterMs !== undefined) {
        this.#queue.addAfter(key, result.requeueAfterMs);
        metrics.reconciles.inc({ kind, result: "requeue" });
      } else {
        metrics.reconciles.inc({ kind, result: "success" });
      }
    } catch (err) {
      if ((err as { code?: number }).code === 409) {
        // The object changed since the cache showed it (the watch has not caught up with a
        // write): reconcile again once it has, without calling it a failure.
        this.#queue.addRateLimited(key);
        metrics.reconciles.inc({ kind, result: "conflict" });
        logger.debug({ err }, "the object changed meanwhile; reconciling again");
      } else if ((err as { isRetryable?: boolean }).isRetryable === false) {
        metrics.reconciles.inc({ kind, result: "terminal" });
        this.#queue.forget(key);
        logger.error({ err }, "reconcile failed; not retrying until the object or a dependency changes");
      } else {
        const retryInMs = this.#queue.addRateLimited(key);
        metrics.reconciles.inc({ kind, result: "error" });
        logger.warn({ err, retryInMs }, "reconcile failed; retrying");
      }
    } finally {
      endTimer();
    }
  }
}
