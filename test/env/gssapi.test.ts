import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { describe, expect, it } from "vitest";
import { createPrincipal, removePrincipal, rotateKey } from "../../local-stack/kdc.ts";
import { type GssapiLogin, gssapiMechanism } from "../../src/adapters/kafka/gssapi-mechanism.ts";
import { translateKafkaError } from "../../src/adapters/kafka/kafka-error.ts";
import { useStack } from "./use-stack.ts";

const stack = await useStack("kafka");
const { destination } = stack.kafka;
const { kdc } = stack;

const describeClusterAs = async (login: GssapiLogin) => {
  const admin = new Kafka({
    clientId: "gssapi-test",
    brokers: [destination.bootstrap.gssapi],
    ssl: { ca: [readFileSync(stack.tls.caPem)] },
    sasl: gssapiMechanism(login),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  }).admin();
  await admin.connect();
  try {
    return await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
};
const login = (name: string, keytab = kdc.keytabs[name]!): GssapiLogin => ({
  principal: `${name}@${kdc.realm}`,
  keytabPath: keytab,
  krb5ConfPath: kdc.krb5ConfPath,
});
/** What the operator reports for a failed login (the CredentialsValid message). */
const reportedFailure = async (attempt: Promise<unknown>) => {
  const thrown = await attempt.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(thrown, "the login should have failed").toBeDefined();
  const { error } = translateKafkaError(thrown, "log in", "destination");
  return { reason: error.reason, message: error.message };
};

describe("GSSAPI logins from Node with a keytab", () => {
  it("authenticate to the SASL_SSL listener", async () => {
    expect((await describeClusterAs(login("kao-admin"))).clusterId).toBe(destination.clusterId);
  });

  it("keep several principals apart in one process, a failing one included", async () => {
    const wrong = join(stack.runDir, "kdc", "other-as-connector.keytab");
    copyFileSync(kdc.keytabs.other!, wrong);
    const [admin, link, connector] = await Promise.allSettled([
      describeClusterAs(login("kao-admin")),
      describeClusterAs(login("link")),
      describeClusterAs(login("connector", wrong)),
    ]);
    expect(admin.status === "fulfilled" && admin.value.clusterId).toBe(destination.clusterId);
    expect(link.status === "fulfilled" && link.value.clusterId).toBe(destination.clusterId);
    expect(connector.status).toBe("rejected");
  });

  it.each([
    {
      why: "the keytab holds another principal's key",
      prepare: () => {
        const wrong = join(stack.runDir, "kdc", "other-as-link.keytab");
        copyFileSync(kdc.keytabs.other!, wrong);
        return login("link", wrong);
      },
      expected: (realm: string) =>
        `GSSAPI login as "link@${realm}" failed while reading the keytab: the keytab holds keys for other@${realm}, not for link@${realm}`,
    },
    {
      why: "the KDC no longer knows the principal",
      prepare: () => {
        const keytab = createPrincipal(kdc, "removed");
        removePrincipal(kdc, "removed");
        return login("removed", keytab);
      },
      expected: (realm: string) =>
        `GSSAPI login as "removed@${realm}" failed while getting a ticket: .*Client 'removed@${realm}' not found in Kerberos database`,
    },
    {
      why: "the KDC rotated the principal's key after the keytab was exported",
      prepare: () => {
        const keytab = createPrincipal(kdc, "rotated");
        rotateKey(kdc, "rotated");
        return login("rotated", keytab);
      },
      expected: (realm: string) =>
        `GSSAPI login as "rotated@${realm}" failed while getting a ticket: .*Preauthentication failed`,
    },
  ])(
    "are refused as AuthenticationFailed with Kerberos's reason when $why",
    async ({ prepare, expected }) => {
      const failure = await reportedFailure(describeClusterAs(prepare()));
      expect(failure.reason).toBe("AuthenticationFailed");
      expect(failure.message).toMatch(
        new RegExp(`^Cannot log in on cluster "destination": ${expected(kdc.realm)}$`),
      );
    },
  );

  it("ask for the ticket of the service name they are given", async () => {
    const failure = await reportedFailure(
      describeClusterAs({ ...login("kao-admin"), serviceName: "kafka-other" }),
    );
    expect(failure.reason).toBe("AuthenticationFailed");
    expect(failure.message).toContain(
      `Server kafka-other/localhost@${kdc.realm} not found in Kerberos database`,
    );
  });
});
