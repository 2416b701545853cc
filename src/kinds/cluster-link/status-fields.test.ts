import { describe, expect, it } from "vitest";
import { bindingKey, parseBindingKey } from "../../access/acl-binding.ts";
import { recordLedger } from "../../access/ownership-ledger.ts";
import { accessListOf, appliedAccessOf, lastOffsetMigrationOf, observedFields } from "./status-fields.ts";

const read = parseBindingKey("allow|Read|topic|literal|orders|User:link|*")!;
const now = new Date("2030-01-02T03:04:05.678Z");

describe("ClusterLink status fields", () => {
  it("lists access per cluster and principal in words, and no field when there is none", () => {
    expect(accessListOf([])).toBeUndefined();
    expect(accessListOf([{ cluster: "kafka/source", principal: "User:link", bindings: [read] }])).toEqual([
      {
        cluster: "kafka/source",
        principal: "User:link",
        count: 1,
        bindings: ['ALLOW Read on topic "orders" for User:link'],
      },
    ]);
  });

  it("reads what was applied from the ledgers", () => {
    const ledger = {
      ...recordLedger({ cluster: "kafka/d", applied: [read], desired: [read] }),
      principal: "User:link",
    };
    expect(ledger.bindings).toEqual([bindingKey(read)]);
    expect(appliedAccessOf([ledger])).toEqual([
      {
        cluster: "kafka/d",
        principal: "User:link",
        count: 1,
        bindings: ['ALLOW Read on topic "orders" for User:link'],
      },
    ]);
  });

  it("keeps a mirror's lag only when it is known, and its error when it has one", () => {
    const fields = observedFields({
      exists: true,
      isUpToDate: true,
      isPaused: false,
      state: "active",
      differences: [],
      tasks: [{ name: "c", state: "running" }],
      mirrors: [
        { sourceTopic: "a", mirrorTopic: "a", state: "active", lag: 0 },
        { sourceTopic: "b", mirrorTopic: "b", state: "pending" },
        { sourceTopic: "c", mirrorTopic: "c", state: "failed", lag: 0, error: "SOURCE_TOPIC_MAY_BE_DELETED" },
      ],
    });
    expect(fields).toEqual({
      state: "active",
      tasks: [{ name: "c", state: "running" }],
      mirrorCount: 3,
      mirrorTopics: [
        { sourceTopic: "a", mirrorTopic: "a", state: "active", lag: 0 },
        { sourceTopic: "b", mirrorTopic: "b", state: "pending" },
        { sourceTopic: "c", mirrorTopic: "c", state: "failed", lag: 0, error: "SOURCE_TOPIC_MAY_BE_DELETED" },
      ],
    });
  });

  it.each([
    {
      why: "no group holds migrated offsets: no field",
      previous: undefined,
      seen: { groups: 0, isChanged: false },
      expected: undefined,
    },
    {
      why: "offsets seen for the first time are stamped now",
      previous: undefined,
      seen: { groups: 1, isChanged: false },
      expected: { time: "2030-01-02T03:04:05Z", groups: 1 },
    },
    {
      why: "unchanged offsets keep the time they were last seen moving, so an idle link writes no status",
      previous: { time: "2030-01-01T00:00:00Z", groups: 1 },
      seen: { groups: 1, isChanged: false },
      expected: { time: "2030-01-01T00:00:00Z", groups: 1 },
    },
    {
      why: "offsets that moved are stamped now",
      previous: { time: "2030-01-01T00:00:00Z", groups: 1 },
      seen: { groups: 2, isChanged: true },
      expected: { time: "2030-01-02T03:04:05Z", groups: 2 },
    },
  ])("lastOffsetMigration: $why", ({ previous, seen, expected }) => {
    expect(lastOffsetMigrationOf(previous, seen, now)).toEqual(expected);
  });
});
