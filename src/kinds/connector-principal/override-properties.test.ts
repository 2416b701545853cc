import { describe, expect, it } from "vitest";
import type { CredentialSpec, SecretKeyRef } from "../../credentials/credential-spec.ts";
import type { ConnectorAccess } from "./connector-access.ts";
import {
  isOverrideKey,
  overridePrefixes,
  renderOverrides,
  type WorkerSecrets,
} from "./override-properties.ts";

const workers: WorkerSecrets = {
  provider: { kind: "kubernetesSecrets", name: "secrets", namespace: "team-a" },
  mounts: { pathOf: (ref: SecretKeyRef) => `/mnt/secrets/${ref.name}/${ref.key}` },
};
const scram: CredentialSpec = {
  securityProtocol: "SASL_PLAINTEXT",
  sasl: {
    mechanism: "SCRAM-SHA-512",
    username: "orders-sink",
    password: { name: "orders-sink", key: "password" },
  },
};
const gssapi: CredentialSpec = {
  securityProtocol: "SASL_SSL",
  sasl: {
    mechanism: "GSSAPI",
    gssapi: {
      principal: "connector@KAFKA.TEST",
      serviceName: "kafka",
      keytab: { name: "kt", key: "keytab" },
    },
  },
};
const mtls: CredentialSpec = {
  securityProtocol: "SSL",
  tls: {
    verifyHostname: true,
    keystore: {
      type: "PKCS12",
      store: { name: "ks", key: "p12" },
      password: { name: "ks", key: "password" },
    },
    trust: { type: "PEM", store: { name: "ca", key: "ca.crt" } },
  },
};
const sink: ConnectorAccess = {
  role: "sink",
  topics: [{ name: "orders", patternType: "literal" }],
  topicsFrom: "spec",
  consumerGroup: "connect-orders-sink",
  topicCreation: false,
  exactlyOnce: false,
};
const source: ConnectorAccess = { ...sink, role: "source", consumerGroup: undefined };

describe("overridePrefixes", () => {
  it.each([
    { why: "a sink consumes", access: sink, prefixes: ["consumer.override."] },
    {
      why: "a sink's dead letter queue adds the producer and the admin that creates it",
      access: { ...sink, deadLetterQueueTopic: "dlq" },
      prefixes: ["consumer.override.", "producer.override.", "admin.override."],
    },
    { why: "a source produces", access: source, prefixes: ["producer.override."] },
    {
      why: "a source creating topics adds its admin",
      access: { ...source, topicCreation: true },
      prefixes: ["producer.override.", "admin.override."],
    },
    {
      why: "an exactly-once source adds the admin that fences and the consumer that reads its offsets",
      access: { ...source, exactlyOnce: true },
      prefixes: ["producer.override.", "admin.override.", "consumer.override."],
    },
  ])("$why", ({ access, prefixes }) => {
    expect(overridePrefixes(access)).toEqual(prefixes);
  });
});

