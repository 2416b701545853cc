import { describe, expect, it } from "vitest";
import { bindingKey, parseBindingKey } from "./acl-binding.ts";
import { DesiredBindingIndex } from "./desired-binding-index.ts";
import {
  bindingsToRelease,
  hashBindingKeys,
  nextAppliedBindings,
  readLedger,
  recordLedger,
} from "./ownership-ledger.ts";

const b = (key: string) => parseBindingKey(key)!;
const topicRead = (name: string) => b(`allow|Read|topic|literal|${name}|User:alice|*`);
const keysOf = (bindings: readonly { resourceName: string }[]) => bindings.map((x) => x.resourceName).sort();

describe("recordLedger / readLedger", () => {
  it("round-trips a small set completely", () => {
    const applied = [topicRead("a"), topicRead("b")];
    const ledger = recordLedger({ cluster: "kafka/prod", applied, desired: applied });
    expect(ledger).toMatchObject({ cluster: "kafka/prod", count: 2, bindings: applied.map(bindingKey) });
    expect(readLedger(ledger, applied)).toEqual({ applied, isComplete: true, unreadableKeys: [] });
  });

  it("lists bindings no longer wanted first, so truncation keeps what the spec cannot name", () => {
    const ledger = recordLedger({
      cluster: "kafka/prod",
      applied: [topicRead("a"), topicRead("b"), topicRead("z-old")],
      desired: [topicRead("a"), topicRead("b")],
      limit: 2,
    });
    expect(ledger.bindings).toEqual([bindingKey(topicRead("z-old")), bindingKey(topicRead("a"))]);
    expect(ledger.count).toBe(3);
  });

  it.each([
    {
      why: "a truncated list plus the unchanged spec reproduces the hash: complete",
      desiredNow: ["a", "b"],
      isPresent: () => true,
      expected: { applied: ["a", "b", "z-old"], isComplete: true },
    },
    {
      why: "the spec changed since: what the list left out cannot be named, incomplete",
      desiredNow: ["a", "c"],
      isPresent: () => true,
      expected: { applied: ["a", "z-old"], isComplete: false },
    },
    {
      why: "a wanted binding was never created: left out by isPresent, still complete",
      desiredNow: ["a", "b", "never-created"],
      isPresent: (key: string) => !key.includes("never-created"),
      expected: { applied: ["a", "b", "z-old"], isComplete: true },
    },
  ])("$why", ({ desiredNow, isPresent, expected }) => {
    const ledger = recordLedger({
      cluster: "kafka/prod",
      applied: [topicRead("a"), topicRead("b"), topicRead("z-old")],
      desired: [topicRead("a"), topicRead("b")],
      limit: 2,
    });
    const reading = readLedger(ledger, desiredNow.map(topicRead), isPresent);
    expect({ applied: keysOf(reading.applied), isComplete: reading.isComplete }).toEqual(expected);
  });

  it("flags a hand-edited list: unreadable entries are reported and the hash no longer matches", () => {
    const ledger = recordLedger({ cluster: "kafka/prod", applied: [topicRead("a")], desired: [] });
    const edited = { ...ledger, bindings: [...ledger.bindings, "not a key"], count: 2 };
    const reading = readLedger(edited, []);
    expect(reading.unreadableKeys).toEqual(["not a key"]);
    expect(reading.isComplete).toBe(false);
    expect(keysOf(reading.applied)).toEqual(["a"]);
  });

  it("reads a missing ledger (a CR never applied) as nothing applied", () => {
    expect(readLedger(undefined, [topicRead("a")])).toEqual({
      applied: [],
      isComplete: true,
      unreadableKeys: [],
    });
  });

  it("hashes a set, not a list: order and duplicates do not matter", () => {
    expect(hashBindingKeys(["b", "a", "a"])).toBe(hashBindingKeys(["a", "b"]));
  });
});

describe("bindingsToRelease", () => {
  const index = new DesiredBindingIndex();
  index.replaceOwner("ns/mine", [topicRead("kept")]);
  index.replaceOwner("ns/other", [topicRead("shared")]);
  index.markComplete();

  it.each([
    ["kept: still in this CR's spec", "kept", [] as string[]],
    ["kept: another live CR wants the same binding", "shared", []],
    ["released: dropped from the spec and nobody else wants it", "dropped", ["dropped"]],
  ])("%s", (_why, name, expected) => {
    const released = bindingsToRelease({
      ownerKey: "ns/mine",
      applied: [topicRead(name)],
      desired: [topicRead("kept")],
      index,
    });
    expect(keysOf(released)).toEqual(expected);
  });

  it("releases nothing already gone from the cluster", () => {
    const released = bindingsToRelease({
      ownerKey: "ns/mine",
      applied: [topicRead("dropped")],
      desired: [],
      index,
      isPresent: () => false,
    });
    expect(released).toEqual([]);
  });

  it("releases nothing while the index is still being filled after a start", () => {
    const filling = new DesiredBindingIndex();
    expect(
      bindingsToRelease({ ownerKey: "ns/mine", applied: [topicRead("x")], desired: [], index: filling }),
    ).toEqual([]);
  });
});

describe("nextAppliedBindings", () => {
  it("holds what is wanted and present, plus what it held and could not delete yet", () => {
    const present = new Set(["a", "old-still-there"].map((name) => bindingKey(topicRead(name))));
    const held = nextAppliedBindings({
      desired: [topicRead("a"), topicRead("create-failed")],
      previouslyApplied: [topicRead("old-still-there"), topicRead("old-deleted")],
      isPresent: (key) => present.has(key),
    });
    expect(keysOf(held)).toEqual(["a", "old-still-there"]);
  });
});
