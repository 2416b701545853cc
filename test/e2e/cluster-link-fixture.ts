// What the ClusterLink e2e tests share: in the test's namespace, KafkaClusters for both local
// clusters (the operator's admin over SCRAM), a ConnectCluster for the local worker, the link
// credentials as Secrets the worker finds mounted (labelled for the local stack's mount
// syncer, named after the namespace since the mount path is shared), ClusterLink manifests,
// and reading and writing records the way users would check a link.
import { readFileSync } from "node:fs";
import kafkajs, { type Admin } from "kafkajs";
import { expect } from "vitest";
import { consume, produceToNewTopic } from "../../local-stack/kafka-records.ts";
import { localConnectCluster } from "../../local-stack/local-clusters.ts";
import { SECRET_MOUNT_LABEL } from "../../local-stack/secret-mounts.ts";
import { useStack } from "../env/use-stack.ts";
import { scramCredentials, secret } from "./manifests.ts";
import { conditionState, type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("connect");
const { source, destination } = stack.kafka;

export const LINK_PRINCIPAL = "User:link";
export const CREDENTIALS_VALID = conditionState("CredentialsValid");
export const LINK_ACTIVE = conditionState("LinkActive");

/** The Secrets of the link credentials in `namespace`, by what they hold. */
export function linkSecrets(namespace: string) {
  return {
    keytab: `${namespace}-link-keytab`,
    ca: `${namespace}-kafka-ca`,
    scram: `${namespace}-link-scram`,
    scramOnDestination: `${namespace}-link-scram-destination`,
    tls: `${namespace}-link-tls`,
  };
}

/** A Secret the local Connect worker finds under its mount path, as a Secret volume of its pod. */
export function mountedSecret(name: string, data: Record<string, string | Buffer>) {
  const manifest = secret(name, data);
  return { ...manifest, metadata: { ...manifest.metadata, labels: { [SECRET_MOUNT_LABEL]: "true" } } };
}

/**
 * An operator for a test of links: its namespace holds the clusters, the ConnectCluster and the
 * link credentials' Secrets, ready to use; `stop` deletes the named links first (so no
 * connector outlives the test), then stops the operator.
 */
export async function startLinkFixture(
  prefix: string,
  { flags = [], links }: { flags?: readonly string[]; links: readonly string[] },
): Promise<OperatorFixture> {
  const f = await startOperatorFixture(prefix, { flags });
  await applyLinkEnvironment(f);
  return {
    ...f,
    async stop() {
      for (const name of links) await f.deleteAndWait(`clusterlink/${name}`, 60_000).catch(() => undefined);
      await f.stop();
    },
  };
}

/** The clusters, the ConnectCluster and the link credentials' Secrets, ready to use. */
async function applyLinkEnvironment(f: OperatorFixture): Promise<void> {
  const names = linkSecrets(f.namespace);
  for (const cluster of [source, destination]) {
    f.apply(secret(`${cluster.name}-admin`, { password: cluster.scramUsers["kao-admin"]! }));
    f.apply({
      apiVersion: "kafkaaccess.io/v1alpha1",
      kind: "KafkaCluster",
      metadata: { name: cluster.name },
      spec: {
        bootstrapServers: [cluster.bootstrap.scram],
        credentials: scramCredentials(`${cluster.name}-admin`),
      },
    });
  }
  f.apply(
    mountedSecret(names.keytab, {
      "link.keytab": readFileSync(stack.kdc.keytabs.link!),
      "krb5.conf": readFileSync(stack.kdc.krb5ConfPath),
    }),
  );
  f.apply(mountedSecret(names.ca, { "ca.crt": readFileSync(stack.tls.caPem) }));
  f.apply(mountedSecret(names.scram, { password: source.scramUsers.link! }));
  f.apply(mountedSecret(names.scramOnDestination, { password: destination.scramUsers.link! }));
  f.apply(
    mountedSecret(names.tls, {
      "link.p12": readFileSync(stack.tls.clients.link!.pkcs12),
      password: stack.tls.clients.link!.password,
    }),
  );
  f.apply(localConnectCluster(stack, f.namespace));
  for (const resource of [
    `kafkacluster/${source.name}`,
    `kafkacluster/${destination.name}`,
    "connectcluster/connect",
  ]) {
    await f.waitFor(resource, READY, (v) => v.startsWith("True/"), 60_000);
  }
}

type Credential = Record<string, unknown>;

/** The link credentials of the local stack's principal `link`, from the Secrets above. */
export function linkCredentials(
  namespace: string,
): Record<"gssapi" | "scram" | "scramOnDestination" | "mtls", Credential> {
  const names = linkSecrets(namespace);
  const trust = { type: "PEM", store: { name: names.ca, key: "ca.crt" } };
  const scram = (secretName: string) => ({
    securityProtocol: "SASL_PLAINTEXT",
    sasl: { mechanism: "SCRAM-SHA-512", username: "link", password: { name: secretName, key: "password" } },
  });
  return {
    gssapi: {
      securityProtocol: "SASL_SSL",
      sasl: {
        mechanism: "GSSAPI",
        gssapi: {
          principal: `link@${stack.kdc.realm}`,
          keytab: { name: names.keytab, key: "link.keytab" },
          krb5Conf: { name: names.keytab, key: "krb5.conf" },
        },
      },
      tls: { trust },
    },
    scram: scram(names.scram),
    scramOnDestination: scram(names.scramOnDestination),
    mtls: {
      securityProtocol: "SSL",
      tls: {
        trust,
        keystore: {
          type: "PKCS12",
          store: { name: names.tls, key: "link.p12" },
          password: { name: names.tls, key: "password" },
        },
      },
    },
  };
}

/** A GSSAPI ClusterLink from `source` to `destination` on the local worker, with `spec` on top. */
export function gssapiLink(namespace: string, name: string, spec: Record<string, unknown>) {
  const credential = linkCredentials(namespace).gssapi;
  return {
    apiVersion: "kafkaaccess.io/v1alpha1",
    kind: "ClusterLink",
    metadata: { name },
    spec: {
      backend: "mirrorMaker2",
      destination: { kafkaClusterRef: { name: destination.name } },
      source: {
        kafkaClusterRef: { name: source.name },
        bootstrapServers: [source.bootstrap.gssapi],
        credential,
      },
      mirrorMaker2: {
        connectClusterRef: { name: "connect" },
        destinationAccess: { bootstrapServers: [destination.bootstrap.gssapi] },
      },
      ...spec,
    },
  };
}

const kafka = (brokers: string) =>
  new kafkajs.Kafka({ clientId: "cluster-link-e2e", brokers: [brokers], logLevel: kafkajs.logLevel.NOTHING });
export const sourceKafka = kafka(source.bootstrap.plaintext);
export const destinationKafka = kafka(destination.bootstrap.plaintext);

/** Runs `use` with a connected Admin of the cluster (the super user on the internal listener). */
export async function withAdmin<T>(
  cluster: "source" | "destination",
  use: (admin: Admin) => Promise<T>,
): Promise<T> {
  const admin = (cluster === "source" ? sourceKafka : destinationKafka).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Creates `topic` on the source with one partition and produces `values` to it. */
export const produceToSource = (topic: string, values: readonly string[]) =>
  produceToNewTopic(sourceKafka, topic, values);

/** The next `count` values `groupId` reads from `topic` on `cluster`, committed as read. */
export const consumeFrom = (
  cluster: "source" | "destination",
  topic: string,
  groupId: string,
  count: number,
) => consume(cluster === "source" ? sourceKafka : destinationKafka, topic, groupId, count);

/** Waits (bounded) until `topic` exists on the destination: MirrorMaker 2 creates mirrors itself. */
export async function untilOnDestination(topic: string): Promise<void> {
  await expect
    .poll(() => withAdmin("destination", async (admin) => (await admin.listTopics()).includes(topic)), {
      timeout: 60_000,
      interval: 1_000,
    })
    .toBe(true);
}

/** Names of the connectors on the local worker that belong to link `namespace.name`. */
export async function connectorsOf(namespace: string, name: string): Promise<string[]> {
  const response = await fetch(`${stack.connect.restUrl}/connectors`);
  const names = (await response.json()) as string[];
  return names.filter((connector) => connector.startsWith(`${namespace}.${name}.`)).sort();
}

/** The operations a kafka-acls listing grants on the literal topic `topic`, sorted. */
export function operationsOnTopic(listing: string, topic: string): string[] {
  const block = listing
    .split("Current ACLs for resource")
    .find((part) => part.includes(`name=${topic}, patternType=LITERAL`));
  return [...(block ?? "").matchAll(/operation=([A-Z_]+)/g)].map((m) => m[1]!).sort();
}
