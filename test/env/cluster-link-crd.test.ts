// The generated ClusterLink CRD on the real API server: defaults are filled in, every CEL rule
// refuses what it should with its message, and kubectl shows the printer columns.
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, inject, it } from "vitest";

const { kube } = inject("stack");
const kubectl = (args: string[], input?: string) =>
  spawnSync("kubectl", ["--kubeconfig", kube.kubeconfigPath, ...args], { encoding: "utf8", input });

const namespace = "cluster-link-crd";
const clusterLink = (spec: Record<string, unknown>, name: string) =>
  JSON.stringify({
    apiVersion: "kafkaaccess.io/v1alpha1",
    kind: "ClusterLink",
    metadata: { name, namespace },
    spec,
  });

const gssapi = {
  securityProtocol: "SASL_SSL",
  sasl: {
    mechanism: "GSSAPI",
    gssapi: { principal: "link@KAFKA.TEST", keytab: { name: "link", key: "keytab" } },
  },
};
const mtls = {
  securityProtocol: "SSL",
  tls: {
    keystore: {
      type: "PKCS12",
      store: { name: "link-tls", key: "p12" },
      password: { name: "link-tls", key: "pw" },
    },
  },
};
const mm2 = {
  backend: "mirrorMaker2",
  destination: { kafkaClusterRef: { name: "destination" } },
  source: { kafkaClusterRef: { name: "source" }, credential: gssapi },
  mirrorMaker2: { connectClusterRef: { name: "connect" } },
  mirrors: { topics: [{ name: "orders" }] },
};
const confluent = {
  backend: "confluent",
  destination: { kafkaClusterRef: { name: "destination" } },
  source: { bootstrapServers: ["source:9092"], clusterId: "lkc-1", credential: gssapi },
  mirrors: { topics: [{ name: "orders", state: "failedOver" }] },
};

