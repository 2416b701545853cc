import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createRateLimiter } from "./rate-limiter.ts";
import { WorkQueue } from "./work-queue.ts";

const queue = () => new WorkQueue(createRateLimiter({ random: () => 0 }));

describe("WorkQueue", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("hands out a key added twice only once", async () => {
    const q = queue();
    q.add("a");
    q.add("a");
    q.add("b");
    expect([await q.get(), await q.get()]).toEqual(["a", "b"]);
    expect(q.depth).toBe(0);
  });

  it("never hands one key to two workers, and re-queues a key added while it was processed", async () => {
    const q = queue();
    q.add("a");
    const first = await q.get();
    q.add("a");
    expect(q.depth).toBe(0);
    q.done(first!);
    expect(await q.get()).toBe("a");
  });

  it("wakes a waiting worker when a key arrives", async () => {
    const q = queue();
    const waiting = q.get();
    q.add("a");
    expect(await waiting).toBe("a");
  });

  it("adds a delayed key when its time comes, keeping the earliest of two delays", async () => {
    const q = queue();
    q.addAfter("a", 1000);
    q.addAfter("a", 5000);
    vi.advanceTimersByTime(999);
    expect(q.depth).toBe(0);
    vi.advanceTimersByTime(1);
    expect(q.depth).toBe(1);
  });

  it("backs a failing key off exponentially until it is forgotten", () => {
    const q = queue();
    expect([q.addRateLimited("a"), q.addRateLimited("a"), q.addRateLimited("a")]).toEqual([500, 1000, 2000]);
    q.forget("a");
    expect(q.addRateLimited("a")).toBe(500);
  });

  it.each([
    [
      "a change is handed out before routine re-checks queued earlier",
      [
        ["r1", "low"],
        ["r2", "low"],
        ["c", "normal"],
      ],
      ["c", "r1", "r2"],
    ],
    [
      "a re-check of a key already waiting for a change does not hand it out twice",
      [
        ["c", "normal"],
        ["c", "low"],
        ["r", "low"],
      ],
      ["c", "r"],
    ],
    [
      "a key waiting for a re-check moves up when it changes, and is handed out once",
      [
        ["r1", "low"],
        ["c", "low"],
        ["c", "normal"],
      ],
      ["c", "r1"],
    ],
    [
      "keys of one lane keep their order",
      [
        ["a", "low"],
        ["b", "low"],
        ["c", "low"],
      ],
      ["a", "b", "c"],
    ],
  ] as const)("%s", async (_why, adds, expected) => {
    const q = queue();
    for (const [key, priority] of adds) q.add(key, priority);
    expect(q.depth).toBe(expected.length);
    const handedOut = [];
    for (let i = 0; i < expected.length; i++) handedOut.push(await q.get());
    expect(handedOut).toEqual(expected);
    expect(q.depth).toBe(0);
  });

  it("releases waiting workers with undefined on shutdown", async () => {
    const q = queue();
    const waiting = q.get();
    q.shutDown();
    expect(await waiting).toBeUndefined();
  });
});

describe("createRateLimiter", () => {
  it.each([
    { why: "jitter adds up to its fraction of the delay", random: 1, expected: 600 },
    { why: "no jitter when the random draw is zero", random: 0, expected: 500 },
  ])("$why", ({ random, expected }) => {
    expect(createRateLimiter({ random: () => random }).when("k")).toBe(expected);
  });

  it("caps the per-key delay", () => {
    const limiter = createRateLimiter({ random: () => 0, maxDelayMs: 2000 });
    const delays = Array.from({ length: 6 }, () => limiter.when("k"));
    expect(delays.at(-1)).toBe(2000);
  });

  it("spaces retries out once the global burst is spent", () => {
    let now = 0;
    const limiter = createRateLimiter({
      random: () => 0,
      baseDelayMs: 1,
      burst: 2,
      perSecond: 10,
      now: () => now,
    });
    const delays = ["a", "b", "c", "d"].map((k) => limiter.when(k));
    expect(delays).toEqual([1, 1, 100, 200]);
    now = 1000;
    expect(limiter.when("e")).toBe(1);
  });
});
