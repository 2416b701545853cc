import { describe, expect, it } from "vitest";
import { gssapi as gssapiByKeytab, mtls as mtlsByPkcs12 } from "../../../test/fixtures/cluster-link-specs.ts";
import { confluentDesiredLink } from "../../../test/fixtures/confluent-desired-link.ts";
import { type CredentialSpecInput, credentialSpecSchema } from "../../credentials/credential-spec.ts";
import type { DesiredLink } from "../../ports/link-backend.ts";
import { type LinkRenderContext, renderConfluentLink } from "./link-configs.ts";

const credential = (input: CredentialSpecInput) => credentialSpecSchema.parse(input);
const secrets: Record<string, string> = {
  "link-scram/password": "l1nk-s3cret",
  "cloud-key/key": "CLOUDKEY",
  "cloud-key/secret": "cl0ud-s3cret",
  "link-tls/password": "st0re-pass",
  "link-pem/tls.crt": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
  "link-pem/tls.key": "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
};
const context = (overrides: Partial<LinkRenderContext> = {}): LinkRenderContext => ({
  secretValue: (ref) => {
    const value = secrets[`${ref.name}/${ref.key}`];
    if (value === undefined) throw new Error(`no ${ref.name}/${ref.key}`);
    return value;
  },
  secretMountPaths: { destination: "/mnt/link-secrets", source: "/var/run/link-secrets" },
  ...overrides,
});

const apiKey = credential({
  securityProtocol: "SASL_SSL",
  sasl: {
    mechanism: "PLAIN",
    usernameFrom: { name: "cloud-key", key: "key" },
    password: { name: "cloud-key", key: "secret" },
  },
});
const gssapi = credential({
  securityProtocol: "SASL_PLAINTEXT",
  sasl: { mechanism: "GSSAPI", gssapi: gssapiByKeytab.sasl.gssapi },
});
const pkcs12 = credential(mtlsByPkcs12);
const pem = credential({
  securityProtocol: "SSL",
  tls: {
    keystore: {
      type: "PEM",
      store: { name: "link-pem", key: "tls.crt" },
      key: { name: "link-pem", key: "tls.key" },
    },
  },
});

const base = confluentDesiredLink;
const link = (changes: Partial<DesiredLink>): DesiredLink => ({ ...base, ...changes });

