import { describe, expect, it } from "vitest";
import { mergeOverrides, removeOverrides } from "./config-merge.ts";

const userConfig = {
  name: "orders-sink",
  "connector.class": "FileStreamSink",
  topics: "orders",
  file: "/data/orders.txt",
  "consumer.override.max.poll.records": "50",
};
const ours = {
  "consumer.override.security.protocol": "SASL_PLAINTEXT",
  "consumer.override.sasl.mechanism": "SCRAM-SHA-512",
  "consumer.override.sasl.jaas.config": "…${secrets:team-a/s:password}…",
};

describe("mergeOverrides", () => {
  it.each([
    {
      why: "sets our keys beside the user's, touching none of theirs",
      current: userConfig,
      overrides: ours,
      previouslyOwned: [],
      expected: {
        outcome: "updated",
        config: { ...userConfig, ...ours },
        setKeys: Object.keys(ours),
        removedKeys: [],
      },
    },
    {
      why: "is unchanged when the config already holds our keys (no PUT)",
      current: { ...userConfig, ...ours },
      overrides: ours,
      previouslyOwned: Object.keys(ours),
      expected: { outcome: "unchanged" },
    },
    {
      why: "puts back a key of ours edited out of band",
      current: { ...userConfig, ...ours, "consumer.override.sasl.mechanism": "PLAIN" },
      overrides: ours,
      previouslyOwned: Object.keys(ours),
      expected: { outcome: "updated", setKeys: ["consumer.override.sasl.mechanism"], removedKeys: [] },
    },
    {
      why: "removes a key it set before and no longer wants (the dead letter queue went away)",
      current: { ...userConfig, ...ours, "producer.override.sasl.mechanism": "SCRAM-SHA-512" },
      overrides: ours,
      previouslyOwned: [...Object.keys(ours), "producer.override.sasl.mechanism"],
      expected: {
        outcome: "updated",
        config: { ...userConfig, ...ours },
        setKeys: [],
        removedKeys: ["producer.override.sasl.mechanism"],
      },
    },
    {
      why: "never removes a user's key that an edited status claims",
      current: { ...userConfig, ...ours },
      overrides: ours,
      previouslyOwned: [...Object.keys(ours), "topics", "file"],
      expected: { outcome: "unchanged" },
    },
  ])("$why", ({ current, overrides, previouslyOwned, expected }) => {
    expect(mergeOverrides({ current, overrides, previouslyOwned })).toMatchObject(expected);
  });

  it("keeps the connector's own keys when a user's value sat under one of ours", () => {
    const change = mergeOverrides({
      current: { ...userConfig, "consumer.override.security.protocol": "SSL" },
      overrides: ours,
      previouslyOwned: [],
    });
    expect(change.outcome === "updated" && change.config).toEqual({ ...userConfig, ...ours });
  });
});

describe("removeOverrides", () => {
  it.each([
    {
      why: "takes out exactly our keys, leaving the user's override",
      current: { ...userConfig, ...ours },
      owned: Object.keys(ours),
      expected: { outcome: "updated", config: userConfig, removedKeys: Object.keys(ours) },
    },
    {
      why: "is unchanged when our keys are already gone",
      current: userConfig,
      owned: Object.keys(ours),
      expected: { outcome: "unchanged" },
    },
    {
      why: "never removes a user's key that an edited status claims",
      current: { ...userConfig, ...ours },
      owned: [...Object.keys(ours), "topics"],
      expected: { outcome: "updated", config: userConfig, removedKeys: Object.keys(ours) },
    },
  ])("$why", ({ current, owned, expected }) => {
    expect(removeOverrides({ current, owned })).toMatchObject(expected);
  });
});
