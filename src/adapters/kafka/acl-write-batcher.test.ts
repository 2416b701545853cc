import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type AclBinding, bindingKey, parseBindingKey } from "../../access/acl-binding.ts";
import type { AclWriteResult } from "../../ports/acl-store.ts";
import { AclWriteBatcher, type WriteBatch } from "./acl-write-batcher.ts";

const topic = (name: string) => parseBindingKey(`allow|Read|topic|literal|${name}|User:alice|*`)!;

/** A send that records batches and answers every binding with its kind's success. */
function recordingSend() {
  const batches: WriteBatch[] = [];
  const send = async (batch: WriteBatch) => {
    batches.push(batch);
    const results = new Map<string, AclWriteResult>();
    for (const binding of batch.creates) results.set(bindingKey(binding), { binding, outcome: "created" });
    for (const binding of batch.deletes) results.set(bindingKey(binding), { binding, outcome: "deleted" });
    return results;
  };
  const names = (bindings: AclBinding[]) => bindings.map((b) => b.resourceName);
  const summary = () => batches.map((b) => ({ creates: names(b.creates), deletes: names(b.deletes) }));
  return { send, batches, summary };
}

describe("AclWriteBatcher", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("waits maxDelayMs for company, then sends everything queued in one request", async () => {
    const { send, summary } = recordingSend();
    const batcher = new AclWriteBatcher({ maxBatchSize: 100, maxDelayMs: 20, send });
    const first = batcher.submit("create", [topic("a")]);
    const second = batcher.submit("create", [topic("b"), topic("c")]);
    await vi.advanceTimersByTimeAsync(19);
    expect(summary()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(summary()).toEqual([{ creates: ["a", "b", "c"], deletes: [] }]);
    expect((await first).map((r) => r.outcome)).toEqual(["created"]);
    expect((await second).map((r) => r.binding.resourceName)).toEqual(["b", "c"]);
  });

  it("sends at once when maxBatchSize writes wait, and the rest right after", async () => {
    const { send, summary } = recordingSend();
    const batcher = new AclWriteBatcher({ maxBatchSize: 2, maxDelayMs: 1_000, send });
    const results = batcher.submit("create", ["a", "b", "c"].map(topic));
    await vi.advanceTimersByTimeAsync(0);
    expect(summary()).toEqual([
      { creates: ["a", "b"], deletes: [] },
      { creates: ["c"], deletes: [] },
    ]);
    expect((await results).length).toBe(3);
  });

  it("keeps one request in flight; what queues meanwhile goes in the next one", async () => {
    let release: () => void = () => {};
    const { send: answer, summary } = recordingSend();
    const send = async (batch: WriteBatch) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return answer(batch);
    };
    const batcher = new AclWriteBatcher({ maxBatchSize: 10, maxDelayMs: 5, send });
    const first = batcher.submit("create", [topic("a")]);
    await vi.advanceTimersByTimeAsync(5);
    const later = ["b", "c", "d"].map((name) => batcher.submit("create", [topic(name)]));
    await vi.advanceTimersByTimeAsync(50);
    expect(batcher.queued).toBe(3);
    release();
    await first;
    await vi.advanceTimersByTimeAsync(0);
    release();
    await Promise.all(later);
    expect(summary()).toEqual([
      { creates: ["a"], deletes: [] },
      { creates: ["b", "c", "d"], deletes: [] },
    ]);
  });

  it("never puts a create and a delete of one binding in one request, keeping their order", async () => {
    const { send, summary } = recordingSend();
    const batcher = new AclWriteBatcher({ maxBatchSize: 100, maxDelayMs: 1, send });
    const writes = [
      batcher.submit("create", [topic("x"), topic("a")]),
      batcher.submit("delete", [topic("b"), topic("x")]),
      batcher.submit("create", [topic("c")]),
    ];
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all(writes);
    expect(summary()).toEqual([
      { creates: ["x", "a"], deletes: ["b"] },
      { creates: ["c"], deletes: ["x"] },
    ]);
  });

  it("sends a write two callers asked for once and answers both", async () => {
    const { send, batches } = recordingSend();
    const batcher = new AclWriteBatcher({ maxBatchSize: 100, maxDelayMs: 1, send });
    const [one, two] = [batcher.submit("create", [topic("a")]), batcher.submit("create", [topic("a")])];
    await vi.advanceTimersByTimeAsync(1);
    expect((await one)[0]?.outcome).toBe("created");
    expect((await two)[0]?.outcome).toBe("created");
    expect(batches[0]?.creates.length).toBe(1);
  });

  it("routes each binding's own result to its caller when some fail", async () => {
    const send = async (batch: WriteBatch) =>
      new Map<string, AclWriteResult>(
        batch.creates.map((binding) => [
          bindingKey(binding),
          binding.resourceName === "bad"
            ? ({ binding, outcome: "failed", code: "INVALID_REQUEST", error: new Error("x") } as never)
            : { binding, outcome: "created" },
        ]),
      );
    const batcher = new AclWriteBatcher({ maxBatchSize: 100, maxDelayMs: 1, send });
    const mine = batcher.submit("create", [topic("good"), topic("bad")]);
    const theirs = batcher.submit("create", [topic("other")]);
    await vi.advanceTimersByTimeAsync(1);
    expect((await mine).map((r) => r.outcome)).toEqual(["created", "failed"]);
    expect((await theirs).map((r) => r.outcome)).toEqual(["created"]);
  });

  it("answers an empty submit at once, without a request", async () => {
    const { send, batches } = recordingSend();
    const batcher = new AclWriteBatcher({ maxBatchSize: 100, maxDelayMs: 1, send });
    expect(await batcher.submit("create", [])).toEqual([]);
    await vi.advanceTimersByTimeAsync(10);
    expect(batches).toEqual([]);
  });
});
