import { describe, expect, it } from "vitest";
import type { CredentialSpec } from "../../credentials/credential-spec.ts";
import type { DesiredLink } from "../../ports/link-backend.ts";
import type { ConnectWorkers } from "../../ports/link-backend-factory.ts";
import { connectorNameOf, renderMirrorMaker2 } from "./connector-configs.ts";

const ref = (name: string, key: string) => ({ name, key });
const gssapi: CredentialSpec = {
  securityProtocol: "SASL_SSL",
  sasl: {
    mechanism: "GSSAPI",
    gssapi: { principal: "link@KAFKA.TEST", serviceName: "kafka", keytab: ref("link-keytab", "link.keytab") },
  },
  tls: { verifyHostname: true, trust: { type: "PEM", store: ref("kafka-ca", "ca.crt") } },
};
const scram: CredentialSpec = {
  securityProtocol: "SASL_PLAINTEXT",
  sasl: { mechanism: "SCRAM-SHA-512", username: "link", password: ref("link-scram", "password") },
};
const mtls: CredentialSpec = {
  securityProtocol: "SSL",
  tls: {
    verifyHostname: true,
    trust: { type: "PEM", store: ref("kafka-ca", "ca.crt") },
    keystore: { type: "PKCS12", store: ref("link-tls", "link.p12"), password: ref("link-tls", "password") },
  },
};

const link = (input: Partial<DesiredLink> = {}): DesiredLink => ({
  name: "team-a.orders",
  secretNamespace: "team-a",
  source: { kafkaCluster: "kafka/source", bootstrapServers: ["source:9094"], credential: gssapi },
  destination: {
    kafkaCluster: "kafka/destination",
    bootstrapServers: ["destination:9094"],
    credential: gssapi,
  },
  mirrors: { topics: [{ name: "orders", state: "active" }], include: [], exclude: [] },
  consumerOffsets: { isEnabled: false, include: [], exclude: [] },
  aclSync: { isEnabled: false, filters: [] },
  configs: {},
  isPaused: false,
  mirrorMaker2: { heartbeats: false },
  ...input,
});
const workers: ConnectWorkers = {
  connectCluster: "kafka/connect",
  kafkaCluster: "kafka/destination",
  overridePolicy: "All",
  configProvider: { name: "secrets", kind: "kubernetesSecrets" },
  secretMountPath: "/opt/kafka/secrets",
};

const KERBEROS_JAAS =
  'com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true storeKey=true keyTab="/opt/kafka/secrets/link-keytab/link.keytab" principal="link@KAFKA.TEST" serviceName="kafka";';
const gssapiClient = (prefix: string, bootstrap: string) => ({
  [`${prefix}bootstrap.servers`]: bootstrap,
  [`${prefix}security.protocol`]: "SASL_SSL",
  [`${prefix}sasl.mechanism`]: "GSSAPI",
  [`${prefix}sasl.jaas.config`]: KERBEROS_JAAS,
  [`${prefix}ssl.truststore.type`]: "PEM",
  [`${prefix}ssl.truststore.certificates`]: "${secrets:team-a/kafka-ca:ca.crt}",
});

