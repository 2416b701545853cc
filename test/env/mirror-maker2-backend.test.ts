// The MirrorMaker 2 link backend against the real Connect worker and the two real clusters, with
// no reconciler: link credentials from Secrets (a keytab, a SCRAM password, a PKCS12 store)
// reach the connectors only as config-provider variables and mounted files, records reach the
// mirrors, a consumer group's position follows it to the destination, and applying an
// unchanged link writes nothing. The link principal's ACLs come from the access catalog, as the
// backend names them (mirrorMaker2Access), and are granted here directly; the ClusterLink
// reconciler owns them in the e2e tests.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import kafkajs, { type Admin } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consume, produceToNewTopic } from "../../local-stack/kafka-records.ts";
import { mountSecrets, type SecretMounts } from "../../local-stack/secret-mounts.ts";
import { withPrincipal } from "../../src/access/access-roles.ts";
import type { AclBinding } from "../../src/access/acl-binding.ts";
import { ConnectRestClients } from "../../src/adapters/connect/connect-rest-client.ts";
import { JsonHttpClients } from "../../src/adapters/http/json-http-client.ts";
import { KafkaAclStore } from "../../src/adapters/kafka/acl-store.ts";
import { mirrorMaker2Access } from "../../src/adapters/mirror-maker2/link-access.ts";
import {
  MirrorMaker2Backend,
  type TopicOffsets,
} from "../../src/adapters/mirror-maker2/mirror-maker2-backend.ts";
import { findSecretValues } from "../../src/credentials/client-properties.ts";
import type { CredentialSpec } from "../../src/credentials/credential-spec.ts";
import type { ConnectApi } from "../../src/ports/connect-api.ts";
import type { DesiredLink } from "../../src/ports/link-backend.ts";
import type { ConnectWorkers } from "../../src/ports/link-backend-factory.ts";
import { useStack } from "./use-stack.ts";

const stack = await useStack("connect");
const { source, destination } = stack.kafka;
const run = randomBytes(3).toString("hex");
const namespace = `mm2-${run}`;
const unique = (name: string) => `${name}-${run}`;

// Secrets of the link credentials, named per run: the mount path is shared, like a pod's.
const secrets = {
  keytab: unique("link-keytab"),
  ca: unique("kafka-ca"),
  scram: unique("link-scram"),
  scramOnDestination: unique("link-scram-destination"),
  tls: unique("link-tls"),
};
const secretValues = {
  scramPassword: source.scramUsers.link!,
  // Each cluster gave its SCRAM user "link" a password of its own.
  scramPasswordOnDestination: destination.scramUsers.link!,
  storePassword: stack.tls.clients.link!.password,
};

const scramWith = (secret: string): CredentialSpec => ({
  securityProtocol: "SASL_PLAINTEXT",
  sasl: { mechanism: "SCRAM-SHA-512", username: "link", password: { name: secret, key: "password" } },
});
const credentials: Record<"gssapi" | "scram" | "mtls", CredentialSpec> = {
  gssapi: {
    securityProtocol: "SASL_SSL",
    sasl: {
      mechanism: "GSSAPI",
      gssapi: {
        principal: `link@${stack.kdc.realm}`,
        serviceName: "kafka",
        keytab: { name: secrets.keytab, key: "link.keytab" },
      },
    },
    tls: { verifyHostname: true, trust: { type: "PEM", store: { name: secrets.ca, key: "ca.crt" } } },
  },
  scram: scramWith(secrets.scram),
  mtls: {
    securityProtocol: "SSL",
    tls: {
      verifyHostname: true,
      trust: { type: "PEM", store: { name: secrets.ca, key: "ca.crt" } },
      keystore: {
        type: "PKCS12",
        store: { name: secrets.tls, key: "link.p12" },
        password: { name: secrets.tls, key: "password" },
      },
    },
  },
};
const listenerOf = { gssapi: "gssapi", scram: "scram", mtls: "ssl" } as const;

const workers: ConnectWorkers = {
  connectCluster: "kafka/connect",
  kafkaCluster: "kafka/destination",
  overridePolicy: stack.connect.overridePolicy,
  configProvider: { name: stack.connect.secretProvider, kind: "kubernetesSecrets" },
  secretMountPath: stack.connect.secretMountPath,
};

