import { describe, expect, it } from "vitest";
import { kindsToWaitFor } from "./start-order.ts";

describe("kindsToWaitFor", () => {
  it.each([
    { why: "a kind with no dependencies starts at once", kind: "KafkaCluster", deps: [], expected: [] },
    {
      why: "a kind waits for the kinds whose changes re-queue it, each once",
      kind: "ClusterLink",
      deps: ["KafkaCluster", "KafkaCluster", "ConnectCluster"],
      expected: ["KafkaCluster", "ConnectCluster"],
    },
    {
      why: "a kind whose objects re-queue each other does not wait for itself (it would never start)",
      kind: "KafkaAcl",
      deps: ["KafkaCluster", "KafkaAcl"],
      expected: ["KafkaCluster"],
    },
  ])("$why", ({ kind, deps, expected }) => {
    expect(kindsToWaitFor(kind, deps)).toEqual(expected);
  });
});
