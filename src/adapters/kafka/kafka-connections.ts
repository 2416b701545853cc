// One connected kafkajs Admin per KafkaCluster, shared by every reconciler that talks to it.
// A connection is rebuilt when its target changes (brokers or credential content, as after a
// Secret rotation) and dropped when its KafkaCluster goes away. Also the ClusterProbe: a login
// plus the cluster facts KafkaCluster reports.
//
// Topic queries get an Admin of their own per cluster: kafkajs keeps every topic it was asked
// offsets of in the metadata it refreshes, and once such a topic is deleted each refresh of
// that Admin fails until it is rebuilt. Kept apart, that breaks no ACL request, and the topic
// Admin is rebuilt on such a failure (`dropAdmin`).
import kafkajs, { type Admin } from "kafkajs";
import type { Logger } from "pino";
import type { ClusterFacts, ClusterProbe, ClusterTarget } from "../../ports/cluster-probe.ts";
import { ClusterUnreachableError } from "../../ports/operator-error.ts";
import { createAdmin, type KafkaClientConfig, toKafkaClientConfig } from "./kafka-client-config.ts";
import { translateKafkaError } from "./kafka-error.ts";

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

/** `shared`: the probe and the ACL store. `topics`: topic and offset queries (see above). */
export type AdminPurpose = "shared" | "topics";

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
  async admin(
    cluster: string,
    { waitMs = 15_000, purpose = "shared" }: { waitMs?: number; purpose?: AdminPurpose } = {},
  ): Promise<Admin> {
    const target = this.#targets.get(cluster) ?? (await this.#awaitTarget(cluster, waitMs));
    if (!target) {
      throw new ClusterUnreachableError(
        `Cannot reach cluster "${cluster}": its KafkaCluster is not ready yet`,
      );
    }
    return this.#connect(cluster, target, purpose);
  }

  /** Disconnects the cluster's Admin for `purpose`; the next `admin` call builds a new one. */
  dropAdmin(cluster: string, purpose: AdminPurpose): Promise<void> {
    return this.#drop(connectionKey(cluster, purpose));
  }

  async probe(cluster: string, target: ClusterTarget): Promise<ClusterFacts> {
    this.#targets.set(cluster, target);
    for (const wake of this.#targetWaiters.get(cluster) ?? []) wake(target);
    this.#targetWaiters.delete(cluster);
    let admin: Admin;
    try {
      admin = await this.#connect(cluster, target, "shared");
    } catch (err) {
      await this.#drop(connectionKey(cluster, "shared"));
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
        await this.#drop(connectionKey(cluster, "shared"));
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

  /** Drops the cluster's target and every Admin of it: its KafkaCluster was deleted. */
  async forget(cluster: string): Promise<void> {
    this.#targets.delete(cluster);
    await Promise.all([
      this.#drop(connectionKey(cluster, "shared")),
      this.#drop(connectionKey(cluster, "topics")),
    ]);
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

  async #connect(cluster: string, target: ClusterTarget, purpose: AdminPurpose): Promise<Admin> {
    const fingerprint = `${target.brokers.join(",")}|${target.credential.contentHash}|${target.credential.securityProtocol}`;
    const key = connectionKey(cluster, purpose);
    let connection = this.#connections.get(key);
    if (connection && connection.fingerprint !== fingerprint) {
      await this.#drop(key);
      connection = undefined;
    }
    if (!connection) {
      const clientConfig = toKafkaClientConfig(target.credential, {
        clientId: this.#clientId,
        brokers: target.brokers,
      });
      const admin = createAdmin(clientConfig);
      connection = { fingerprint, admin, clientConfig, connected: admin.connect() };
      this.#connections.set(key, connection);
      this.#logger.debug({ cluster, purpose }, "connecting");
    }
    try {
      await connection.connected;
    } catch (err) {
      await this.#drop(key);
      throw err;
    }
    return connection.admin;
  }

  async #drop(key: string): Promise<void> {
    const connection = this.#connections.get(key);
    if (!connection) return;
    this.#connections.delete(key);
    await connection.admin.disconnect().catch(() => undefined);
    connection.clientConfig.dispose();
  }
}

const connectionKey = (cluster: string, purpose: AdminPurpose) => `${purpose} ${cluster}`;
