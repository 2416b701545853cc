import { describe, expect, it } from "vitest";
import { ordersSinkSpec as spec } from "../../../test/fixtures/orders-sink-principal.ts";
import { resolveConnectorAccess } from "./connector-access.ts";

const workers = { groupId: "connect-cluster", offsetTopic: "connect-offsets" };
/** Table rows leave out keys other rows have; a config is whatever keys a row gives. */
const resolve = (role: "source" | "sink", fields: object, config: Record<string, string | undefined>) =>
  resolveConnectorAccess({ spec: spec(fields), role, config: config as Record<string, string>, workers });

describe("resolveConnectorAccess", () => {
  it.each([
    {
      why: "a sink's topics come from its topics list, trimmed and once each, in group connect-<name>",
      role: "sink" as const,
      fields: {},
      config: { topics: "orders, payments,orders," },
      access: {
        topics: [
          { name: "orders", patternType: "literal" },
          { name: "payments", patternType: "literal" },
        ],
        topicsFrom: "connectorTopics",
        consumerGroup: "connect-orders-sink",
      },
    },
    {
      why: "a sink's topics.regex becomes prefixed topics",
      role: "sink" as const,
      fields: {},
      config: { "topics.regex": "team-a\\..*" },
      access: { topics: [{ name: "team-a.", patternType: "prefixed" }], topicsFrom: "connectorTopicsRegex" },
    },
    {
      why: "the spec's topics win over the connector's (a wider prefix on purpose)",
      role: "sink" as const,
      fields: { topics: [{ name: "team-a.", patternType: "prefixed" }] },
      config: { topics: "team-a.orders" },
      access: { topics: [{ name: "team-a.", patternType: "prefixed" }], topicsFrom: "spec" },
    },
    {
      why: "a sink's group is its consumer.override.group.id when set",
      role: "sink" as const,
      fields: { consumerGroup: "billing" },
      config: { topics: "orders", "consumer.override.group.id": "billing" },
      access: { consumerGroup: "billing" },
    },
    {
      why: "a sink's dead letter queue comes from its config",
      role: "sink" as const,
      fields: {},
      config: { topics: "orders", "errors.deadletterqueue.topic.name": "orders-dlq" },
      access: { deadLetterQueueTopic: "orders-dlq" },
    },
    {
      why: "a blank dead letter queue name is Connect's default: none",
      role: "sink" as const,
      fields: {},
      config: { topics: "orders", "errors.deadletterqueue.topic.name": " " },
      access: { deadLetterQueueTopic: undefined },
    },
    {
      why: "a source creates topics when its config has topic.creation.* keys, as Connect decides",
      role: "source" as const,
      fields: { topics: [{ name: "lines" }] },
      config: { "topic.creation.default.replication.factor": "1" },
      access: { topicCreation: true, exactlyOnce: false, transactionalIdPrefix: undefined },
    },
    {
      why: "the spec can turn topic creation off although the config has the keys",
      role: "source" as const,
      fields: { topics: [{ name: "lines" }], topicCreation: false },
      config: { "topic.creation.default.replication.factor": "1" },
      access: { topicCreation: false },
    },
    {
      why: "exactly.once.support=required means transactional ids <group.id>-<name>- and the workers' offsets topic",
      role: "source" as const,
      fields: { topics: [{ name: "lines" }] },
      config: { "exactly.once.support": "required" },
      access: {
        exactlyOnce: true,
        transactionalIdPrefix: "connect-cluster-orders-sink-",
        offsetsTopic: "connect-offsets",
      },
    },
    {
      why: "exactly-once from the spec commits to the connector's own offsets topic when it has one",
      role: "source" as const,
      fields: { topics: [{ name: "lines" }], exactlyOnce: true },
      config: { "offsets.storage.topic": "orders-offsets" },
      access: { exactlyOnce: true, offsetsTopic: "orders-offsets" },
    },
  ])("$why", ({ role, fields, config, access }) => {
    const resolution = resolve(role, fields, config);
    expect(resolution).toMatchObject({ isResolved: true, access: { role, ...access } });
  });

  it.each([
    {
      why: "a sink's config names no topics",
      role: "sink" as const,
      fields: {},
      config: {},
      reason: "TopicsUnknown",
      message: "neither topics nor topics.regex",
    },
    {
      why: "a sink's regex cannot be granted exactly",
      role: "sink" as const,
      fields: {},
      config: { "topics.regex": "orders-[0-9]+" },
      reason: "TopicsRegexNotConvertible",
      message: 'topics.regex "orders-[0-9]+" cannot be granted',
    },
    {
      why: "a detected source has no topics in the spec",
      role: "source" as const,
      fields: {},
      config: {},
      reason: "TopicsUnknown",
      message: "list them in spec.topics",
    },
    {
      why: "the spec names another group than the connector joins",
      role: "sink" as const,
      fields: { consumerGroup: "billing" },
      config: { topics: "orders" },
      reason: "ConsumerGroupMismatch",
      message: 'the connector\'s tasks join "connect-orders-sink"',
    },
    {
      why: "the spec names a dead letter queue the connector does not have",
      role: "sink" as const,
      fields: { deadLetterQueueTopic: "dlq" },
      config: { topics: "orders" },
      reason: "DeadLetterQueueMismatch",
      message: "the connector has no errors.deadletterqueue.topic.name",
    },
    {
      why: "sink fields are set and the detected role is source",
      role: "source" as const,
      fields: { topics: [{ name: "t" }], consumerGroup: "g", reporter: { errorTopic: "e" } },
      config: {},
      reason: "RoleFieldMismatch",
      message: "consumerGroup, reporter belong to a sink connector, and the connector is a source",
    },
    {
      why: "source fields are set and the detected role is sink",
      role: "sink" as const,
      fields: { exactlyOnce: true },
      config: { topics: "orders" },
      reason: "RoleFieldMismatch",
      message: "exactlyOnce belongs to a source connector",
    },
  ])("refuses when $why", ({ role, fields, config, reason, message }) => {
    const resolution = resolve(role, fields, config);
    expect(resolution).toMatchObject({ isResolved: false, reason });
    expect(resolution.isResolved === false && resolution.message).toContain(message);
  });
});
