import { describe, expect, it } from "vitest";
import { type CredentialSpecInput, credentialSpecSchema } from "../../credentials/credential-spec.ts";
import { backendLinkName, desiredLink, principalOf } from "./desired-link.ts";
import { type ClusterLinkSpecInput, clusterLinkSpecSchema } from "./schema.ts";

const credential = (input: CredentialSpecInput) => credentialSpecSchema.parse(input);
const secret = (name: string) => ({ name, key: "value" });

const gssapi: CredentialSpecInput = {
  securityProtocol: "SASL_SSL",
  sasl: {
    mechanism: "GSSAPI",
    gssapi: { principal: "link/mm2.example.com@EXAMPLE.COM", keytab: secret("kt") },
  },
};
const scram: CredentialSpecInput = {
  securityProtocol: "SASL_PLAINTEXT",
  sasl: { mechanism: "SCRAM-SHA-512", username: "mm2-writer", password: secret("pw") },
};
const mtls: CredentialSpecInput = {
  securityProtocol: "SSL",
  tls: { keystore: { type: "PKCS12", store: secret("p12"), password: secret("pw") } },
};

describe("principalOf", () => {
  it.each<{ why: string; input: CredentialSpecInput; principal: string | undefined }>([
    {
      why: "Kerberos: the first component, as Kafka's DEFAULT rule maps it",
      input: gssapi,
      principal: "User:link",
    },
    { why: "SCRAM: the user name", input: scram, principal: "User:mm2-writer" },
    {
      why: "PLAIN with the user name in a Secret: not known without reading it",
      input: {
        securityProtocol: "SASL_SSL",
        sasl: { mechanism: "PLAIN", usernameFrom: secret("key"), password: secret("secret") },
      },
      principal: undefined,
    },
    { why: "mutual TLS: the brokers' mapping rules decide", input: mtls, principal: undefined },
    {
      why: "TLS without a client certificate: anonymous",
      input: { securityProtocol: "SSL", tls: { trust: { type: "PEM", store: secret("ca") } } },
      principal: "User:ANONYMOUS",
    },
    {
      why: "no authentication at all: anonymous",
      input: { securityProtocol: "PLAINTEXT" },
      principal: "User:ANONYMOUS",
    },
  ])("$why", ({ input, principal }) => {
    expect(principalOf(credential(input))).toBe(principal);
  });
});

const resource = { namespace: "team-a", name: "orders" };
const clusters = {
  destination: { key: "kafka/destination", bootstrapServers: ["destination:9093"], clusterId: "dest-id" },
  source: { key: "kafka/source", bootstrapServers: ["source:9093"], clusterId: "source-id" },
};
const spec = (input: Partial<ClusterLinkSpecInput>) =>
  clusterLinkSpecSchema.parse({
    backend: "mirrorMaker2",
    destination: { kafkaClusterRef: { name: "destination", namespace: "kafka" } },
    source: { kafkaClusterRef: { name: "source", namespace: "kafka" }, credential: gssapi },
    mirrorMaker2: { connectClusterRef: { name: "connect" } },
    mirrors: { topics: [{ name: "orders" }] },
    ...input,
  });

describe("backendLinkName", () => {
  it.each<{ why: string; input: Partial<ClusterLinkSpecInput>; name: string }>([
    {
      why: "MirrorMaker 2 connectors carry the namespace (one Connect cluster, many namespaces)",
      input: {},
      name: "team-a.orders",
    },
    {
      why: "a Confluent link is named after the resource",
      input: { backend: "confluent", mirrorMaker2: undefined },
      name: "orders",
    },
    {
      why: "a Confluent link takes the name the spec gives",
      input: { backend: "confluent", mirrorMaker2: undefined, linkName: "west-to-east" },
      name: "west-to-east",
    },
  ])("$why", ({ input, name }) => {
    expect(backendLinkName(resource, spec(input))).toBe(name);
  });
});

describe("desiredLink", () => {
  it("takes the source's address and id from its KafkaCluster, and writes to the destination with the link credential", () => {
    const link = desiredLink(resource, spec({ paused: true }), clusters);
    expect(link).toMatchObject({
      name: "team-a.orders",
      secretNamespace: "team-a",
      source: {
        kafkaCluster: "kafka/source",
        bootstrapServers: ["source:9093"],
        clusterId: "source-id",
        principal: "User:link",
      },
      destination: {
        kafkaCluster: "kafka/destination",
        bootstrapServers: ["destination:9093"],
        clusterId: "dest-id",
        credential: link.source.credential,
        principal: "User:link",
      },
      mirrors: { topics: [{ name: "orders", state: "active" }], include: [], exclude: [] },
      consumerOffsets: { isEnabled: false },
      aclSync: { isEnabled: false },
      configs: {},
      isPaused: true,
      mirrorMaker2: { heartbeats: false },
    });
  });

  it("prefers the spec's own bootstrap servers, cluster id and principal over the KafkaCluster's", () => {
    const link = desiredLink(
      resource,
      spec({
        source: {
          kafkaClusterRef: { name: "source" },
          bootstrapServers: ["source:9094"],
          clusterId: "declared-id",
          credential: mtls,
          principal: "User:link-cert",
        },
      }),
      clusters,
    );
    expect(link.source).toMatchObject({
      bootstrapServers: ["source:9094"],
      clusterId: "declared-id",
      principal: "User:link-cert",
    });
  });

  it("writes to the destination with MirrorMaker 2's own access when the spec gives it", () => {
    const link = desiredLink(
      resource,
      spec({
        mirrorMaker2: {
          connectClusterRef: { name: "connect" },
          heartbeats: true,
          destinationAccess: { bootstrapServers: ["destination:9094"], credential: scram },
        },
      }),
      clusters,
    );
    expect(link.destination).toMatchObject({
      bootstrapServers: ["destination:9094"],
      principal: "User:mm2-writer",
    });
    expect(link.destination.credential?.sasl?.mechanism).toBe("SCRAM-SHA-512");
    expect(link.mirrorMaker2).toEqual({ heartbeats: true });
  });

  it("gives a Confluent link's destination no credential: the destination's own brokers run it", () => {
    const link = desiredLink(resource, spec({ backend: "confluent", mirrorMaker2: undefined }), {
      destination: clusters.destination,
      source: clusters.source,
    });
    expect(link.destination.credential).toBeUndefined();
    expect(link.mirrorMaker2).toBeUndefined();
    expect(link.confluent).toEqual({ isSourceInitiated: false });
  });

  it("gives a source-initiated Confluent link's destination the credential its source half logs in with", () => {
    const link = desiredLink(
      resource,
      spec({
        backend: "confluent",
        mirrorMaker2: undefined,
        confluent: { sourceInitiated: { bootstrapServers: ["destination:9095"], credential: scram } },
      }),
      clusters,
    );
    expect(link.confluent).toEqual({ isSourceInitiated: true });
    expect(link.destination).toMatchObject({
      kafkaCluster: "kafka/destination",
      clusterId: "dest-id",
      bootstrapServers: ["destination:9095"],
      principal: "User:mm2-writer",
    });
    expect(link.destination.credential?.sasl?.mechanism).toBe("SCRAM-SHA-512");
    // The link credential still logs in to the source: on the source half, as local.* configs.
    expect(link.source.credential.sasl?.mechanism).toBe("GSSAPI");
  });
});
