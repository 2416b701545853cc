import { describe, expect, it } from "vitest";
import { describeBinding } from "../../access/acl-binding.ts";
import type { ConnectorAccess } from "./connector-access.ts";
import { requiredBindings } from "./required-bindings.ts";

const sink = (fields: Partial<ConnectorAccess> = {}): ConnectorAccess => ({
  role: "sink",
  topics: [{ name: "orders", patternType: "literal" }],
  topicsFrom: "connectorTopics",
  consumerGroup: "connect-orders-sink",
  topicCreation: false,
  exactlyOnce: false,
  ...fields,
});
const source = (fields: Partial<ConnectorAccess> = {}): ConnectorAccess => ({
  role: "source",
  topics: [{ name: "lines", patternType: "literal" }],
  topicsFrom: "spec",
  topicCreation: false,
  exactlyOnce: false,
  ...fields,
});

describe("requiredBindings", () => {
  it.each([
    {
      why: "a sink reads and describes its topics and reads its group",
      access: sink(),
      bindings: [
        'ALLOW Read on topic "orders" for User:orders-sink',
        'ALLOW Describe on topic "orders" for User:orders-sink',
        'ALLOW Read on group "connect-orders-sink" for User:orders-sink',
      ],
    },
    {
      why: "a sink with prefixed topics reads by prefix",
      access: sink({ topics: [{ name: "team-a.", patternType: "prefixed" }] }),
      bindings: [
        'ALLOW Read on topics prefixed "team-a." for User:orders-sink',
        'ALLOW Describe on topics prefixed "team-a." for User:orders-sink',
        'ALLOW Read on group "connect-orders-sink" for User:orders-sink',
      ],
    },
    {
      why: "a sink with a dead letter queue and a reporter also writes those topics, and creates the reporter's",
      access: sink({
        deadLetterQueueTopic: "orders-dlq",
        reporter: { resultTopic: "orders-ok", errorTopic: "orders-failed", createTopics: true },
      }),
      bindings: [
        'ALLOW Read on topic "orders" for User:orders-sink',
        'ALLOW Describe on topic "orders" for User:orders-sink',
        'ALLOW Read on group "connect-orders-sink" for User:orders-sink',
        'ALLOW Write on topic "orders-dlq" for User:orders-sink',
        'ALLOW Write on topic "orders-ok" for User:orders-sink',
        'ALLOW Write on topic "orders-failed" for User:orders-sink',
        'ALLOW Create on topic "orders-ok" for User:orders-sink',
        'ALLOW Create on topic "orders-failed" for User:orders-sink',
      ],
    },
    {
      why: "a source writes and describes its topics",
      access: source(),
      bindings: [
        'ALLOW Write on topic "lines" for User:orders-sink',
        'ALLOW Describe on topic "lines" for User:orders-sink',
      ],
    },
    {
      why: "a source with topic creation creates its topics",
      access: source({ topicCreation: true }),
      bindings: [
        'ALLOW Write on topic "lines" for User:orders-sink',
        'ALLOW Describe on topic "lines" for User:orders-sink',
        'ALLOW Create on topic "lines" for User:orders-sink',
      ],
    },
    {
      why: "an exactly-once source writes idempotently, with its transactional ids, to its offsets topic",
      access: source({
        exactlyOnce: true,
        transactionalIdPrefix: "connect-cluster-lines-",
        offsetsTopic: "connect-offsets",
      }),
      bindings: [
        'ALLOW Write on topic "lines" for User:orders-sink',
        'ALLOW Describe on topic "lines" for User:orders-sink',
        "ALLOW IdempotentWrite on the cluster for User:orders-sink",
        'ALLOW Write on transactional ids prefixed "connect-cluster-lines-" for User:orders-sink',
        'ALLOW Describe on transactional ids prefixed "connect-cluster-lines-" for User:orders-sink',
        'ALLOW Write on topic "connect-offsets" for User:orders-sink',
        'ALLOW Read on topic "connect-offsets" for User:orders-sink',
        'ALLOW Describe on topic "connect-offsets" for User:orders-sink',
      ],
    },
  ])("$why", ({ access, bindings }) => {
    expect(requiredBindings(access, "orders-sink", "User:orders-sink").map(describeBinding)).toEqual(
      bindings,
    );
  });
});
