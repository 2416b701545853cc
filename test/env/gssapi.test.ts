import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { describe, expect, inject, it } from "vitest";
import { type GssapiLogin, gssapiMechanism } from "../../src/adapters/kafka/gssapi-mechanism.ts";

const stack = inject("stack");
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

describe("GSSAPI logins from Node with a keytab", () => {
  it("authenticate to the SASL_SSL listener", async () => {
    expect((await describeClusterAs(login("kao-admin"))).clusterId).toBe(destination.clusterId);
  });

  it("keep several principals apart in one process", async () => {
    const [admin, link] = await Promise.all([
      describeClusterAs(login("kao-admin")),
      describeClusterAs(login("link")),
    ]);
    expect([admin.clusterId, link.clusterId]).toEqual([destination.clusterId, destination.clusterId]);
  });

  it("fail with a reason naming the principal when the keytab holds another one", async () => {
    const wrong = join(stack.runDir, "kdc", "other-as-link.keytab");
    copyFileSync(kdc.keytabs.other!, wrong);
    await expect(describeClusterAs(login("link", wrong))).rejects.toThrow(
      new RegExp(
        `Cannot authenticate as "link@${kdc.realm}" to localhost with GSSAPI \\(getting a ticket\\): .+`,
      ),
    );
  });
});