function linkOf(
  credential: keyof typeof credentials,
  name: string,
  input: Partial<Pick<DesiredLink, "mirrors" | "consumerOffsets" | "isPaused">> = {},
): DesiredLink {
  const listener = listenerOf[credential];
  return {
    name: `${namespace}.${name}`,
    secretNamespace: namespace,
    source: {
      kafkaCluster: "kafka/source",
      bootstrapServers: [source.bootstrap[listener]],
      credential: credentials[credential],
      principal: "User:link",
    },
    destination: {
      kafkaCluster: "kafka/destination",
      bootstrapServers: [destination.bootstrap[listener]],
      credential: credential === "scram" ? scramWith(secrets.scramOnDestination) : credentials[credential],
      principal: "User:link",
    },
    mirrors: { topics: [], include: [], exclude: [] },
    consumerOffsets: { isEnabled: false, include: [], exclude: [] },
    aclSync: { isEnabled: false, filters: [] },
    configs: {},
    isPaused: false,
    mirrorMaker2: { heartbeats: false },
    ...input,
  };
}

/** A Connect client that counts the calls each method received, to see that nothing was written. */
function countingConnect(connect: ConnectApi) {
  const calls = new Map<string, number>();
  const counted = new Proxy(connect, {
    get(target, property: string) {
      const method = target[property as keyof ConnectApi] as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        calls.set(property, (calls.get(property) ?? 0) + 1);
        return method.apply(target, args);
      };
    },
  });
  return { connect: counted, calls };
}

const kafka = (brokers: string) =>
  new kafkajs.Kafka({ clientId: "mm2-backend-test", brokers: [brokers], logLevel: kafkajs.logLevel.NOTHING });
const sourceKafka = kafka(source.bootstrap.plaintext);
const destinationKafka = kafka(destination.bootstrap.plaintext);
const sourceAdmin = sourceKafka.admin();
const destinationAdmin = destinationKafka.admin();

function topicOffsetsOf(admin: Admin): TopicOffsets {
  return {
    listTopics: () => admin.listTopics(),
    async endOffsets(topics) {
      const existing = new Set(await admin.listTopics());
      const ends = new Map<string, ReadonlyMap<number, number>>();
      for (const topic of topics.filter((t) => existing.has(t))) {
        const offsets = await admin.fetchTopicOffsets(topic);
        ends.set(topic, new Map(offsets.map((o) => [o.partition, Number(o.high)])));
      }
      return ends;
    },
  };
}

const rest = new ConnectRestClients(new JsonHttpClients()).clientFor("mirror-maker2-test", {
  baseUrl: stack.connect.restUrl,
});
const backendWith = (connect: ConnectApi) =>
  new MirrorMaker2Backend({
    connect,
    workers,
    topicOffsetsOf: (_endpoint, side) => topicOffsetsOf(side === "source" ? sourceAdmin : destinationAdmin),
  });
const backend = backendWith(rest);

const aclStore = new KafkaAclStore({
  adminFor: async (cluster) => (cluster === "kafka/source" ? sourceAdmin : destinationAdmin),
  resyncPeriodMs: 60_000,
});
const granted: Array<{ cluster: string; bindings: AclBinding[] }> = [];

/** The link principal's ACLs on both clusters, from the access catalog, for what `link` mirrors. */
async function grantLinkAcls(link: DesiredLink) {
  for (const need of mirrorMaker2Access(link, workers)) {
    const cluster = need.side === "source" ? "kafka/source" : "kafka/destination";
    const bindings = withPrincipal(need.requirements, need.principal);
    const results = await aclStore.createBindings(cluster, bindings);
    expect(results.filter((r) => r.outcome === "failed")).toEqual([]);
    granted.push({ cluster, bindings });
  }
}

const createSourceTopic = (topic: string, values: readonly string[]) =>
  produceToNewTopic(sourceKafka, topic, values);

/** The values of `topic` on the destination, read by `groupId` from its committed position (or the start). */
async function readFromDestination(topic: string, count: number, groupId = unique(`reader-${topic}`)) {
  // A consumer cannot subscribe to a topic that does not exist yet: MirrorMaker 2 creates it.
  await expect
    .poll(async () => (await destinationAdmin.listTopics()).includes(topic), { timeout: 60_000 })
    .toBe(true);
  return consume(destinationKafka, topic, groupId, count);
}

async function endOffsetOf(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, o) => sum + Number(o.high), 0);
}

const created: DesiredLink[] = [];
async function createLink(link: DesiredLink) {
  await grantLinkAcls(link);
  created.push(link);
  return backend.create(link);
}

