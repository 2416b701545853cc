import { describe, expect, it } from "vitest";
import { connectorPrincipalSpecSchema } from "./schema.ts";

const ref = (name: string, key: string) => ({ name, key });
const scram = {
  securityProtocol: "SASL_PLAINTEXT",
  sasl: { mechanism: "SCRAM-SHA-512", username: "file-sink", password: ref("file-sink", "password") },
};
const gssapi = {
  securityProtocol: "SASL_SSL",
  sasl: { mechanism: "GSSAPI", gssapi: { principal: "connector@KAFKA.TEST", keytab: ref("kt", "keytab") } },
};
const mtls = {
  securityProtocol: "SSL",
  tls: { keystore: { type: "PKCS12", store: ref("ks", "p12"), password: ref("ks", "password") } },
};
const base = { connectRef: { name: "connect" }, connector: "file-sink", credential: scram };
const parse = (fields: object) => connectorPrincipalSpecSchema.safeParse({ ...base, ...fields });
const messages = (fields: object) => parse(fields).error?.issues.map((i) => i.message) ?? [];

describe("connectorPrincipalSpecSchema", () => {
  it("fills in the defaults a user leaves out", () => {
    expect(connectorPrincipalSpecSchema.parse(base)).toMatchObject({
      role: "detect",
      deletionPolicy: "Delete",
      dryRun: false,
    });
    expect(
      connectorPrincipalSpecSchema.parse({ ...base, role: "sink", topics: [{ name: "orders" }] }).topics,
    ).toEqual([{ name: "orders", patternType: "literal" }]);
  });

  it.each([
    { why: "a SCRAM sink whose topics come from its config", fields: {} },
    {
      why: "a GSSAPI principal named explicitly",
      fields: { credential: gssapi, principal: "User:connector" },
    },
    {
      why: "a GSSAPI principal with a krb5.conf for the operator's login check",
      fields: {
        principal: "User:connector",
        credential: {
          ...gssapi,
          sasl: { ...gssapi.sasl, gssapi: { ...gssapi.sasl.gssapi, krb5Conf: ref("krb5", "krb5.conf") } },
        },
      },
    },
    {
      why: "an mTLS source with topic creation and exactly-once",
      fields: {
        credential: mtls,
        principal: "User:connector",
        role: "source",
        topics: [{ name: "team-a.", patternType: "prefixed" }],
        topicCreation: true,
        exactlyOnce: true,
      },
    },
    {
      why: "a sink with its dead letter queue, reporter and group",
      fields: {
        role: "sink",
        consumerGroup: "connect-file-sink",
        deadLetterQueueTopic: "file-sink-dlq",
        reporter: { resultTopic: "ok", errorTopic: "failed", createTopics: true },
      },
    },
    {
      why: "a principal that differs from the user name (a Confluent Cloud API key's service account)",
      fields: { principal: "User:sa-1234" },
    },
  ])("accepts $why", ({ fields }) => {
    expect(parse(fields).error?.issues).toBeUndefined();
  });

  it.each([
    {
      why: "an mTLS credential has no user name to default the principal from",
      fields: { credential: mtls },
      message: "principal is required unless the credential is SCRAM or PLAIN with sasl.username",
    },
    {
      why: "every principal is not one connector's",
      fields: { principal: "User:*" },
      message: 'principal names the connector\'s own principal, not "User:*"',
    },
    {
      why: "PLAINTEXT authenticates nobody",
      fields: { credential: { securityProtocol: "PLAINTEXT" }, principal: "User:x" },
      message: "credential must authenticate: over PLAINTEXT every client is User:ANONYMOUS",
    },
    {
      why: "SSL without a client certificate authenticates nobody",
      fields: { credential: { securityProtocol: "SSL" }, principal: "User:x" },
      message: "SSL authenticates the connector only with a client certificate",
    },
    {
      why: "a source has no dead letter queue",
      fields: { role: "source", topics: [{ name: "t" }], deadLetterQueueTopic: "dlq" },
      message: "deadLetterQueueTopic belongs to a sink connector, and role is source",
    },
    {
      why: "a sink creates no topics",
      fields: { role: "sink", topicCreation: true },
      message: "topicCreation belongs to a source connector, and role is sink",
    },
    {
      why: "a source's topics are not in a standard config key",
      fields: { role: "source" },
      message: "a source connector's topics cannot be read from its config: list them in topics",
    },
    {
      why: "a reporter without a topic reports nowhere",
      fields: { reporter: { createTopics: true } },
      message: "reporter needs resultTopic or errorTopic",
    },
    {
      why: "an empty topic list would grant nothing",
      fields: { topics: [] },
      message: "Too small: expected array to have >=1 items",
    },
  ])("rejects a spec when $why", ({ fields, message }) => {
    expect(messages(fields).join("\n")).toContain(message);
  });
});
