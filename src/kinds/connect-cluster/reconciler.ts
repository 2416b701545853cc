// Reconciles a ConnectCluster: asks the Connect REST API what it is (version, Kafka cluster,
// plugins), checks it runs on the referenced KafkaCluster, and reports which worker ACLs from
// the access catalog the worker principal lacks. With manageWorkerAcls it owns those ACLs
// through the shared ownership path (kinds/shared/owned-acls.ts): gather, plan (plan.ts), apply.

import type { KubernetesObject } from "@kubernetes/client-node";
import { z } from "zod";
import { describeBinding } from "../../access/acl-binding.ts";
import { findMissingAccess } from "../../access/missing-access.ts";
import type { OwnedLedger } from "../../access/plan-owned-acls.ts";
import type { KindController, Runtime } from "../../controller/manager.ts";
import { type ResourceType, splitKey } from "../../controller/resource.ts";
import { reportStatus } from "../../controller/status-report.ts";
import { secretNamesIn } from "../../credentials/secret-names.ts";
import type { AclStore } from "../../ports/acl-store.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import type { AclOwnership } from "../shared/acl-ownership.ts";
import type { ConnectClusterClients } from "../shared/connect-cluster-reference.ts";
import { firstFew } from "../shared/first-few.ts";
import {
  KAFKA_CLUSTER_RESOURCE,
  onKafkaClusterChange,
  type ReferencedKafkaCluster,
  useKafkaCluster,
} from "../shared/kafka-cluster-reference.ts";
import { type AclOwningKind, OwnedAcls } from "../shared/owned-acls.ts";
import { type ConnectObservation, connectConditions } from "./checks.ts";
import { planWorkerAcls, workerAclClaims, workerBindings } from "./plan.ts";
import { CONNECT_REASON_OF } from "./reasons.ts";
import {
  type ConnectClusterSpec,
  type ConnectClusterStatus,
  connectClusterKind,
  connectClusterSpecSchema,
} from "./schema.ts";

/** The kind's definition is also its resource type (group, version, kind, plural). */
export const CONNECT_CLUSTER_RESOURCE: ResourceType = connectClusterKind;

/** ConnectCluster's worker ACLs to the ownership path; earlier versions kept status.workerAclLedger. */
const CONNECT_CLUSTER_OWNERSHIP: AclOwningKind = {
  resource: CONNECT_CLUSTER_RESOURCE,
  legacyLedgerField: "workerAclLedger",
  noun: "worker ACL binding",
};

type ConnectClusterObject = KubernetesObject & { spec: ConnectClusterSpec; status?: ConnectClusterStatus };

/** Secrets a ConnectCluster references (REST basic auth and TLS); their changes re-queue it. */
export function connectClusterSecrets(object: KubernetesObject): string[] {
  return secretNamesIn((object as ConnectClusterObject).spec);
}

