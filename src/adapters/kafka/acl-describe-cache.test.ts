import { describe, expect, it } from "vitest";
import { bindingKey, parseBindingKey } from "../../access/acl-binding.ts";
import { ObservedAcls } from "../../access/observed-acls.ts";
import { AclDescribeCache } from "./acl-describe-cache.ts";

const topic = (name: string) => parseBindingKey(`allow|Read|topic|literal|${name}|User:alice|*`)!;

/** A describe whose answers the test releases one by one, counting the reads. */
function controlledDescribe(...answers: string[][]) {
  let reads = 0;
  const pending: Array<() => void> = [];
  const describe = () => {
    const names = answers[reads++] ?? [];
    return new Promise<ObservedAcls>((resolve) =>
      pending.push(() => resolve(new ObservedAcls(names.map(topic)))),
    );
  };
  return { describe, reads: () => reads, release: () => pending.shift()?.() };
}

describe("AclDescribeCache", () => {
  it("shares one read between concurrent callers and answers from it while fresh", async () => {
    let now = 0;
    const source = controlledDescribe(["a"], ["a", "b"]);
    const cache = new AclDescribeCache({ describe: source.describe, now: () => now });
    const reads = [cache.read(1_000), cache.read(1_000)];
    source.release();
    const [first, second] = await Promise.all(reads);
    expect(first).toBe(second);
    now = 1_000;
    expect((await cache.read(1_000)).size).toBe(1);
    expect(source.reads()).toBe(1);
    now = 1_001;
    const stale = cache.read(1_000);
    source.release();
    expect((await stale).size).toBe(2);
    expect(source.reads()).toBe(2);
  });

  it("follows the store's own writes without reading again", async () => {
    const source = controlledDescribe(["a"]);
    const cache = new AclDescribeCache({ describe: source.describe, now: () => 0 });
    const read = cache.read(1_000);
    source.release();
    await read;
    cache.applyWrite("created", topic("b"));
    cache.applyWrite("deleted", topic("a"));
    expect(cache.has(bindingKey(topic("b")), 1_000)).toBe(true);
    expect(cache.has(bindingKey(topic("a")), 1_000)).toBe(false);
    expect(source.reads()).toBe(1);
  });

  it("does not vouch for a binding from an answer older than asked", async () => {
    let now = 0;
    const source = controlledDescribe(["a"]);
    const cache = new AclDescribeCache({ describe: source.describe, now: () => now });
    const read = cache.read(0);
    source.release();
    await read;
    now = 2_000;
    expect(cache.has(bindingKey(topic("a")), 1_000)).toBeUndefined();
    expect(cache.has(bindingKey(topic("a")), 5_000)).toBe(true);
  });

  it("applies writes that finished during a read on top of its answer, which may predate them", async () => {
    const source = controlledDescribe(["a"]);
    const cache = new AclDescribeCache({ describe: source.describe, now: () => 0 });
    const read = cache.read(0);
    cache.applyWrite("created", topic("b"));
    cache.applyWrite("deleted", topic("a"));
    source.release();
    const acls = await read;
    expect([...acls.bindings()].map((b) => b.resourceName)).toEqual(["b"]);
  });

  it("after invalidate, reads again, and a read started before does not refill it", async () => {
    const source = controlledDescribe(["old"], ["new"]);
    const cache = new AclDescribeCache({ describe: source.describe, now: () => 0 });
    const before = cache.read(1_000);
    cache.invalidate();
    source.release();
    await before;
    expect(cache.has(bindingKey(topic("old")), 1_000)).toBeUndefined();
    const after = cache.read(1_000);
    source.release();
    expect((await after).has(bindingKey(topic("new")))).toBe(true);
  });

  it("knows nothing after a failed read, and the next caller reads again", async () => {
    let calls = 0;
    const cache = new AclDescribeCache({
      describe: async () => {
        calls++;
        if (calls === 1) throw new Error("unreachable");
        return new ObservedAcls([topic("a")]);
      },
    });
    await expect(cache.read(1_000)).rejects.toThrow("unreachable");
    expect(cache.has(bindingKey(topic("a")), 1_000)).toBeUndefined();
    expect((await cache.read(1_000)).size).toBe(1);
  });
});
