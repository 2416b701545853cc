// The ConnectorPrincipal CRD on the real API server: its CEL rules reject each combination
// that cannot work with the message the schema gives, defaults are filled in, and kubectl
// shows the printer columns.
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "./use-stack.ts";

const { kube } = await useStack("kube");
const kubectl = (args: string[], input?: string) =>
  spawnSync("kubectl", ["--kubeconfig", kube.kubeconfigPath, ...args], { encoding: "utf8", input });

const namespace = "connector-principal-crd";
const ref = (name: string, key: string) => ({ name, key });
const scram = {
  securityProtocol: "SASL_PLAINTEXT",
  sasl: { mechanism: "SCRAM-SHA-512", username: "orders-sink", password: ref("orders-sink", "password") },
};
const mtls = {
  securityProtocol: "SSL",
  tls: { keystore: { type: "PKCS12", store: ref("ks", "p12"), password: ref("ks", "password") } },
};
const connectorPrincipal = (spec: Record<string, unknown>, name = "p") =>
  JSON.stringify({
    apiVersion: "kafkaaccess.io/v1alpha1",
    kind: "ConnectorPrincipal",
    metadata: { name, namespace },
    spec: { connectRef: { name: "connect" }, connector: "orders-sink", credential: scram, ...spec },
  });

describe("the ConnectorPrincipal CRD on the real API server", () => {
  beforeAll(() => {
    const applied = kubectl([
      "apply",
      "--server-side",
      "--field-manager=kafka-access-operator",
      "-f",
      "crds/",
    ]);
    expect(applied.status, applied.stderr).toBe(0);
    const established = kubectl([
      "wait",
      "--for=condition=Established",
      "--timeout=60s",
      "crd/connectorprincipals.kafkaaccess.io",
    ]);
    expect(established.status, established.stderr).toBe(0);
    kubectl(["create", "namespace", namespace]);
  });

  it("accepts a SCRAM sink, fills in the defaults and shows its columns", () => {
    const created = kubectl(["apply", "-f", "-"], connectorPrincipal({ topics: [{ name: "orders" }] }));
    expect(created.status, created.stderr).toBe(0);
    const spec = JSON.parse(
      kubectl(["-n", namespace, "get", "connectorprincipal", "p", "-o", "jsonpath={.spec}"]).stdout,
    );
    expect(spec).toMatchObject({
      role: "detect",
      deletionPolicy: "Delete",
      dryRun: false,
      topics: [{ name: "orders", patternType: "literal" }],
    });
    expect(kubectl(["-n", namespace, "get", "kcp"]).stdout).toMatch(
      /NAME\s+CONNECTOR\s+PRINCIPAL\s+ROLE\s+READY\s+REASON\s+AGE\n\s*p\s+orders-sink/,
    );
  });

  it.each([
    {
      why: "an mTLS credential gives no user name to default the principal from",
      spec: { credential: mtls },
      message: "principal is required unless the credential is SCRAM or PLAIN with sasl.username",
    },
    {
      why: "the principal is every principal",
      spec: { principal: "User:*" },
      message: 'principal names the connector\'s own principal, not "User:*"',
    },
    {
      why: "PLAINTEXT authenticates nobody",
      spec: { principal: "User:x", credential: { securityProtocol: "PLAINTEXT" } },
      message: "credential must authenticate: over PLAINTEXT every client is User:ANONYMOUS",
    },
    {
      why: "SSL has no client certificate",
      spec: { principal: "User:x", credential: { securityProtocol: "SSL" } },
      message: "SSL authenticates the connector only with a client certificate",
    },
    {
      why: "a source has a dead letter queue",
      spec: { role: "source", topics: [{ name: "t" }], deadLetterQueueTopic: "dlq" },
      message: "deadLetterQueueTopic belongs to a sink connector, and role is source",
    },
    {
      why: "a sink asks for exactly-once",
      spec: { role: "sink", exactlyOnce: true },
      message: "exactlyOnce belongs to a source connector, and role is sink",
    },
    {
      why: "a source lists no topics",
      spec: { role: "source" },
      message: "a source connector's topics cannot be read from its config: list them in topics",
    },
    {
      why: "the reporter has no topic",
      spec: { reporter: { createTopics: true } },
      message: "reporter needs resultTopic or errorTopic",
    },
    {
      why: "a topic name holds a character Kafka refuses (OpenAPI pattern)",
      spec: { topics: [{ name: "orders/v1" }] },
      message: "spec.topics[0].name in body should match",
    },
    {
      why: "the role is neither source, sink nor detect (enum)",
      spec: { role: "transform" },
      message: 'Unsupported value: "transform"',
    },
  ])("rejects a ConnectorPrincipal when $why", ({ spec, message }) => {
    const created = kubectl(["create", "-f", "-"], connectorPrincipal(spec, "invalid"));
    expect(created.status).not.toBe(0);
    expect(created.stderr).toContain(message);
  });
});
