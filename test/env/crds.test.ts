import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "./use-stack.ts";

const { kube } = await useStack("kube");
const kubectl = (args: string[], input?: string) =>
  spawnSync("kubectl", ["--kubeconfig", kube.kubeconfigPath, ...args], { encoding: "utf8", input });

const namespace = "crd-validation";
const kafkaCluster = (spec: Record<string, unknown>, name = "c") =>
  JSON.stringify({
    apiVersion: "kafkaaccess.io/v1alpha1",
    kind: "KafkaCluster",
    metadata: { name, namespace },
    spec,
  });
const scram = {
  securityProtocol: "SASL_SSL",
  sasl: { mechanism: "SCRAM-SHA-512", username: "kao-admin", password: { name: "admin", key: "password" } },
};

describe("the generated CRDs on the real API server", () => {
  beforeAll(() => {
    const applied = kubectl([
      "apply",
      "--server-side",
      "--field-manager=kafka-access-operator",
      "-f",
      resolve(import.meta.dirname, "..", "..", "crds"),
    ]);
    expect(applied.stderr).toBe("");
    const established = kubectl(["wait", "--for=condition=Established", "--timeout=60s", "--all", "crd"]);
    expect(established.status, established.stderr).toBe(0);
    kubectl(["create", "namespace", namespace]);
  });

  it("accepts a valid KafkaCluster and fills in defaults", () => {
    const created = kubectl(
      ["apply", "-f", "-"],
      kafkaCluster({ bootstrapServers: ["localhost:9093"], credentials: scram }),
    );
    expect(created.status, created.stderr).toBe(0);
    const aclBackend = kubectl([
      "-n",
      namespace,
      "get",
      "kafkacluster",
      "c",
      "-o",
      "jsonpath={.spec.aclBackend}",
    ]);
    expect(aclBackend.stdout).toBe("kafka");
    expect(kubectl(["-n", namespace, "get", "kc"]).stdout).toMatch(
      /NAME\s+CLUSTER ID\s+BROKERS\s+READY\s+REASON\s+AGE/,
    );
  });

  it.each([
    {
      why: "SASL needs its settings (CEL on the credential)",
      spec: { bootstrapServers: ["localhost:9093"], credentials: { securityProtocol: "SASL_SSL" } },
      message: "SASL_PLAINTEXT and SASL_SSL need sasl",
    },
    {
      why: "SCRAM needs a password reference (CEL on sasl)",
      spec: {
        bootstrapServers: ["localhost:9093"],
        credentials: { securityProtocol: "SASL_SSL", sasl: { mechanism: "SCRAM-SHA-512", username: "x" } },
      },
      message: "SCRAM and PLAIN need sasl.username and sasl.password",
    },
    {
      why: "a PKCS12 keystore needs its password (CEL on the keystore)",
      spec: {
        bootstrapServers: ["localhost:9093"],
        credentials: {
          securityProtocol: "SSL",
          tls: { keystore: { type: "PKCS12", store: { name: "ks", key: "p12" } } },
        },
      },
      message: "PKCS12 and JKS keystores need password",
    },
    {
      why: "centralized ACLs need the MDS endpoint (CEL on the spec)",
      spec: { bootstrapServers: ["localhost:9093"], credentials: scram, aclBackend: "confluentMds" },
      message: "aclBackend confluentMds needs confluent.mdsEndpoint",
    },
    {
      why: "bootstrap servers are host:port (OpenAPI pattern)",
      spec: { bootstrapServers: ["localhost"], credentials: scram },
      message: "spec.bootstrapServers[0]: Invalid value",
    },
    {
      why: "an unknown security protocol is an enum violation",
      spec: { bootstrapServers: ["localhost:9093"], credentials: { securityProtocol: "TLS" } },
      message: 'Unsupported value: "TLS"',
    },
  ])("rejects a KafkaCluster when $why", ({ spec, message }) => {
    const created = kubectl(["create", "-f", "-"], kafkaCluster(spec, "invalid"));
    expect(created.status).not.toBe(0);
    expect(created.stderr).toContain(message);
  });
});

