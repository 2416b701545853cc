import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  type Admin,
  Kafka,
  type KafkaConfig,
  logLevel,
  ResourcePatternTypes,
} from "kafkajs";
import { beforeAll, describe, expect, it } from "vitest";
import type { KafkaClusterInfo } from "../../local-stack/kafka.ts";
import { kafkaAcls, runKafkaTool } from "../../local-stack/kafka-tools.ts";
import { useStack } from "./use-stack.ts";

const stack = await useStack("kafka");
const { source, destination } = stack.kafka;
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

const client = (brokers: string, extra: Partial<KafkaConfig> = {}) =>
  new Kafka({
    clientId: "env-test",
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    ...extra,
  });
const superAdmin = (cluster: KafkaClusterInfo) => client(cluster.bootstrap.plaintext).admin();
const scram = (cluster: KafkaClusterInfo, user: string, password = cluster.scramUsers[user]!) =>
  client(cluster.bootstrap.scram, { sasl: { mechanism: "scram-sha-512", username: user, password } });
const tlsClient = (cluster: KafkaClusterInfo, identity: Record<string, unknown>) =>
  client(cluster.bootstrap.ssl, { ssl: { ca: [readFileSync(stack.tls.caPem)], ...identity } });

const topicAcl = (principal: string, topic: string, operation: AclOperationTypes) => ({
  resourceType: AclResourceTypes.TOPIC,
  resourceName: topic,
  resourcePatternType: ResourcePatternTypes.LITERAL,
  principal,
  host: "*",
  operation,
  permissionType: AclPermissionTypes.ALLOW,
});

async function withAdmin<T>(admin: Admin, use: (admin: Admin) => Promise<T>): Promise<T> {
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

describe.each([
  { name: "source", cluster: source },
  { name: "destination", cluster: destination },
])("ACLs on the $name cluster", ({ cluster }) => {
  it("are created, listed and deleted through the Admin API, and kafka-acls sees them", async () => {
    const topic = unique("acl-topic");
    const binding = topicAcl("User:bob", topic, AclOperationTypes.READ);
    const filter = {
      resourceType: AclResourceTypes.TOPIC,
      resourceName: topic,
      resourcePatternType: ResourcePatternTypes.LITERAL,
    };
    await withAdmin(superAdmin(cluster), async (admin) => {
      await admin.createAcls({ acl: [binding] });
      // CreateAcls answers once the controller committed; the broker answering DescribeAcls
      // applies the new metadata a moment later (longer while other tests write ACLs).
      const describe = async () =>
        (
          await admin.describeAcls({
            ...filter,
            principal: "User:bob",
            host: "*",
            operation: AclOperationTypes.ANY,
            permissionType: AclPermissionTypes.ANY,
          })
        ).resources.flatMap((r) => r.acls);
      let described = await describe();
      for (let attempt = 0; attempt < 50 && described.length === 0; attempt++) {
        await new Promise((r) => setTimeout(r, 100));
        described = await describe();
      }
      expect(described).toEqual([
        expect.objectContaining({ principal: "User:bob", operation: AclOperationTypes.READ }),
      ]);

      const listed = kafkaAcls(cluster, ["--list", "--topic", topic]);
      expect(listed.status, listed.stderr).toBe(0);
      expect(listed.stdout).toMatch(/principal=User:bob, host=\*, operation=READ, permissionType=ALLOW/);

      const deleted = await admin.deleteAcls({ filters: [binding] });
      expect(deleted.filterResponses[0]?.matchingAcls).toHaveLength(1);
      expect(kafkaAcls(cluster, ["--list", "--topic", topic]).stdout).not.toContain("User:bob");
    });
  });
});

describe("authorization on the destination cluster", () => {
  const topic = unique("orders");
  beforeAll(async () => {
    await withAdmin(superAdmin(destination), (admin) =>
      admin.createTopics({ topics: [{ topic }], waitForLeaders: true }),
    );
  });

  it("denies a produce without an ACL and allows it once one is added", async () => {
    const producer = scram(destination, "alice").producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      await expect(producer.send({ topic, messages: [{ value: "denied" }] })).rejects.toMatchObject({
        cause: { type: "TOPIC_AUTHORIZATION_FAILED" },
      });
      await withAdmin(superAdmin(destination), (admin) =>
        admin.createAcls({
          acl: [
            topicAcl("User:alice", topic, AclOperationTypes.WRITE),
            topicAcl("User:alice", topic, AclOperationTypes.DESCRIBE),
          ],
        }),
      );
      // The authorizer applies the new ACLs once their metadata record is committed.
      await expect
        .poll(
          async () =>
            producer.send({ topic, messages: [{ value: "allowed" }] }).then(
              () => "sent",
              (e) => e.cause?.type ?? e.type,
            ),
          {
            timeout: 10_000,
          },
        )
        .toBe("sent");
    } finally {
      await producer.disconnect();
    }
  });
});

describe("authentication on the listeners", () => {
  it("logs in with SCRAM-SHA-512 and refuses a wrong password clearly", async () => {
    const ok = await withAdmin(scram(destination, "alice").admin(), (admin) => admin.describeCluster());
    expect(ok.clusterId).toBe(destination.clusterId);
    await expect(
      withAdmin(scram(destination, "alice", "wrong-password").admin(), (a) => a.describeCluster()),
    ).rejects.toMatchObject({
      name: "KafkaJSSASLAuthenticationError",
      message: expect.stringMatching(/SCRAM SHA512 authentication failed/),
    });
  });

  it("logs in with a client certificate from a PKCS12 keystore and from PEM files", async () => {
    const admin = stack.tls.clients["kao-admin"]!;
    const fromPkcs12 = tlsClient(destination, {
      pfx: readFileSync(admin.pkcs12),
      passphrase: admin.password,
    });
    expect((await withAdmin(fromPkcs12.admin(), (a) => a.describeCluster())).clusterId).toBe(
      destination.clusterId,
    );
    const alice = stack.tls.clients.alice!;
    const fromPem = tlsClient(destination, {
      cert: readFileSync(alice.certPem),
      key: readFileSync(alice.keyPem),
    });
    expect((await withAdmin(fromPem.admin(), (a) => a.describeCluster())).clusterId).toBe(
      destination.clusterId,
    );
  });

  it("refuses a TLS client without a certificate", async () => {
    const anonymous = tlsClient(destination, {});
    await expect(withAdmin(anonymous.admin(), (a) => a.describeCluster())).rejects.toThrow();
  });

  it("serves GSSAPI on SASL_SSL to a keytab login (Kafka's own Java client)", () => {
    const config = join(stack.runDir, "kafka-destination", "tools-gssapi.properties");
    writeFileSync(
      config,
      [
        "security.protocol=SASL_SSL",
        "sasl.mechanism=GSSAPI",
        "sasl.kerberos.service.name=kafka",
        `sasl.jaas.config=com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true storeKey=true keyTab="${stack.kdc.keytabs["kao-admin"]}" principal="kao-admin@${stack.kdc.realm}";`,
        `ssl.truststore.location=${stack.tls.truststorePkcs12}`,
        "ssl.truststore.type=PKCS12",
        `ssl.truststore.password=${stack.tls.truststorePassword}`,
        "",
      ].join("\n"),
    );
    const listed = runKafkaTool(destination, "org.apache.kafka.tools.AclCommand", ["--list"], {
      bootstrap: destination.bootstrap.gssapi,
      commandConfig: config,
      krb5Conf: stack.kdc.krb5ConfPath,
    });
    expect(listed.status, listed.stderr).toBe(0);
  });
});