describe("renderConfluentLink", () => {
  it("renders a destination-initiated link as one object on the destination, secrets inline", () => {
    const { halves, secretValues } = renderConfluentLink(base, context());
    expect(halves).toEqual([
      {
        cluster: "destination",
        side: "destination",
        remoteClusterId: "source-id",
        configs: {
          "bootstrap.servers": "source-0:9093,source-1:9093",
          "security.protocol": "SASL_SSL",
          "sasl.mechanism": "SCRAM-SHA-512",
          "sasl.jaas.config":
            'org.apache.kafka.common.security.scram.ScramLoginModule required username="link" password="l1nk-s3cret";',
          "cluster.link.paused": "false",
          "consumer.offset.sync.enable": "false",
          "acl.sync.enable": "false",
          "auto.create.mirror.topics.enable": "false",
        },
      },
    ]);
    expect(secretValues).toEqual(["l1nk-s3cret"]);
  });

  it("renders the link's fields: offsets and ACLs with their filters as JSON and intervals in ms, the prefix, auto-created mirrors, pause and configs", () => {
    const { halves } = renderConfluentLink(
      link({
        mirrors: {
          topics: [],
          include: [{ name: "sales.", patternType: "prefixed" }],
          exclude: [{ name: "sales.tmp", patternType: "literal" }],
          prefix: "west.",
        },
        consumerOffsets: {
          isEnabled: true,
          include: [{ name: "billing-", patternType: "prefixed" }],
          exclude: [{ name: "billing-test", patternType: "literal" }],
          intervalSeconds: 10,
        },
        aclSync: {
          isEnabled: true,
          filters: [{ resourceType: "topic", name: "sales.", patternType: "prefixed", operation: "Read" }],
          intervalSeconds: 2,
        },
        configs: { "mirror.start.offset.spec": "earliest" },
        isPaused: true,
      }),
      context(),
    );
    expect(halves[0]?.configs).toMatchObject({
      "mirror.start.offset.spec": "earliest",
      "cluster.link.paused": "true",
      "cluster.link.prefix": "west.",
      "consumer.offset.sync.enable": "true",
      "consumer.offset.group.filters":
        '{"groupFilters":[{"name":"billing-","patternType":"PREFIXED","filterType":"INCLUDE"},{"name":"billing-test","patternType":"LITERAL","filterType":"EXCLUDE"}]}',
      "consumer.offset.sync.ms": "10000",
      "acl.sync.enable": "true",
      "acl.filters":
        '{"aclFilters":[{"resourceFilter":{"resourceType":"TOPIC","name":"sales.","patternType":"PREFIXED"},"accessFilter":{"operation":"READ","permissionType":"ANY"}}]}',
      "acl.sync.ms": "2000",
      "auto.create.mirror.topics.enable": "true",
      "auto.create.mirror.topics.filters":
        '{"topicFilters":[{"name":"sales.","patternType":"PREFIXED","filterType":"INCLUDE"},{"name":"sales.tmp","patternType":"LITERAL","filterType":"EXCLUDE"}]}',
    });
  });

  it.each([
    {
      why: "a keytab is a file where the destination's brokers mount Secrets",
      credential: gssapi,
      key: "sasl.jaas.config",
      value: expect.stringContaining('keyTab="/mnt/link-secrets/link-keytab/link.keytab"'),
    },
    {
      why: "a PKCS12 keystore is a file; its password is inline",
      credential: pkcs12,
      key: "ssl.keystore.location",
      value: "/mnt/link-secrets/link-tls/link.p12",
    },
    {
      why: "a PEM key is inline: no file needed",
      credential: pem,
      key: "ssl.keystore.key",
      value: secrets["link-pem/tls.key"],
    },
  ])("names credential material as the brokers read it: $why", ({ credential, key, value }) => {
    const { halves } = renderConfluentLink(link({ source: { ...base.source, credential } }), context());
    expect(halves[0]?.configs[key]).toEqual(value);
  });

  it("refuses a file credential when the destination's brokers mount no Secrets, naming the KafkaCluster", () => {
    expect(() =>
      renderConfluentLink(
        link({ source: { ...base.source, credential: pkcs12 } }),
        context({ secretMountPaths: {} }),
      ),
    ).toThrow(
      expect.objectContaining({
        reason: "LinkSpecUnsupported",
        message: expect.stringContaining(
          'KafkaCluster "kafka/destination" declares no confluent.secretMountPath',
        ),
      }),
    );
  });

  it("renders a source-initiated link as a pair: the destination's inbound half first, then the source's with local.* credentials", () => {
    const { halves } = renderConfluentLink(
      link({
        source: { ...base.source, credential: gssapi },
        destination: { ...base.destination, bootstrapServers: ["destination:9095"], credential: apiKey },
        confluent: { isSourceInitiated: true },
      }),
      context(),
    );
    expect(halves.map((half) => [half.cluster, half.side, half.remoteClusterId])).toEqual([
      ["destination", "sourceInitiatedDestination", "source-id"],
      ["source", "sourceInitiatedSource", "dest-id"],
    ]);
    expect(halves[0]?.configs).not.toHaveProperty("bootstrap.servers");
    expect(halves[0]?.configs).toHaveProperty("consumer.offset.sync.enable", "false");
    expect(halves[1]?.configs).toEqual({
      "bootstrap.servers": "destination:9095",
      "security.protocol": "SASL_SSL",
      "sasl.mechanism": "PLAIN",
      "sasl.jaas.config":
        'org.apache.kafka.common.security.plain.PlainLoginModule required username="CLOUDKEY" password="cl0ud-s3cret";',
      "local.security.protocol": "SASL_PLAINTEXT",
      "local.sasl.mechanism": "GSSAPI",
      // The source's own brokers read the keytab: it is named where they mount Secrets.
      "local.sasl.jaas.config": expect.stringContaining(
        'keyTab="/var/run/link-secrets/link-keytab/link.keytab"',
      ),
    });
  });

  it("records the configs keys it sets, and a secrets hash that moves with a Secret's value only", () => {
    const record = (changes: Partial<DesiredLink>, secret = "l1nk-s3cret") =>
      renderConfluentLink(
        link(changes),
        context({ secretValue: (ref) => (ref.name === "link-scram" ? secret : "") }),
      ).record;
    const first = record({ configs: { "topic.config.sync.ms": "1000", "availability.check.ms": "60000" } });
    expect(first.configKeys).toEqual(["availability.check.ms", "topic.config.sync.ms"]);
    expect(record({ isPaused: true }).secretsHash).toBe(first.secretsHash);
    expect(record({}, "rotated").secretsHash).not.toBe(first.secretsHash);
    expect(record({ name: "payments" }).secretsHash).not.toBe(first.secretsHash);
    expect(first.secretsHash).not.toContain("l1nk");
  });
});