async function untilActive(link: DesiredLink) {
  await expect
    .poll(async () => (await backend.observe(link)).state, { timeout: 90_000, interval: 1_000 })
    .toBe("active");
}

let mounts: SecretMounts;

beforeAll(async () => {
  await Promise.all([sourceAdmin.connect(), destinationAdmin.connect()]);
  const kubectl = (args: string[]) => {
    const result = spawnSync("kubectl", ["--kubeconfig", stack.kube.kubeconfigPath, ...args], {
      encoding: "utf8",
    });
    expect(result.status, result.stderr).toBe(0);
  };
  kubectl(["create", "namespace", namespace]);
  const secret = (name: string, ...from: string[]) =>
    kubectl(["-n", namespace, "create", "secret", "generic", name, ...from]);
  secret(secrets.keytab, `--from-file=link.keytab=${stack.kdc.keytabs.link}`);
  secret(secrets.ca, `--from-file=ca.crt=${stack.tls.caPem}`);
  secret(secrets.scram, `--from-literal=password=${secretValues.scramPassword}`);
  secret(secrets.scramOnDestination, `--from-literal=password=${secretValues.scramPasswordOnDestination}`);
  secret(
    secrets.tls,
    `--from-file=link.p12=${stack.tls.clients.link!.pkcs12}`,
    `--from-literal=password=${secretValues.storePassword}`,
  );
  mounts = await mountSecrets({
    kubeconfigPath: stack.kube.kubeconfigPath,
    namespace,
    names: Object.values(secrets),
    mountPath: stack.connect.secretMountPath,
  });
  for (const name of Object.values(secrets)) await mounts.whenMounted(name);
});

afterAll(async () => {
  for (const link of created) await backend.delete(link);
  for (const { cluster, bindings } of granted) await aclStore.deleteBindings(cluster, bindings);
  await mounts?.stop();
  await Promise.all([sourceAdmin.disconnect(), destinationAdmin.disconnect()]);
});

