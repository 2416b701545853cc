import { describe, expect, it } from "vitest";
import { clusterLinkSpecSchema } from "./schema.ts";
import { missingSourceTopics, missingSourceTopicsMessage } from "./source-topics.ts";

const mirrors = (topics: { name: string; state?: string }[], include: { name: string }[] = []) =>
  clusterLinkSpecSchema.shape.mirrors.parse({ topics, include });

describe("missingSourceTopics", () => {
  it.each([
    { why: "every named topic exists", topics: [{ name: "orders" }], expected: [] },
    {
      why: "an active or paused mirror of an absent topic is missing, in spec order",
      topics: [{ name: "zeta", state: "paused" }, { name: "orders" }, { name: "alpha" }],
      expected: ["zeta", "alpha"],
    },
    {
      why: "promoted and failed-over mirrors no longer read their source",
      topics: [
        { name: "old", state: "promoted" },
        { name: "gone", state: "failedOver" },
      ],
      expected: [],
    },
    {
      why: "include patterns mean present and future topics and are not checked",
      topics: [],
      include: [{ name: "later" }],
      expected: [],
    },
  ])("$why", ({ topics, include, expected }) => {
    expect(missingSourceTopics(mirrors(topics, include), new Set(["orders", "payments"]))).toEqual(expected);
  });

  it("names the cluster and the topics, singular or plural", () => {
    expect(missingSourceTopicsMessage("ns/source", ["orderz"])).toBe(
      'The source KafkaCluster "ns/source" has no topic orderz: create it there or fix mirrors.topics; nothing was applied',
    );
    expect(missingSourceTopicsMessage("ns/source", ["a", "b"])).toContain("has no topics a; b:");
  });
});