describe("the ClusterLink CRD on the real API server", () => {
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
      "crd/clusterlinks.kafkaaccess.io",
    ]);
    expect(established.status, established.stderr).toBe(0);
    kubectl(["create", "namespace", namespace]);
  });

  it("accepts a MirrorMaker 2 link, fills in defaults and shows its columns", () => {
    const created = kubectl(["apply", "-f", "-"], clusterLink(mm2, "mm2"));
    expect(created.status, created.stderr).toBe(0);
    const spec = JSON.parse(
      kubectl(["-n", namespace, "get", "clusterlink", "mm2", "-o", "jsonpath={.spec}"]).stdout,
    );
    expect(spec).toMatchObject({
      mirrors: { topics: [{ name: "orders", state: "active" }] },
      consumerOffsets: { enabled: false },
      aclSync: { enabled: false },
      mirrorMaker2: { heartbeats: false },
      paused: false,
      deletionPolicy: "Delete",
      dryRun: false,
    });
    const table = kubectl(["-n", namespace, "get", "klink"]).stdout;
    expect(table).toMatch(/NAME\s+SOURCE\s+DESTINATION\s+BACKEND\s+MIRRORS\s+READY\s+REASON\s+AGE/);
    expect(table).toMatch(/mm2\s+destination\s+mirrorMaker2/);
  });

  it("accepts a Confluent link from an unmanaged cluster with per-mirror settings", () => {
    const spec = {
      ...confluent,
      mirrors: {
        topics: [
          { name: "orders", state: "promoted", replicationFactor: 3, configs: { "retention.ms": "1" } },
        ],
      },
      aclSync: { enabled: true, filters: [{ resourceType: "topic", name: "orders", operation: "Read" }] },
      configs: { "mirror.start.offset.spec": "earliest" },
    };
    const created = kubectl(["apply", "-f", "-"], clusterLink(spec, "confluent"));
    expect(created.status, created.stderr).toBe(0);
  });

  it.each([
    {
      why: "the source names no cluster",
      spec: { ...mm2, source: { credential: gssapi } },
      message: "source needs kafkaClusterRef or bootstrapServers",
    },
    {
      why: "a mutual TLS credential does not name its principal",
      spec: { ...mm2, source: { kafkaClusterRef: { name: "s" }, credential: mtls } },
      message: "source.principal is needed when the credential does not name it",
    },
    {
      why: "MirrorMaker 2's own destination credential does not name its principal",
      spec: {
        ...mm2,
        mirrorMaker2: { connectClusterRef: { name: "c" }, destinationAccess: { credential: mtls } },
      },
      message: "mirrorMaker2.destinationAccess.principal is needed",
    },
    {
      why: "backend mirrorMaker2 has no ConnectCluster",
      spec: { ...mm2, mirrorMaker2: undefined },
      message: "backend mirrorMaker2 needs mirrorMaker2.connectClusterRef",
    },
    {
      why: "a Confluent link carries MirrorMaker 2 settings",
      spec: { ...confluent, mirrorMaker2: { connectClusterRef: { name: "c" } } },
      message: "mirrorMaker2 settings need backend mirrorMaker2",
    },
    {
      why: "a MirrorMaker 2 link has a Confluent link name",
      spec: { ...mm2, linkName: "x" },
      message: "linkName names a Confluent cluster link",
    },
    {
      why: "a MirrorMaker 2 mirror is to fail over",
      spec: { ...mm2, mirrors: { topics: [{ name: "orders", state: "failedOver" }] } },
      message: "with mirrorMaker2 a mirror is active or paused",
    },
    {
      why: "a MirrorMaker 2 mirror has its own topic configs",
      spec: { ...mm2, mirrors: { topics: [{ name: "orders", configs: { "retention.ms": "1" } }] } },
      message: "set replication.factor in configs",
    },
    {
      why: "a MirrorMaker 2 prefix has no separator",
      spec: { ...mm2, mirrors: { topics: [{ name: "orders" }], prefix: "west" } },
      message: "mirrors.prefix ends with '.', '_' or '-'",
    },
    {
      why: "nothing is mirrored",
      spec: { ...mm2, mirrors: { exclude: [{ name: "x" }] } },
      message: "mirrors needs topics or include filters",
    },
    {
      why: "a topic is named twice",
      spec: { ...mm2, mirrors: { topics: [{ name: "orders" }, { name: "orders" }] } },
      message: "Duplicate value",
    },
    {
      why: "offset migration selects no group",
      spec: { ...mm2, consumerOffsets: { enabled: true } },
      message: "consumerOffsets needs at least one include filter when enabled",
    },
    {
      why: "MirrorMaker 2 is to migrate a group whose id holds a comma",
      spec: { ...mm2, consumerOffsets: { enabled: true, include: [{ name: "a,b" }] } },
      message: "a consumer group id with a comma cannot be migrated",
    },
    {
      why: "MirrorMaker 2 is given ACL filters",
      spec: { ...mm2, aclSync: { enabled: true, filters: [{ resourceType: "topic" }] } },
      message: "aclSync.filters need the confluent backend",
    },
    {
      why: "Confluent ACL sync selects nothing",
      spec: { ...confluent, aclSync: { enabled: true } },
      message: "give at least one filter",
    },
    {
      why: "a Confluent link to an unmanaged source has no cluster id",
      spec: { ...confluent, source: { bootstrapServers: ["s:9092"], credential: gssapi } },
      message: "the confluent backend needs source.clusterId",
    },
    {
      why: "configs inline a password",
      spec: { ...mm2, configs: { "source.cluster.sasl.jaas.config": "x" } },
      message: "configs may not hold connection or credential settings",
    },
    {
      why: "configs set the topic list",
      spec: { ...mm2, configs: { "topics.exclude": "x" } },
      message: "configs may not set what the mirrorMaker2 backend renders",
    },
    {
      why: "configs set a worker override",
      spec: { ...mm2, configs: { "producer.override.acks": "1" } },
      message: "configs may not set what the mirrorMaker2 backend renders",
    },
    {
      why: "configs set Confluent's offset sync switch",
      spec: { ...confluent, configs: { "consumer.offset.sync.enable": "true" } },
      message: "configs may not set what the confluent backend renders",
    },
    {
      why: "a config key is not a config name",
      spec: { ...mm2, configs: { "tasks max": "1" } },
      message: "configs keys are config names",
    },
    {
      why: "the credential's own rules fail (SCRAM without a password)",
      spec: {
        ...mm2,
        source: {
          kafkaClusterRef: { name: "s" },
          credential: {
            securityProtocol: "SASL_SSL",
            sasl: { mechanism: "SCRAM-SHA-512", username: "link" },
          },
        },
      },
      message: "SCRAM and PLAIN need sasl.username and sasl.password",
    },
  ])("rejects a ClusterLink when $why", ({ spec, message }) => {
    const created = kubectl(["create", "-f", "-"], clusterLink(spec, "invalid"));
    expect(created.status).not.toBe(0);
    expect(created.stderr).toContain(message);
  });
});
