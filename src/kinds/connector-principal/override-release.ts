// Takes the override keys a ConnectorPrincipal set out of a connector's config, leaving the
// user's keys: when the resource is deleted (unless deletionPolicy is Orphan), and when its
// connector or ConnectCluster changed, from the one the keys were written to. The tasks are
// restarted so their clients go back to the workers' principal.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { Logger } from "pino";
import type { Runtime } from "../../controller/manager.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import {
  CONNECT_CLUSTER_RESOURCE,
  type ConnectClusterClients,
  type ReferencedConnectCluster,
  useConnectCluster,
} from "../shared/connect-cluster-reference.ts";
import { firstFew } from "../shared/first-few.ts";
import { clusterRefOf } from "../shared/kafka-cluster-reference.ts";
import { planRelease, type RecordedOverrides } from "./plan.ts";

/** Where override keys were written: the ConnectCluster ("namespace/name") and the connector. */
export interface OverrideTarget {
  readonly connectCluster: string;
  readonly connector: string;
}

export type OverrideReleaseOutcome =
  /** The keys are out of the config, or there is nothing to take out (no keys, no connector). */
  | { readonly state: "released" }
  /** The namespace may no longer use the ConnectCluster: the keys stay, and an Event says so. */
  | { readonly state: "kept"; readonly message: string }
  /** Not yet: `message` says why; `isRetryable` when trying again may pass without a change. */
  | { readonly state: "blocked"; readonly message: string; readonly isRetryable: boolean };

export class OverrideRelease {
  readonly #runtime: Runtime;
  readonly #connectClusters;
  readonly #clients: Pick<ConnectClusterClients, "apiOf">;

  constructor(runtime: Runtime, clients: Pick<ConnectClusterClients, "apiOf">) {
    this.#runtime = runtime;
    this.#connectClusters = runtime.cacheOf<ReferencedConnectCluster>(CONNECT_CLUSTER_RESOURCE);
    this.#clients = clients;
  }

  /** Removes `recorded.overrideKeys` from the connector `target` names, for `object` in its namespace. */
  async release(
    object: KubernetesObject,
    target: OverrideTarget,
    recorded: RecordedOverrides,
    logger: Logger,
  ): Promise<OverrideReleaseOutcome> {
    if (recorded.overrideKeys.length === 0) return { state: "released" };
    const namespace = object.metadata?.namespace ?? "";
    const connect = useConnectCluster(
      this.#connectClusters,
      this.#clients,
      clusterRefOf(target.connectCluster),
      namespace,
    );
    const what = `${recorded.overrideKeys.length} override key(s) in connector "${target.connector}" on ConnectCluster "${target.connectCluster}"`;
    if (!connect.isUsable && connect.reason === "TenancyViolation") {
      const message = `Left ${what}: ${connect.message}`;
      this.#runtime.events.record(object, "Warning", "TenancyViolation", message);
      return { state: "kept", message };
    }
    if (!connect.isUsable) {
      return { state: "blocked", message: `Cannot remove ${what}: ${connect.message}`, isRetryable: true };
    }
    try {
      const connector = await connect.api.getConnector(target.connector);
      const plan = planRelease({ deletionPolicy: "Delete", connector, recorded });
      if (plan.configChange.outcome === "updated") {
        await connect.api.putConnectorConfig(target.connector, plan.configChange.config);
        const removed = plan.configChange.removedKeys;
        this.#runtime.events.record(
          object,
          "Normal",
          "OverridesRemoved",
          `Removed ${removed.length} override key(s) from connector "${target.connector}": ${firstFew([...removed], 8)}`,
        );
        logger.info({ connector: target.connector, keys: removed.length }, "removed override keys");
      }
      if (plan.restart.isNeeded) {
        await connect.api.restartConnector(target.connector, { includeTasks: true });
        this.#runtime.events.record(
          object,
          "Normal",
          "TasksRestarted",
          `Restarted connector "${target.connector}" and its tasks: ${plan.restart.why}`,
        );
      }
      return { state: "released" };
    } catch (err) {
      if (!(err instanceof OperatorError)) throw err;
      return {
        state: "blocked",
        message: `Cannot remove ${what}: ${err.message}`,
        isRetryable: err.isRetryable,
      };
    }
  }
}
