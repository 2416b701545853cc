import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMetrics } from "../observability/metrics.ts";
import { Controller, type Reconcile } from "./controller.ts";
import { createRateLimiter } from "./rate-limiter.ts";

const logger = pino({ level: "silent" });

function controllerWith(reconcile: Reconcile, keys: string[] = []) {
  const metrics = createMetrics();
  const controller = new Controller({
    kind: "Thing",
    reconcile,
    listKeys: () => keys,
    workers: 1,
    resyncPeriodMs: 60_000,
    logger,
    metrics,
    rateLimiter: createRateLimiter({ random: () => 0, baseDelayMs: 100 }),
  });
  const result = async (name: string) =>
    (await metrics.reconciles.get()).values.find((v) => v.labels.result === name)?.value ?? 0;
  const resyncs = async () => (await metrics.resyncs.get()).values[0]?.value ?? 0;
  return { controller, result, resyncs };
}

/** A reconcile that waits, per key, until the test lets it finish. */
function heldReconciles() {
  const started: string[] = [];
  const releases = new Map<string, () => void>();
  const reconcile: Reconcile = (key) => {
    started.push(key);
    return new Promise((resolve) => releases.set(key, () => resolve(undefined)));
  };
  const release = (key: string) => {
    releases.get(key)?.();
    releases.delete(key);
  };
  return { reconcile, started, release };
}

describe("Controller", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("retries a failing key with backoff until it succeeds", async () => {
    let calls = 0;
    const { controller, result } = controllerWith(async () => {
      calls += 1;
      if (calls < 3) throw new Error("cluster down");
      return undefined;
    });
    controller.start();
    controller.enqueue("ns/a");
    await vi.advanceTimersByTimeAsync(99);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1 + 200);
    expect(calls).toBe(3);
    expect([await result("error"), await result("success")]).toEqual([2, 1]);
    await controller.stop();
  });

  it("reconciles again after a 409 Conflict, counted as a conflict rather than an error", async () => {
    let calls = 0;
    const { controller, result } = controllerWith(async () => {
      calls += 1;
      if (calls === 1) throw Object.assign(new Error("the object has been modified"), { code: 409 });
      return undefined;
    });
    controller.start();
    controller.enqueue("ns/a");
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(2);
    expect([await result("conflict"), await result("error"), await result("success")]).toEqual([1, 0, 1]);
    await controller.stop();
  });

  it("says it has started up once every object listed at start was reconciled once", async () => {
    const held = heldReconciles();
    const { controller } = controllerWith(held.reconcile, ["ns/a", "ns/b"]);
    let isStartedUp = false;
    void controller.startedUp.then(() => {
      isStartedUp = true;
    });
    controller.start();
    await vi.advanceTimersByTimeAsync(0);
    held.release("ns/a");
    await vi.advanceTimersByTimeAsync(0);
    expect(isStartedUp).toBe(false);
    held.release("ns/b");
    await vi.advanceTimersByTimeAsync(0);
    expect(isStartedUp).toBe(true);
    await controller.stop();
  });

  it("does not retry an error that says it is not retryable", async () => {
    let calls = 0;
    const { controller, result } = controllerWith(async () => {
      calls += 1;
      throw Object.assign(new Error("bad spec"), { isRetryable: false });
    });
    controller.start();
    controller.enqueue("ns/a");
    await vi.advanceTimersByTimeAsync(60_000 - 1);
    expect(calls).toBe(1);
    expect(await result("terminal")).toBe(1);
    await controller.stop();
  });

  it("reconciles again after the delay a reconciler asks for", async () => {
    let calls = 0;
    const { controller } = controllerWith(async () => {
      calls += 1;
      return { requeueAfterMs: 5_000 };
    });
    controller.start();
    controller.enqueue("ns/a");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toBe(2);
    await controller.stop();
  });

  it("counts a resync round once every key was reconciled after the round began", async () => {
    const held = heldReconciles();
    const { controller, resyncs } = controllerWith(held.reconcile, ["ns/a", "ns/b"]);
    controller.start();
    await vi.advanceTimersByTimeAsync(0);
    held.release("ns/a");
    await vi.advanceTimersByTimeAsync(0);
    held.release("ns/b");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(held.started).toEqual(["ns/a", "ns/b", "ns/a"]);
    held.release("ns/a");
    await vi.advanceTimersByTimeAsync(0);
    expect(held.started).toEqual(["ns/a", "ns/b", "ns/a", "ns/b"]);
    expect(await resyncs()).toBe(0); // ns/b is still to be reconciled in this round
    held.release("ns/b");
    await vi.advanceTimersByTimeAsync(0);
    expect(await resyncs()).toBe(1);
    await controller.stop();
  });

  it("does not count a reconcile that started before the round for it", async () => {
    const held = heldReconciles();
    const { controller, resyncs } = controllerWith(held.reconcile, ["ns/a"]);
    controller.start();
    await vi.advanceTimersByTimeAsync(60_000); // the round begins while ns/a's first reconcile runs
    held.release("ns/a");
    await vi.advanceTimersByTimeAsync(0);
    expect(await resyncs()).toBe(0);
    expect(held.started).toEqual(["ns/a", "ns/a"]); // queued again by the round
    held.release("ns/a");
    await vi.advanceTimersByTimeAsync(0);
    expect(await resyncs()).toBe(1);
    await controller.stop();
  });
});