describe("renderOverrides", () => {
  it("gives a SCRAM sink's consumer its principal, the password as a provider variable", () => {
    expect(
      renderOverrides({ credential: scram, access: sink, workers, bootstrapServers: undefined }),
    ).toEqual({
      isRendered: true,
      overrides: {
        "consumer.override.security.protocol": "SASL_PLAINTEXT",
        "consumer.override.sasl.mechanism": "SCRAM-SHA-512",
        "consumer.override.sasl.jaas.config":
          'org.apache.kafka.common.security.scram.ScramLoginModule required username="orders-sink" password="${secrets:team-a/orders-sink:password}";',
      },
    });
  });

  it("points every client at the credential's listener when bootstrap servers are given, the reporter included", () => {
    const rendering = renderOverrides({
      credential: scram,
      access: {
        ...sink,
        deadLetterQueueTopic: "dlq",
        reporter: { errorTopic: "failed", createTopics: false },
      },
      workers,
      bootstrapServers: ["kafka-0:9094", "kafka-1:9094"],
    });
    const overrides = rendering.isRendered ? rendering.overrides : {};
    expect(Object.entries(overrides).filter(([key]) => key.endsWith("bootstrap.servers"))).toEqual([
      ["consumer.override.bootstrap.servers", "kafka-0:9094,kafka-1:9094"],
      ["producer.override.bootstrap.servers", "kafka-0:9094,kafka-1:9094"],
      ["admin.override.bootstrap.servers", "kafka-0:9094,kafka-1:9094"],
      ["reporter.bootstrap.servers", "kafka-0:9094,kafka-1:9094"],
    ]);
    expect(Object.keys(overrides).filter((key) => key.startsWith("reporter."))).toEqual([
      "reporter.producer.security.protocol",
      "reporter.producer.sasl.mechanism",
      "reporter.producer.sasl.jaas.config",
      "reporter.admin.security.protocol",
      "reporter.admin.sasl.mechanism",
      "reporter.admin.sasl.jaas.config",
      "reporter.bootstrap.servers",
    ]);
  });

  it("names a keytab where the workers mount it", () => {
    const rendering = renderOverrides({
      credential: gssapi,
      access: source,
      workers,
      bootstrapServers: undefined,
    });
    expect(rendering.isRendered && rendering.overrides["producer.override.sasl.jaas.config"]).toContain(
      'keyTab="/mnt/secrets/kt/keytab" principal="connector@KAFKA.TEST"',
    );
  });

  it("gives an mTLS keystore as a mounted file and every Secret value as a provider variable", () => {
    expect(
      renderOverrides({ credential: mtls, access: source, workers, bootstrapServers: undefined }),
    ).toEqual({
      isRendered: true,
      overrides: {
        "producer.override.security.protocol": "SSL",
        "producer.override.ssl.truststore.type": "PEM",
        "producer.override.ssl.truststore.certificates": "${secrets:team-a/ca:ca.crt}",
        "producer.override.ssl.keystore.type": "PKCS12",
        "producer.override.ssl.keystore.location": "/mnt/secrets/ks/p12",
        "producer.override.ssl.keystore.password": "${secrets:team-a/ks:password}",
      },
    });
  });

  it.each([
    { why: "a keytab", credential: gssapi, named: 'Secret "kt" key "keytab"' },
    { why: "a PKCS12 keystore", credential: mtls, named: 'Secret "ks" key "p12"' },
  ])("refuses $why when the workers mount no Secrets", ({ credential, named }) => {
    const rendering = renderOverrides({
      credential,
      access: sink,
      workers: { ...workers, mounts: undefined },
      bootstrapServers: undefined,
    });
    expect(rendering).toMatchObject({ isRendered: false, reason: "SecretMountUnknown" });
    expect(rendering.isRendered === false && rendering.message).toContain(named);
  });

  it("needs no mounts for SCRAM and PEM stores", () => {
    expect(
      renderOverrides({
        credential: scram,
        access: sink,
        workers: { ...workers, mounts: undefined },
        bootstrapServers: undefined,
      }).isRendered,
    ).toBe(true);
  });
});

describe("isOverrideKey", () => {
  it.each([
    { key: "consumer.override.sasl.jaas.config", isOurs: true, why: "a client override" },
    { key: "reporter.admin.sasl.mechanism", isOurs: true, why: "a reporter client setting" },
    { key: "reporter.bootstrap.servers", isOurs: true, why: "the reporter's listener" },
    { key: "topics", isOurs: false, why: "the connector's own setting" },
    { key: "consumer.max.poll.records", isOurs: false, why: "a worker-style prefix that is not an override" },
    { key: "reporter.result.topic.name", isOurs: false, why: "the reporter's topic, which the user sets" },
  ])("$key: $why", ({ key, isOurs }) => {
    expect(isOverrideKey(key)).toBe(isOurs);
  });
});
