// One connected kafkajs Admin per KafkaCluster, shared by every reconciler that talks to it.
// A connection is rebuilt when its target changes (brokers or credential content, as after a
// Secret rotation) and dropped when its KafkaCluster goes away. Also the ClusterProbe: a login
// plus the cluster facts KafkaCluster reports.
import kafkajs, { type Admin, logLevel } from "kafkajs";
import type { Logger } from "pino";
import type { ClusterFacts, ClusterProbe, ClusterTarget } from "../../ports/cluster-probe.ts";
import { ClusterUnreachableError } from "../../ports/operator-error.ts";
import { type KafkaClientConfig, toKafkaClientConfig } from "./kafka-client-config.ts";
import { translateKafkaError } from "./kafka-error.ts";

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, ResourcePatternTypes } = kafkajs;

interface Connection {
  fingerprint: string;
  admin: Admin;
  clientConfig: KafkaClientConfig;
  connected: Promise<void>;
}

export class KafkaConnections implements ClusterProbe {
  readonly #connections = new Map<string, Connection>();
  readonly #targets = new Map<string, ClusterTarget>();
  readonly #targetWaiters = new Map<string, Set<(target: ClusterTarget | undefined) => void>>();
  readonly #logger: Logger;
  readonly #clientId: string;

  constructor({ logger, clientId = "kafka-access-operator" }: { logger: Logger; clientId?: string }) {
    this.#logger = logger;
    this.#clientId = clientId;
  }

  /**
   * A connected Admin for `cluster`. Its target comes from the KafkaCluster's probe; right
   * after start-up that probe may still be running, so a caller waits up to `waitMs` for it
   * instead of failing (and flipping every dependent's status) on a race it cannot see.
   */
  async admin(cluster: string, { waitMs = 15_000 }: { waitMs?: number } = {}): Promise<Admin> {
    const target = this.#targets.get(cluster) ?? (await this.#awaitTarget(cluster, waitMs));
    if (!target) {
      throw new ClusterUnreachableError(
        `Cannot reach cluster "${cluster}": its KafkaCluster is not ready yet`,
      );
    }
    return this.#connect(cluster, target);
  }

  async probe(cluster: string, target: ClusterTarget): Promise<ClusterFacts> {
    this.#targets.set(cluster, target);
    for (const wake of this.#targetWaiters.get(cluster) ?? []) wake(target);
    this.#targetWaiters.delete(cluster);
    let admin: Admin;
    try {
      admin = await this.#connect(cluster, target);
    } catch (err) {
      await this.#drop(cluster);
      throw translateKafkaError(err, "log in", cluster).error;
    }
    try {
      const description = await admin.describeCluster();
      return {
        clusterId: description.clusterId,
        brokerCount: description.brokers.length,
        controllerId: description.controller ?? -1,
        authorizerPresent: await this.#hasAuthorizer(admin),
      };
    } catch (err) {
      const translated = translateKafkaError(err, "describe the cluster", cluster);
      if (
        translated.error.reason === "ClusterUnreachable" ||
        translated.error.reason === "AuthenticationFailed"
      ) {
        await this.#drop(cluster);
      }
      throw translated.error;
    }
  }

  #awaitTarget(cluster: string, waitMs: number): Promise<ClusterTarget | undefined> {
    if (waitMs <= 0) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiters = this.#targetWaiters.get(cluster) ?? new Set();
      this.#targetWaiters.set(cluster, waiters);
      const wake = (target: ClusterTarget | undefined) => {
        clearTimeout(timer);
        waiters.delete(wake);
        resolve(target);
      };
      const timer = setTimeout(() => wake(undefined), waitMs);
      waiters.add(wake);
    });
  }

  async forget(cluster: string): Promise<void> {
    this.#targets.delete(cluster);
    await this.#drop(cluster);
  }

  async closeAll(): Promise<void> {
    for (const waiters of this.#targetWaiters.values()) for (const wake of waiters) wake(undefined);
    await Promise.all([...this.#connections.keys()].map((c) => this.#drop(c)));
  }

  async #hasAuthorizer(admin: Admin): Promise<boolean> {
    try {
      // The narrowest question: any ACL for a resource name nobody uses.
      await admin.describeAcls({
        resourceType: AclResourceTypes.TOPIC,
        resourceName: "kafka-access-operator-probe",
        resourcePatternType: ResourcePatternTypes.LITERAL,
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ANY,
      });
      return true;
    } catch (err) {
      if ((err as { type?: string }).type === "SECURITY_DISABLED") return false;
      throw err;
    }
  }

  async #connect(cluster: string, target: ClusterTarget): Promise<Admin> {
    const fingerprint = `${target.brokers.join(",")}|${target.credential.contentHash}|${target.credential.securityProtocol}`;
    let connection = this.#connections.get(cluster);
    if (connection && connection.fingerprint !== fingerprint) {
      await this.#drop(cluster);
      connection = undefined;
    }
    if (!connection) {
      const clientConfig = toKafkaClientConfig(target.credential, {
        clientId: this.#clientId,
        brokers: target.brokers,
      });
      const admin = new Kafka({
        ...clientConfig.config,
        logLevel: logLevel.NOTHING,
        connectionTimeout: 5_000,
        requestTimeout: 30_000,
        retry: { retries: 2, initialRetryTime: 200 },
      }).admin();
      connection = { fingerprint, admin, clientConfig, connected: admin.connect() };
      this.#connections.set(cluster, connection);
      this.#logger.debug({ cluster }, "connecting");
    }
    try {
      await connection.connected;
    } catch (err) {
      await this.#drop(cluster);
      throw err;
    }
    return connection.admin;
  }

  async #drop(cluster: string): Promise<void> {
    const connection = this.#connections.get(cluster);
    if (!connection) return;
    this.#connections.delete(cluster);
    await connection.admin.disconnect().catch(() => undefined);
    connection.clientConfig.dispose();
  }
}
