// What the ConnectorPrincipal e2e tests share: the operator watching a namespace that holds a
// KafkaCluster for the destination cluster and a ConnectCluster for a real Connect worker;
// principals of their own (a SCRAM user, a Kerberos principal) made at run time with their
// Secrets in that namespace; connectors created through Connect's REST API, as their users
// would; topics with records; and waiting, bounded, on tasks, files and kafka-acls listings.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import kafkajs from "kafkajs";
import type { ConnectInfo } from "../../local-stack/connect.ts";
import { createScramUser } from "../../local-stack/kafka-tools.ts";
import { createPrincipal } from "../../local-stack/kdc.ts";
import { ConnectRestClients } from "../../src/adapters/connect/connect-rest-client.ts";
import { JsonHttpClients } from "../../src/adapters/http/json-http-client.ts";
import type { CredentialSpecInput } from "../../src/credentials/credential-spec.ts";
import type { ConnectorPrincipalSpecInput } from "../../src/kinds/connector-principal/schema.ts";
import type { ConnectApi } from "../../src/ports/connect-api.ts";
import { useStack } from "../env/use-stack.ts";
import { scramKafkaCluster, secret } from "./manifests.ts";
import { type OperatorFixture, READY } from "./operator-fixture.ts";

const stack = await useStack("connect");
const { destination } = stack.kafka;

/** A principal of its own for a connector, with its Secret in the test's namespace. */
export interface TestPrincipal {
  /** How the brokers name it: the ACLs are for it. */
  readonly principal: string;
  readonly secret: string;
  /** spec fields of its ConnectorPrincipal: the principal, credential and listener. */
  readonly spec: Pick<ConnectorPrincipalSpecInput, "principal" | "credential" | "bootstrapServers">;
  /** Values that must never reach a connector config, log, status or Event. */
  readonly secretValues: readonly string[];
}

/** A ConnectCluster for a worker of the local stack (its group and internal topics). */
export function connectClusterManifest(
  name: string,
  connect: ConnectInfo,
  fields: { secretMountPath?: string } = {},
) {
  return {
    apiVersion: "kafkaaccess.io/v1alpha1",
    kind: "ConnectCluster",
    metadata: { name },
    spec: {
      restUrl: connect.restUrl,
      kafkaClusterRef: { name: "destination" },
      // The local workers log in on the internal listener, as the anonymous super user.
      workerPrincipal: "User:ANONYMOUS",
      groupId: connect.groupId,
      configTopic: connect.configTopic,
      offsetTopic: connect.offsetTopic,
      statusTopic: connect.statusTopic,
      overridePolicy: connect.overridePolicy,
      ...fields,
    },
  };
}

export function connectorPrincipalManifest(name: string, spec: ConnectorPrincipalSpecInput) {
  return { apiVersion: "kafkaaccess.io/v1alpha1", kind: "ConnectorPrincipal", metadata: { name }, spec };
}

/** A REST client of a worker, as the connectors' users have one (curl, a CLI). */
export function connectApiOf(connect: ConnectInfo): ConnectApi {
  return new ConnectRestClients(new JsonHttpClients()).clientFor(`e2e-${connect.restUrl}`, {
    baseUrl: connect.restUrl,
  });
}

/** A name unique to this run, for what the test makes on the shared servers. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

/** A SCRAM-SHA-512 user on the destination, logging in on its SCRAM listener; its password in Secret `<user>`. */
export function scramPrincipal(f: OperatorFixture, user: string): TestPrincipal {
  const password = createScramUser(destination, user);
  f.apply(secret(user, { password }));
  return {
    principal: `User:${user}`,
    secret: user,
    spec: {
      principal: `User:${user}`,
      credential: {
        securityProtocol: "SASL_PLAINTEXT",
        sasl: { mechanism: "SCRAM-SHA-512", username: user, password: { name: user, key: "password" } },
      },
      bootstrapServers: [destination.bootstrap.scram],
    },
    secretValues: [password],
  };
}

/**
 * A Kerberos principal on the destination's GSSAPI listener (SASL_SSL): Secret `<name>` holds
 * its keytab (a file on the workers), the CA to trust and the krb5.conf the operator's login
 * check reads. The brokers map <name>@<realm> to User:<name>.
 */
export function gssapiPrincipal(f: OperatorFixture, name: string): TestPrincipal {
  const keytab = readFileSync(createPrincipal(stack.kdc, name));
  f.apply(
    secret(name, {
      keytab,
      "ca.crt": readFileSync(stack.tls.caPem),
      "krb5.conf": readFileSync(stack.kdc.krb5ConfPath),
    }),
  );
  const credential: CredentialSpecInput = {
    securityProtocol: "SASL_SSL",
    sasl: {
      mechanism: "GSSAPI",
      gssapi: {
        principal: `${name}@${stack.kdc.realm}`,
        keytab: { name, key: "keytab" },
        krb5Conf: { name, key: "krb5.conf" },
      },
    },
    tls: { trust: { type: "PEM", store: { name, key: "ca.crt" } } },
  };
  return {
    principal: `User:${name}`,
    secret: name,
    spec: { principal: `User:${name}`, credential, bootstrapServers: [destination.bootstrap.gssapi] },
    secretValues: [],
  };
}