describe("the ConnectCluster CRD", () => {
  it("rejects TLS settings on a plain http REST URL (CEL on the spec)", () => {
    const connectCluster = {
      apiVersion: "kafkaaccess.io/v1alpha1",
      kind: "ConnectCluster",
      metadata: { name: "plain", namespace },
      spec: {
        restUrl: "http://connect:8083",
        tls: { ca: { name: "ca", key: "ca.crt" } },
        kafkaClusterRef: { name: "c" },
        workerPrincipal: "User:connect",
        groupId: "connect",
      },
    };
    const created = kubectl(["create", "-f", "-"], JSON.stringify(connectCluster));
    expect(created.status).not.toBe(0);
    expect(created.stderr).toContain("tls needs an https restUrl");
  });
});

describe("the KafkaAcl CRD", () => {
  const kafkaAcl = (spec: Record<string, unknown>, name = "a") =>
    JSON.stringify({
      apiVersion: "kafkaaccess.io/v1alpha1",
      kind: "KafkaAcl",
      metadata: { name, namespace },
      spec: { clusterRef: { name: "c" }, principal: "User:alice", ...spec },
    });

  it("accepts bindings and roles and fills in defaults", () => {
    const created = kubectl(
      ["apply", "-f", "-"],
      kafkaAcl({
        bindings: [
          { resourceType: "topic", name: "orders", operations: ["Read"] },
          { resourceType: "cluster", operations: ["IdempotentWrite"] },
        ],
        roles: [{ type: "consumer", topic: { name: "orders" }, group: { name: "billing" } }],
      }),
    );
    expect(created.status, created.stderr).toBe(0);
    const spec = JSON.parse(
      kubectl(["-n", namespace, "get", "kafkaacl", "a", "-o", "jsonpath={.spec}"]).stdout,
    );
    expect(spec.bindings[0]).toMatchObject({ patternType: "literal", permission: "allow", host: "*" });
    expect(spec).toMatchObject({ exclusive: false, deletionPolicy: "Delete", dryRun: false });
    expect(kubectl(["-n", namespace, "get", "kacl"]).stdout).toMatch(
      /NAME\s+PRINCIPAL\s+CLUSTER\s+BINDINGS\s+READY\s+REASON\s+AGE/,
    );
  });

  it.each([
    {
      why: "an operation does not apply to the resource type",
      spec: { bindings: [{ resourceType: "group", name: "g", operations: ["Write"] }] },
      message: "operations on resourceType group must be among All, Read, Delete, Describe",
    },
    {
      why: "a topic binding has no name",
      spec: { bindings: [{ resourceType: "topic", operations: ["Read"] }] },
      message: "name is required for every resourceType but cluster",
    },
    {
      why: "the cluster resource gets another name",
      spec: { bindings: [{ resourceType: "cluster", name: "prod", operations: ["Describe"] }] },
      message: 'the cluster resource is always named "kafka-cluster"',
    },
    {
      why: "a consumer role lacks its group",
      spec: { roles: [{ type: "consumer", topic: { name: "orders" } }] },
      message: "a consumer role needs group",
    },
    {
      why: "idempotent is set on a consumer",
      spec: { roles: [{ type: "consumer", topic: { name: "o" }, group: { name: "g" }, idempotent: true }] },
      message: "idempotent belongs to the producer role",
    },
    {
      why: "it names nothing and is not exclusive",
      spec: {},
      message: "give bindings or roles",
    },
    {
      why: "exclusive mode is asked for every principal",
      spec: { principal: "User:*", exclusive: true },
      message: 'exclusive mode is for one principal, not "User:*"',
    },
    {
      why: "the host is not an address",
      spec: { bindings: [{ resourceType: "topic", name: "t", operations: ["Read"], host: "example" }] },
      message: "spec.bindings[0].host in body should match",
    },
  ])("rejects a KafkaAcl when $why", ({ spec, message }) => {
    const created = kubectl(["create", "-f", "-"], kafkaAcl(spec, "invalid"));
    expect(created.status).not.toBe(0);
    expect(created.stderr).toContain(message);
  });
});