describe("renderMirrorMaker2", () => {
  it("renders one MirrorSourceConnector for same-name mirrors with the link credential on both sides", () => {
    const rendered = renderMirrorMaker2(link(), workers);
    expect(rendered.recordWriter).toBe("destinationAccess");
    expect(rendered.connectors).toEqual([
      {
        role: "source",
        name: "team-a.orders.MirrorSourceConnector",
        config: {
          name: "team-a.orders.MirrorSourceConnector",
          "connector.class": "org.apache.kafka.connect.mirror.MirrorSourceConnector",
          "key.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
          "value.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
          "header.converter": "org.apache.kafka.connect.converters.ByteArrayConverter",
          "source.cluster.alias": "team-a.orders",
          "target.cluster.alias": "team-a.orders.target",
          ...gssapiClient("source.cluster.", "source:9094"),
          ...gssapiClient("target.cluster.", "destination:9094"),
          ...gssapiClient("producer.override.", "destination:9094"),
          "replication.policy.class": "org.apache.kafka.connect.mirror.IdentityReplicationPolicy",
          topics: "orders",
          "topics.exclude": "mm2.*\\.internal,.*\\.replica,__.*",
          "emit.offset-syncs.enabled": "false",
          "sync.topic.acls.enabled": "false",
          "replication.factor": "-1",
        },
      },
    ]);
  });

  it("adds the checkpoint connector for offset migration, with exact offset syncs and the interval asked", () => {
    const { connectors } = renderMirrorMaker2(
      link({
        consumerOffsets: {
          isEnabled: true,
          include: [{ name: "billing", patternType: "prefixed" }],
          exclude: [{ name: "billing-test", patternType: "literal" }],
          intervalSeconds: 5,
        },
      }),
      workers,
    );
    expect(connectors.map((c) => c.name)).toEqual([
      "team-a.orders.MirrorSourceConnector",
      "team-a.orders.MirrorCheckpointConnector",
    ]);
    expect(connectors[0]!.config).toMatchObject({
      "emit.offset-syncs.enabled": "true",
      "offset-syncs.topic.location": "target",
      "offset-syncs.topic.replication.factor": "-1",
      "offset.lag.max": "0",
    });
    expect(connectors[1]!.config).toMatchObject({
      "connector.class": "org.apache.kafka.connect.mirror.MirrorCheckpointConnector",
      topics: "orders",
      groups: "billing.*",
      "groups.exclude": "billing\\-test",
      "offset-syncs.topic.location": "target",
      "emit.checkpoints.enabled": "true",
      "emit.checkpoints.interval.seconds": "5",
      "sync.group.offsets.enabled": "true",
      "sync.group.offsets.interval.seconds": "5",
      "checkpoints.topic.replication.factor": "-1",
      "source.cluster.sasl.jaas.config": KERBEROS_JAAS,
    });
  });

  it("adds the heartbeat connector when asked, with the destination side only", () => {
    const { connectors } = renderMirrorMaker2(link({ mirrorMaker2: { heartbeats: true } }), workers);
    const heartbeat = connectors.find((c) => c.role === "heartbeat")!;
    expect(heartbeat.name).toBe("team-a.orders.MirrorHeartbeatConnector");
    expect(heartbeat.config).toMatchObject({ "heartbeats.topic.replication.factor": "-1" });
    expect(
      Object.keys(heartbeat.config).some(
        (key) => key.startsWith("source.cluster.") && key !== "source.cluster.alias",
      ),
    ).toBe(false);
  });

  it("names prefixed mirrors through the default policy, the prefix split into alias and separator", () => {
    const { connectors, naming } = renderMirrorMaker2(
      link({ mirrors: { ...link().mirrors, prefix: "src_" } }),
      workers,
    );
    expect(connectors[0]!.config).toMatchObject({
      "replication.policy.class": "org.apache.kafka.connect.mirror.DefaultReplicationPolicy",
      "replication.policy.separator": "_",
      "source.cluster.alias": "src",
    });
    expect(naming.mirrorTopic("orders")).toBe("src_orders");
  });

  it("turns on MirrorMaker 2's topic ACL sync and its interval", () => {
    const { connectors } = renderMirrorMaker2(
      link({ aclSync: { isEnabled: true, filters: [], intervalSeconds: 30 } }),
      workers,
    );
    expect(connectors[0]!.config).toMatchObject({
      "sync.topic.acls.enabled": "true",
      "sync.topic.acls.interval.seconds": "30",
    });
  });

  it.each<{ why: string; credential: CredentialSpec; expected: Record<string, string> }>([
    {
      why: "SCRAM: the password is a variable inside the JAAS config",
      credential: scram,
      expected: {
        "source.cluster.security.protocol": "SASL_PLAINTEXT",
        "source.cluster.sasl.mechanism": "SCRAM-SHA-512",
        "source.cluster.sasl.jaas.config":
          'org.apache.kafka.common.security.scram.ScramLoginModule required username="link" password="${secrets:team-a/link-scram:password}";',
      },
    },
    {
      why: "mutual TLS with PKCS12: the store is a mounted file, its password a variable",
      credential: mtls,
      expected: {
        "source.cluster.security.protocol": "SSL",
        "source.cluster.ssl.keystore.type": "PKCS12",
        "source.cluster.ssl.keystore.location": "/opt/kafka/secrets/link-tls/link.p12",
        "source.cluster.ssl.keystore.password": "${secrets:team-a/link-tls:password}",
        "source.cluster.ssl.truststore.certificates": "${secrets:team-a/kafka-ca:ca.crt}",
      },
    },
  ])("renders the link credential for the source side: $why", ({ credential, expected }) => {
    const { connectors } = renderMirrorMaker2(
      link({ source: { ...link().source, credential }, destination: { ...link().destination, credential } }),
      workers,
    );
    expect(connectors[0]!.config).toMatchObject(expected);
  });

  it("resolves variables through a directory provider rooted at the workers' Secret mount", () => {
    const { connectors } = renderMirrorMaker2(link({ source: { ...link().source, credential: scram } }), {
      ...workers,
      configProvider: { name: "dir", kind: "directory" },
    });
    expect(connectors[0]!.config["source.cluster.sasl.jaas.config"]).toContain(
      'password="${dir:/opt/kafka/secrets/link-scram:password}"',
    );
  });

  it("never puts anything but a variable where a secret goes", () => {
    const secretKeys = /(password|ssl\.keystore\.key|certificates|certificate\.chain)$/;
    const variable = /^\$\{secrets:team-a\/[^}]+\}$/;
    for (const credential of [gssapi, scram, mtls]) {
      const { connectors } = renderMirrorMaker2(
        link({
          source: { ...link().source, credential },
          destination: { ...link().destination, credential },
        }),
        workers,
      );
      for (const { config } of connectors) {
        for (const [key, value] of Object.entries(config)) {
          if (secretKeys.test(key)) expect(value, key).toMatch(variable);
          for (const [, quoted] of value.matchAll(/(?:password|clientSecret)="([^"]*)"/g))
            expect(quoted, key).toMatch(variable);
        }
      }
    }
  });

  it("lets configs tune what the spec does not model, and override the operator's defaults", () => {
    const { connectors } = renderMirrorMaker2(
      link({ configs: { "tasks.max": "4", "replication.factor": "3" } }),
      workers,
    );
    expect(connectors[0]!.config).toMatchObject({ "tasks.max": "4", "replication.factor": "3" });
  });

  it("writes as the Connect worker when its policy forbids overrides but it runs on the destination", () => {
    const rendered = renderMirrorMaker2(link(), { ...workers, overridePolicy: "Principal" });
    expect(rendered.recordWriter).toBe("connectWorker");
    expect(
      Object.keys(rendered.connectors[0]!.config).some((key) => key.startsWith("producer.override.")),
    ).toBe(false);
  });

  it.each<{ why: string; input: Partial<DesiredLink>; workers: Partial<ConnectWorkers>; message: RegExp }>([
    {
      why: "a keytab must be a file and the workers mount no Secrets",
      input: {},
      workers: { secretMountPath: undefined },
      message: /declares no secretMountPath/,
    },
    {
      why: "a FileConfigProvider cannot read Secret keys",
      input: {},
      workers: { configProvider: { name: "file", kind: "file" } },
      message: /FileConfigProvider/,
    },
    {
      why: "the workers run elsewhere and may not be pointed at the destination",
      input: {},
      workers: { overridePolicy: "None", kafkaCluster: "kafka/other" },
      message: /does not let a connector write elsewhere/,
    },
  ])("refuses, naming the reason, when $why", ({ input, workers: changed, message }) => {
    expect(() => renderMirrorMaker2(link(input), { ...workers, ...changed })).toThrow(message);
    try {
      renderMirrorMaker2(link(input), { ...workers, ...changed });
    } catch (err) {
      expect(err).toMatchObject({ reason: "LinkSpecUnsupported", isRetryable: false });
    }
  });

  it("renders the same configs for the same link (so unchanged means equal)", () => {
    expect(renderMirrorMaker2(link(), workers).connectors).toEqual(
      renderMirrorMaker2(link(), workers).connectors,
    );
  });
});

describe("connectorNameOf", () => {
  it("names each connector after the link and its MirrorMaker 2 class", () => {
    expect(connectorNameOf("ns.l", "checkpoint")).toBe("ns.l.MirrorCheckpointConnector");
  });
});