describe("the MirrorMaker 2 backend on the real Connect worker", () => {
  it("mirrors records over a GSSAPI link credential from a keytab Secret, with no secret in any connector config", async () => {
    const topic = unique("orders");
    const values = ["o-1", "o-2", "o-3", "o-4", "o-5"];
    await createSourceTopic(topic, values);
    const link = linkOf("gssapi", "gssapi", {
      mirrors: { topics: [{ name: topic, state: "active" }], include: [], exclude: [] },
    });

    const changes = await createLink(link);
    expect(changes).toEqual([{ part: `${link.name}.MirrorSourceConnector`, outcome: "created" }]);
    expect(await readFromDestination(topic, values.length)).toEqual(values);

    await untilActive(link);
    await expect
      .poll(async () => (await backend.observe(link)).mirrors, { timeout: 30_000, interval: 1_000 })
      .toEqual([{ sourceTopic: topic, mirrorTopic: topic, state: "active", lag: 0 }]);

    const stored = await fetch(
      `${stack.connect.restUrl}/connectors/${encodeURIComponent(`${link.name}.MirrorSourceConnector`)}/config`,
    );
    const text = await stored.text();
    expect(text).toContain(`\${secrets:${namespace}/${secrets.ca}:ca.crt}`);
    expect(text).toContain(`${stack.connect.secretMountPath}/${secrets.keytab}/link.keytab`);
    const keytabText = readFileSync(stack.kdc.keytabs.link!).toString("base64");
    expect(
      findSecretValues(text, [
        ...Object.values(secretValues),
        keytabText,
        readFileSync(stack.tls.caPem, "utf8"),
      ]),
    ).toEqual([]);
  });

  it("migrates a consumer group's offset: on the destination the group resumes where it stopped on the source", async () => {
    const topic = unique("payments");
    // Spaces and regex characters in a group id are escaped for MirrorMaker 2's lists.
    const group = `billing eu (${run})*`;
    const values = Array.from({ length: 10 }, (_, i) => `p-${i + 1}`);
    await createSourceTopic(topic, values);

    // The group consumes the first 4 records on the source and commits its position.
    const consumed = await consume(sourceKafka, topic, group, 4);
    expect(consumed).toEqual(values.slice(0, 4));

    const link = linkOf("gssapi", "offsets", {
      mirrors: { topics: [{ name: topic, state: "active" }], include: [], exclude: [] },
      consumerOffsets: {
        isEnabled: true,
        include: [{ name: group, patternType: "literal" }],
        exclude: [],
        intervalSeconds: 1,
      },
    });
    const changes = await createLink(link);
    expect(changes.map((c) => c.part)).toEqual([
      `${link.name}.MirrorSourceConnector`,
      `${link.name}.MirrorCheckpointConnector`,
    ]);

    await expect
      .poll(
        async () => {
          const [offsets] = await destinationAdmin.fetchOffsets({ groupId: group, topics: [topic] });
          return offsets?.partitions[0]?.offset;
        },
        { timeout: 90_000, interval: 1_000 },
      )
      .toBe("4");
    // The same group on the destination reads on from record 5: nothing consumed is read again.
    expect(await readFromDestination(topic, 6, group)).toEqual(values.slice(4));
  });

  it.each([
    { credential: "scram" as const, prefix: "scram." },
    { credential: "mtls" as const, prefix: undefined },
  ])("mirrors records over a $credential link credential", async ({ credential, prefix }) => {
    const topic = unique(`events-${credential}`);
    const values = ["e-1", "e-2", "e-3"];
    await createSourceTopic(topic, values);
    const link = linkOf(credential, credential, {
      mirrors: {
        topics: [{ name: topic, state: "active" }],
        include: [],
        exclude: [],
        ...(prefix ? { prefix } : {}),
      },
    });
    await createLink(link);
    const mirror = `${prefix ?? ""}${topic}`;
    expect(await readFromDestination(mirror, values.length)).toEqual(values);
    await untilActive(link);
    expect((await backend.observe(link)).mirrors).toMatchObject([
      { sourceTopic: topic, mirrorTopic: mirror },
    ]);
  });

  it("applies an unchanged link without a write, changes a filter in place, pauses, resumes and deletes", async () => {
    const topic = unique("audit");
    const extra = unique("audit-extra");
    await createSourceTopic(topic, ["a-1"]);
    await createSourceTopic(extra, ["x-1"]);
    const link = linkOf("scram", "lifecycle", {
      mirrors: { topics: [{ name: topic, state: "active" }], include: [], exclude: [] },
    });
    await createLink(link);
    await untilActive(link);

    const { connect, calls } = countingConnect(rest);
    const counted = backendWith(connect);
    const configRecords = await endOffsetOf(destinationAdmin, stack.connect.configTopic);
    const before = await counted.observe(link);
    expect(before).toMatchObject({ exists: true, isUpToDate: true, isPaused: false, differences: [] });

    expect(await counted.update(link)).toEqual([]);
    const writes = ["putConnectorConfig", "deleteConnector", "pauseConnector", "resumeConnector"];
    expect(writes.map((method) => calls.get(method) ?? 0)).toEqual([0, 0, 0, 0]);
    expect(await endOffsetOf(destinationAdmin, stack.connect.configTopic)).toBe(configRecords);
    expect((await counted.observe(link)).tasks).toEqual(before.tasks);

    // A filter change is a config change of the same connector.
    const widened = {
      ...link,
      mirrors: { ...link.mirrors, include: [{ name: extra, patternType: "literal" as const }] },
    };
    await grantLinkAcls(widened);
    expect((await counted.observe(widened)).differences).toEqual([
      `connector "${link.name}.MirrorSourceConnector" differs in topics`,
    ]);
    expect(await counted.update(widened)).toEqual([
      { part: `${link.name}.MirrorSourceConnector`, outcome: "updated" },
    ]);
    expect(await readFromDestination(extra, 1)).toEqual(["x-1"]);
    await untilActive(widened);

    expect(await counted.pause(widened)).toEqual([
      { part: `${link.name}.MirrorSourceConnector`, outcome: "paused" },
    ]);
    await expect.poll(async () => (await counted.observe(widened)).state, { timeout: 60_000 }).toBe("paused");
    expect(await counted.pause(widened)).toEqual([]);
    expect(await counted.resume(widened)).toEqual([
      { part: `${link.name}.MirrorSourceConnector`, outcome: "resumed" },
    ]);
    await untilActive(widened);

    expect(await counted.delete(widened)).toEqual([
      { part: `${link.name}.MirrorSourceConnector`, outcome: "deleted" },
    ]);
    expect(await counted.observe(widened)).toMatchObject({ exists: false, state: "absent" });
  });
});