const superUser = () =>
  new kafkajs.Kafka({
    clientId: "e2e-connector-principal",
    brokers: [destination.bootstrap.plaintext],
    logLevel: kafkajs.logLevel.NOTHING,
  });

/** Creates `topic` on the destination, with `records` in it when given. */
export async function createTopic(topic: string, records: readonly string[] = []): Promise<void> {
  const admin = superUser().admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  if (records.length > 0) await produce(topic, records);
}

/** Writes `records` to `topic` as the super user. */
export async function produce(topic: string, records: readonly string[]): Promise<void> {
  const producer = superUser().producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: records.map((value) => ({ value })) });
  } finally {
    await producer.disconnect();
  }
}

/** The values of every record in `topic`, read by the super user from the start. */
export async function recordsIn(topic: string): Promise<string[]> {
  const kafka = superUser();
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const total = ends.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  if (total === 0) return [];
  const consumer = kafka.consumer({ groupId: uniqueName("e2e-reader") });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${values.length} of ${total} records`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          values.push(message.value?.toString() ?? "");
          if (values.length >= total) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return values;
}

/** A FileStreamSink of the user's, reading `topic` into `file`; `extra` keys of the user's own. */
export function fileSinkConfig(name: string, topic: string, extra: Record<string, string> = {}) {
  return {
    name,
    "connector.class": "FileStreamSink",
    "tasks.max": "1",
    topics: topic,
    file: fileOf(name),
    ...extra,
  };
}

/** Where a test's file connector reads or writes. */
export function fileOf(connector: string): string {
  return join(stack.runDir, `${connector}.txt`);
}

export function fileLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
}

/** Polls `read` (bounded) until `predicate` holds, returning the last value. */
export async function waitUntil<T>(
  what: string,
  read: () => T | Promise<T>,
  predicate: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!predicate(value)) {
    if (Date.now() > deadline)
      throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

/** The first task of a connector as Connect reports it; undefined before it has one. */
export async function firstTask(api: ConnectApi, connector: string) {
  return (await api.getConnector(connector))?.status.tasks[0];
}

/** The set-up of a test file: KafkaCluster "destination" and a Ready ConnectCluster "connect". */
export async function applyClusters(
  f: OperatorFixture,
  connect: ConnectInfo,
  fields: { secretMountPath?: string } = {},
): Promise<void> {
  for (const manifest of scramKafkaCluster("destination", destination)) f.apply(manifest);
  f.apply(connectClusterManifest("connect", connect, fields));
  await f.waitFor(
    "connectcluster/connect",
    '{.status.conditions[?(@.type=="Ready")].status}',
    (v) => v === "True",
    60_000,
  );
}

/** kafka_access_operator_external_calls_total summed per "system/operation" (results together). */
export async function externalCalls(f: OperatorFixture): Promise<Record<string, number>> {
  const calls: Record<string, number> = {};
  const pattern = /^kafka_access_operator_external_calls_total\{([^}]*)\} (\d+)/gm;
  for (const [, labels, value] of (await f.metrics()).matchAll(pattern)) {
    const system = /system="([^"]*)"/.exec(labels!)?.[1];
    const operation = /operation="([^"]*)"/.exec(labels!)?.[1];
    const key = `${system}/${operation}`;
    calls[key] = (calls[key] ?? 0) + Number(value);
  }
  return calls;
}

/** A FileStreamSink of the user's under a principal of its own, applied and Ready. */
export interface ReadySink {
  readonly connector: string;
  readonly topic: string;
  readonly principal: TestPrincipal;
  /** The connector's config as its user wrote it. */
  readonly userConfig: Readonly<Record<string, string>>;
}

/**
 * The usual start of a test: a FileStreamSink of the user's reading a topic of its own (made
 * here, with `records`), created through Connect's REST API with `userKeys` of the user's, under
 * a SCRAM principal of its own through ConnectorPrincipal `resource`, once that is Ready.
 */
export async function readySink(
  f: OperatorFixture,
  resource: string,
  {
    records = [],
    userKeys = {},
    deletionPolicy,
  }: { records?: string[]; userKeys?: Record<string, string>; deletionPolicy?: "Delete" | "Orphan" } = {},
): Promise<ReadySink> {
  const connector = uniqueName(resource);
  const topic = uniqueName(`${resource}-topic`);
  const principal = scramPrincipal(f, connector);
  await createTopic(topic, records);
  const userConfig = fileSinkConfig(connector, topic, userKeys);
  await connectApiOf(stack.connect).putConnectorConfig(connector, userConfig);
  f.apply(
    connectorPrincipalManifest(resource, {
      connectRef: { name: "connect" },
      connector,
      ...(deletionPolicy ? { deletionPolicy } : {}),
      ...principal.spec,
    }),
  );
  await f.waitFor(`connectorprincipal/${resource}`, READY, (v) => v === "True/PrincipalApplied", 90_000);
  return { connector, topic, principal, userConfig };
}
