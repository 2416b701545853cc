import { describe, expect, it } from "vitest";
import { ordersSinkSpec as spec } from "../../../test/fixtures/orders-sink-principal.ts";
import { describeBinding } from "../../access/acl-binding.ts";
import type { Connector, ConnectorPlugin } from "../../ports/connect-api.ts";
import { type ConnectorPrincipalInput, planConnectorPrincipal, planRelease, principalOf } from "./plan.ts";

const FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
const plugins: ConnectorPlugin[] = [
  { class: FILE_SINK, type: "sink" },
  { class: "org.apache.kafka.connect.file.FileStreamSourceConnector", type: "source" },
];
const userConfig = {
  name: "orders-sink",
  "connector.class": "FileStreamSink",
  topics: "orders",
  file: "/data/orders.txt",
};
const connector = (config: Record<string, string> = userConfig): Connector => ({
  name: "orders-sink",
  config,
  status: { name: "orders-sink", connector: { state: "RUNNING", workerId: "w" }, tasks: [] },
});
const input = (fields: Partial<ConnectorPrincipalInput> = {}): ConnectorPrincipalInput => ({
  spec: spec(),
  workers: {
    groupId: "connect-cluster",
    offsetTopic: "connect-offsets",
    provider: { kind: "kubernetesSecrets", name: "secrets", namespace: "team-a" },
    mounts: undefined,
  },
  connector: connector(),
  plugins,
  secretDataHash: "h1",
  recorded: { overrideKeys: [], credentialFingerprint: undefined },
  ...fields,
});
const ready = (plan: ReturnType<typeof planConnectorPrincipal>) => {
  if (plan.state !== "ready") throw new Error(`expected a ready plan, got ${plan.state}: ${plan.message}`);
  return plan;
};

/** The plan of a reconcile after the first plan was applied: its config PUT and its record. */
const planAfterApplying = (fields: Partial<ConnectorPrincipalInput> = {}) => {
  const first = ready(planConnectorPrincipal(input()));
  const applied = first.configChange.outcome === "updated" ? first.configChange.config : {};
  const recorded = { overrideKeys: Object.keys(first.overrides), credentialFingerprint: first.fingerprint };
  return ready(planConnectorPrincipal(input({ connector: connector(applied), recorded, ...fields })));
};

describe("planConnectorPrincipal", () => {
  it("gives a new SCRAM sink its ACLs, its consumer overrides, a validation before the PUT and one restart", () => {
    const plan = ready(planConnectorPrincipal(input()));
    expect(plan).toMatchObject({ principal: "User:orders-sink", role: "sink", pluginClass: FILE_SINK });
    expect(plan.bindings.map(describeBinding)).toEqual([
      'ALLOW Read on topic "orders" for User:orders-sink',
      'ALLOW Describe on topic "orders" for User:orders-sink',
      'ALLOW Read on group "connect-orders-sink" for User:orders-sink',
    ]);
    expect(plan.policyNeed.policy).toBe("Principal");
    expect(plan.configChange).toMatchObject({
      outcome: "updated",
      setKeys: [
        "consumer.override.security.protocol",
        "consumer.override.sasl.mechanism",
        "consumer.override.sasl.jaas.config",
      ],
    });
    expect(plan.restart.isNeeded).toBe(true);
  });

  it("changes nothing in steady state: the config holds the keys, the fingerprint is recorded", () => {
    const plan = planAfterApplying();
    expect(plan.configChange).toEqual({ outcome: "unchanged" });
    expect(plan.restart).toEqual({ isNeeded: false });
  });

  it("restarts the tasks, without a PUT, when the Secret behind the variables rotated", () => {
    const plan = planAfterApplying({ secretDataHash: "h2" });
    expect(plan.configChange.outcome).toBe("unchanged");
    expect(plan.restart).toEqual({ isNeeded: true, why: "the principal or its credential changed" });
  });

  it("needs the All policy when the credential is for another listener than the workers'", () => {
    const plan = ready(
      planConnectorPrincipal(input({ spec: spec({ bootstrapServers: ["localhost:9094"] }) })),
    );
    expect(plan.policyNeed).toEqual({
      policy: "All",
      beyondPrincipal: ["consumer.override.bootstrap.servers"],
    });
  });

  it.each([
    {
      why: "the connector does not exist yet",
      fields: { connector: undefined },
      reason: "ConnectorNotFound",
    },
    {
      why: "its plugin is not installed",
      fields: { plugins: [] },
      reason: "PluginNotFound",
    },
    {
      why: "its topics cannot be read from its config",
      fields: { connector: connector({ ...userConfig, topics: "", "topics.regex": "orders-\\d+" }) },
      reason: "TopicsRegexNotConvertible",
    },
    {
      why: "its keytab has nowhere to be mounted",
      fields: {
        spec: spec({
          principal: "User:connector",
          credential: {
            securityProtocol: "SASL_PLAINTEXT",
            sasl: {
              mechanism: "GSSAPI",
              gssapi: { principal: "connector", keytab: { name: "kt", key: "keytab" } },
            },
          },
        }),
      },
      reason: "SecretMountUnknown",
    },
  ])("waits, changing nothing, when $why", ({ fields, reason }) => {
    expect(planConnectorPrincipal(input(fields))).toMatchObject({ state: "waiting", reason });
  });
});

describe("planRelease", () => {
  const ours = {
    "consumer.override.security.protocol": "SASL_PLAINTEXT",
    "consumer.override.sasl.mechanism": "SCRAM-SHA-512",
  };
  const recorded = { overrideKeys: Object.keys(ours), credentialFingerprint: "f" };

  it.each([
    {
      why: "Delete takes our keys out and puts the tasks back on the workers' principal",
      deletionPolicy: "Delete" as const,
      connector: connector({ ...userConfig, ...ours }),
      outcome: "updated",
      isRestartNeeded: true,
    },
    {
      why: "Orphan leaves the connector as it is",
      deletionPolicy: "Orphan" as const,
      connector: connector({ ...userConfig, ...ours }),
      outcome: "unchanged",
      isRestartNeeded: false,
    },
    {
      why: "a connector that is gone has nothing to take out",
      deletionPolicy: "Delete" as const,
      connector: undefined,
      outcome: "unchanged",
      isRestartNeeded: false,
    },
  ])("$why", ({ deletionPolicy, connector, outcome, isRestartNeeded }) => {
    const plan = planRelease({ deletionPolicy, connector, recorded });
    expect(plan.configChange.outcome).toBe(outcome);
    expect(plan.restart.isNeeded).toBe(isRestartNeeded);
    if (plan.configChange.outcome === "updated") expect(plan.configChange.config).toEqual(userConfig);
  });
});

describe("principalOf", () => {
  it.each([
    { why: "a SCRAM user name is the principal", fields: {}, principal: "User:orders-sink" },
    { why: "a principal given wins", fields: { principal: "User:sa-1234" }, principal: "User:sa-1234" },
  ])("$why", ({ fields, principal }) => {
    expect(principalOf(spec(fields))).toBe(principal);
  });
});