export function connectClusterController(
  runtime: Runtime,
  {
    connectClients,
    aclStore,
    ownership,
    dryRun = false,
  }: {
    connectClients: ConnectClusterClients;
    aclStore: AclStore;
    ownership: AclOwnership;
    dryRun?: boolean;
  },
): KindController {
  const cache = runtime.cacheOf<ConnectClusterObject>(CONNECT_CLUSTER_RESOURCE);
  const kafkaClusters = runtime.cacheOf<ReferencedKafkaCluster>(KAFKA_CLUSTER_RESOURCE);
  const writer = runtime.writerFor(CONNECT_CLUSTER_RESOURCE);
  const owned = new OwnedAcls(runtime, ownership, CONNECT_CLUSTER_OWNERSHIP, { dryRun });
  owned.declareAtStart(cache.list(), (object) => {
    const spec = connectClusterSpecSchema.safeParse(object.spec);
    return spec.success ? workerAclClaims(spec.data, object.metadata?.namespace ?? "") : [];
  });

  /** Asks the REST API what it is; an unusable API is part of the observation, not a throw. */
  async function observeConnect(object: ConnectClusterObject, spec: ConnectClusterSpec) {
    try {
      // Its Secrets are read from its own namespace; a missing one is a MissingSecretError.
      const api = connectClients.apiOf({ ...object, spec });
      const info = await api.serverInfo();
      const plugins = (await api.listPlugins()).map((p) => p.class).sort();
      return { connect: { version: info.version, kafkaClusterId: info.kafkaClusterId }, plugins };
    } catch (err) {
      if (!(err instanceof OperatorError)) throw err;
      const reason = CONNECT_REASON_OF[err.reason];
      return { unusable: { reason, message: err.message }, retryError: err.isRetryable ? err : undefined };
    }
  }

  /** Applies (or releases) the worker ACLs the plan allows; what happened, for the conditions. */
  async function applyWorkerAcls(
    object: ConnectClusterObject,
    spec: ConnectClusterSpec,
  ): Promise<{ workerAcls?: ConnectObservation["workerAcls"]; ledgers?: readonly OwnedLedger[] }> {
    const claims = workerAclClaims(spec, object.metadata?.namespace ?? "");
    const planned = planWorkerAcls(await owned.gather(object, claims), { isDryRun: dryRun });
    if (planned.action === "none") return {};
    if (planned.action === "refused") {
      return { workerAcls: { outcome: "refused", reason: planned.reason, message: planned.message } };
    }
    await owned.setFinalizer(object, true);
    const outcome = await owned.execute(object, planned.plan);
    if (claims.length === 0 && outcome.ledgers.length === 0) await owned.setFinalizer(object, false);
    const releaseFailures = outcome.released.flatMap((r) => r.failures);
    const [applied] = outcome.applied;
    return {
      ledgers: outcome.ledgers,
      workerAcls:
        releaseFailures.length > 0
          ? { outcome: "releaseBlocked", message: firstFew(releaseFailures) }
          : applied && { outcome: "applied", ...applied },
    };
  }

  /** Checks Connect runs on the referenced KafkaCluster and which worker ACLs are missing. */
  async function checkKafkaCluster(
    object: ConnectClusterObject,
    spec: ConnectClusterSpec,
  ): Promise<
    Pick<ConnectObservation, "kafkaCluster" | "expectedKafkaClusterId" | "missingWorkerAccess"> & {
      retryError?: OperatorError;
    }
  > {
    const use = useKafkaCluster(kafkaClusters, spec.kafkaClusterRef, object.metadata?.namespace ?? "");
    if (!use.isUsable) return { kafkaCluster: { reason: use.reason, message: use.message } };
    try {
      const observed = await aclStore.describeAll(use.name);
      return {
        expectedKafkaClusterId: use.cluster.status?.clusterId,
        missingWorkerAccess: findMissingAccess(workerBindings(spec), observed).map((m) =>
          describeBinding(m.required),
        ),
      };
    } catch (err) {
      if (!(err instanceof OperatorError)) throw err;
      return {
        kafkaCluster: { reason: "KafkaClusterNotReady" as const, message: err.message },
        retryError: err,
      };
    }
  }

  return {
    resource: CONNECT_CLUSTER_RESOURCE,
    referencedSecrets: connectClusterSecrets,
    dependencies: [onKafkaClusterChange(cache, (c) => c.spec?.kafkaClusterRef)],
    async reconcile(key, { logger }) {
      // A ConnectCluster has no deletionPolicy: what it applied goes with it.
      const object = await owned.liveOwner(cache, key, logger, () => false);
      if (!object) {
        // Gone (not only finalizing): its connection pool goes with it.
        const { namespace, name } = splitKey(key);
        if (!cache.get(namespace, name)) await connectClients.forget(key);
        return undefined;
      }
      const write = (observation: ConnectObservation, fields: Partial<ConnectClusterStatus>) =>
        reportStatus<ConnectClusterStatus>(
          { writer, events: runtime.events, logger },
          object,
          connectConditions(observation),
          fields,
        );
      const parsed = connectClusterSpecSchema.safeParse(object.spec);
      if (!parsed.success) {
        const message = `The spec cannot be used:\n${z.prettifyError(parsed.error)}`;
        await write({ invalidSpec: message }, {});
        return undefined;
      }
      const spec = parsed.data;
      const { connect, plugins, unusable, retryError } = await observeConnect(object, spec);
      const { workerAcls, ledgers } = connect ? await applyWorkerAcls(object, spec) : {};
      const { retryError: kafkaRetry, ...checked } = connect ? await checkKafkaCluster(object, spec) : {};
      const observation: ConnectObservation = {
        ...(connect ? { connect } : {}),
        ...(unusable ? { unusable } : {}),
        ...(workerAcls ? { workerAcls } : {}),
        ...checked,
      };
      await write(observation, {
        ...(connect ? { version: connect.version, kafkaClusterId: connect.kafkaClusterId } : {}),
        ...(plugins ? { pluginCount: plugins.length, plugins: plugins.slice(0, 64) } : {}),
        ...(checked.missingWorkerAccess
          ? { missingWorkerAccess: checked.missingWorkerAccess.slice(0, 32) }
          : {}),
        ...(ledgers ? owned.statusFields(ledgers) : {}),
      });
      const retry = retryError ?? kafkaRetry;
      if (retry?.isRetryable) throw retry;
      // Status says why; the error only asks for a retry with backoff.
      if (workerAcls?.outcome === "releaseBlocked") throw new Error(workerAcls.message);
      // Changes of the KafkaCluster re-queue this object (see dependencies).
      return undefined;
    },
  };
}
