import { describe, expect, it } from "vitest";
import { ordersSinkSpec } from "../../../test/fixtures/orders-sink-principal.ts";
import { type ConnectorPrincipalPlan, planConnectorPrincipal } from "./plan.ts";
import { connectorPrincipalStatusSchema } from "./schema.ts";
import { dryRunPlanStatus, readyPlanStatus } from "./status-fields.ts";

const FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
const config: Record<string, string> = {
  name: "orders-sink",
  "connector.class": FILE_SINK,
  topics: "orders, audit",
};
const plan = (
  recorded = { overrideKeys: [] as string[], credentialFingerprint: undefined as string | undefined },
  current = config,
) => {
  const planned = planConnectorPrincipal({
    spec: ordersSinkSpec(),
    workers: {
      groupId: "connect-cluster",
      offsetTopic: "connect-offsets",
      provider: { kind: "kubernetesSecrets", name: "secrets", namespace: "team-a" },
      mounts: undefined,
    },
    connector: {
      name: "orders-sink",
      config: current,
      status: { name: "orders-sink", connector: { state: "RUNNING", workerId: "w" }, tasks: [] },
    },
    plugins: [{ class: FILE_SINK, type: "sink" }],
    secretDataHash: "h",
    recorded,
  });
  if (planned.state !== "ready") throw new Error(planned.message);
  return planned as Extract<ConnectorPrincipalPlan, { state: "ready" }>;
};

describe("readyPlanStatus", () => {
  it("says who the principal is, where its topics came from, its ACLs and the key names, and fits the schema", () => {
    const status = readyPlanStatus(plan());
    expect(status).toMatchObject({
      principal: "User:orders-sink",
      role: "sink",
      access: {
        topics: [
          { name: "orders", patternType: "literal" },
          { name: "audit", patternType: "literal" },
        ],
        topicsFrom: "connectorTopics",
        consumerGroup: "connect-orders-sink",
      },
      bindingCount: 5,
      overrideKeys: [
        "consumer.override.security.protocol",
        "consumer.override.sasl.mechanism",
        "consumer.override.sasl.jaas.config",
      ],
      requiredOverridePolicy: "Principal",
    });
    expect(status.bindings[0]).toBe('ALLOW Read on topic "orders" for User:orders-sink');
    expect(connectorPrincipalStatusSchema.safeParse(status).error).toBeUndefined();
  });

  it("leaves out what the connector has not, so the status read back compares equal and is not written again", () => {
    const { access } = readyPlanStatus(plan());
    expect(access).not.toHaveProperty("deadLetterQueueTopic");
    expect(JSON.parse(JSON.stringify(access))).toStrictEqual(access);
  });

  it.each<{ why: string; topics: Record<string, string>; listed: number }>([
    { why: "every topic, from topics.regex .*", topics: { "topics.regex": ".*" }, listed: 1 },
    {
      why: "more topics than status lists",
      topics: { topics: Array.from({ length: 300 }, (_, i) => `t${i}`).join(",") },
      listed: 256,
    },
  ])("fits the schema with $why", ({ topics, listed }) => {
    const status = readyPlanStatus(plan(undefined, { ...config, topics: "", ...topics }));
    expect(status.access.topics).toHaveLength(listed);
    expect(connectorPrincipalStatusSchema.safeParse(status).error).toBeUndefined();
  });
});

describe("dryRunPlanStatus", () => {
  it.each([
    {
      why: "a first apply creates the ACLs, sets the keys and restarts the tasks",
      planned: () => plan(),
      acls: { create: ["a", "b"], delete: [] },
      summary:
        "2 ACL(s) to create, 3 config key(s) to set, tasks to restart (the connector's clients take on their own principal)",
      hasChanges: true,
    },
    {
      why: "an applied principal changes nothing",
      planned: () => {
        const first = plan();
        const applied = first.configChange.outcome === "updated" ? first.configChange.config : config;
        return plan(
          { overrideKeys: Object.keys(first.overrides), credentialFingerprint: first.fingerprint },
          { ...applied },
        );
      },
      acls: { create: [], delete: [] },
      summary: "nothing to change",
      hasChanges: false,
    },
  ])("$why", ({ planned, acls, summary, hasChanges }) => {
    const status = dryRunPlanStatus(planned(), acls);
    expect(status.plan.summary).toBe(summary);
    expect(status.hasChanges).toBe(hasChanges);
    expect(connectorPrincipalStatusSchema.safeParse({ plan: status.plan }).error).toBeUndefined();
  });
});
