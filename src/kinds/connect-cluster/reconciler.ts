// Reconciles a ConnectCluster: asks the Connect REST API what it is (version, Kafka cluster,
// plugins), checks it runs on the referenced KafkaCluster, and reports which worker ACLs from
// the access catalog the worker principal lacks. Writes nothing outside its own status.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { connectWorker, withPrincipal } from "../../access/access-roles.ts";
import { describeBinding } from "../../access/acl-binding.ts";
import { findMissingAccess } from "../../access/missing-access.ts";
import { checkTenancy } from "../../access/tenancy-check.ts";
import type { KindController, Runtime } from "../../controller/manager.ts";
import { objectKey, type ResourceType, splitKey } from "../../controller/resource.ts";
import { reportStatus } from "../../controller/status-report.ts";
import type { AclStore } from "../../ports/acl-store.ts";
import type { ConnectApi } from "../../ports/connect-api.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { recordAclChanges } from "../shared/acl-change-events.ts";
import { ACL_FINALIZER, type AclOwnership } from "../shared/acl-ownership.ts";
import { firstFew } from "../shared/first-few.ts";
import {
  admitKafkaCluster,
  KAFKA_CLUSTER_RESOURCE,
  kafkaClusterName,
  onKafkaClusterChange,
  type ReferencedKafkaCluster,
  tenancyScopeOn,
  useKafkaCluster,
} from "../shared/kafka-cluster-reference.ts";
import { type ConnectObservation, connectConditions } from "./checks.ts";
import type { ConnectClusterReason } from "./reasons.ts";
import {
  type ConnectClusterSpec,
  type ConnectClusterStatus,
  connectClusterKind,
  connectClusterSpecSchema,
} from "./schema.ts";

/** The kind's definition is also its resource type (group, version, kind, plural). */
export const CONNECT_CLUSTER_RESOURCE: ResourceType = connectClusterKind;

type ConnectClusterObject = KubernetesObject & { spec: ConnectClusterSpec; status?: ConnectClusterStatus };

/** How to reach a Connect REST API; the adapter behind it is chosen by the caller. */
export type ConnectApiFactory = (options: {
  baseUrl: string;
  tls?: { ca?: string; cert?: string; key?: string };
  basicAuth?: { username: string; password: string };
}) => ConnectApi;

const ownerKeyOf = (object: KubernetesObject) => `ConnectCluster/${objectKey(object)}`;

/** The ACLs the access catalog lists for this cluster's workers. */
function workerBindings(spec: ConnectClusterSpec) {
  return withPrincipal(
    connectWorker({
      groupId: spec.groupId,
      configTopic: spec.configTopic,
      offsetTopic: spec.offsetTopic,
      statusTopic: spec.statusTopic,
    }),
    spec.workerPrincipal,
  );
}

function clusterNameOf(object: ConnectClusterObject): string {
  return kafkaClusterName(object.spec.kafkaClusterRef, object.metadata?.namespace ?? "");
}

export function connectClusterSecrets(object: KubernetesObject): string[] {
  const spec = (object as ConnectClusterObject).spec;
  const refs = [spec?.basicAuth?.password, spec?.tls?.ca, spec?.tls?.clientCert, spec?.tls?.clientKey];
  return [...new Set(refs.flatMap((r) => (r ? [r.name] : [])))];
}

export function connectClusterController(
  runtime: Runtime,
  {
    connectApi,
    aclStore,
    ownership,
    dryRun = false,
  }: { connectApi: ConnectApiFactory; aclStore: AclStore; ownership: AclOwnership; dryRun?: boolean },
): KindController {
  const cache = runtime.cacheOf<ConnectClusterObject>(CONNECT_CLUSTER_RESOURCE);
  const kafkaClusters = runtime.cacheOf<ReferencedKafkaCluster>(KAFKA_CLUSTER_RESOURCE);
  // Every owner of worker ACLs is known once the cache is: declare them before any deletion
  // (the manager marks ownership loaded once every kind has declared its owners). Only worker
  // ACLs the cluster's tenancy admits count, since only those are ever applied.
  for (const object of cache.list()) {
    const spec = connectClusterSpecSchema.safeParse(object.spec);
    if (!spec.success || !spec.data.manageWorkerAcls || object.metadata?.deletionTimestamp) continue;
    const namespace = object.metadata?.namespace ?? "";
    const admitted = admitKafkaCluster(kafkaClusters, spec.data.kafkaClusterRef, namespace);
    const required = workerBindings(spec.data);
    if (admitted.isUsable && checkTenancy(required, admitted.limits, namespace).length === 0) {
      ownership.declare(admitted.name, ownerKeyOf(object), required);
    }
  }
  const writer = runtime.writerFor(CONNECT_CLUSTER_RESOURCE);

  async function observe(object: ConnectClusterObject, spec: ConnectClusterSpec) {
    const namespace = object.metadata?.namespace ?? "";
    const observation: ConnectObservation = {};
    let plugins: string[] | undefined;
    let retryError: OperatorError | undefined;
    const secret = (ref: { name: string; key: string }) => {
      const value = runtime.secrets(namespace, ref.name)?.[ref.key];
      if (value === undefined) {
        throw new OperatorError(`Secret "${ref.name}" key "${ref.key}" does not exist`, {
          reason: runtime.secrets(namespace, ref.name) ? "SecretKeyNotFound" : "SecretNotFound",
          isRetryable: false,
        });
      }
      return value.toString("utf8");
    };
    try {
      const tls = spec.tls
        ? {
            ...(spec.tls.ca ? { ca: secret(spec.tls.ca) } : {}),
            ...(spec.tls.clientCert ? { cert: secret(spec.tls.clientCert) } : {}),
            ...(spec.tls.clientKey ? { key: secret(spec.tls.clientKey) } : {}),
          }
        : undefined;
      const api = connectApi({
        baseUrl: spec.restUrl,
        ...(tls ? { tls } : {}),
        ...(spec.basicAuth
          ? { basicAuth: { username: spec.basicAuth.username, password: secret(spec.basicAuth.password) } }
          : {}),
      });
      const info = await api.serverInfo();
      observation.connect = { version: info.version, kafkaClusterId: info.kafkaClusterId };
      plugins = (await api.listPlugins()).map((p) => p.class).sort();
    } catch (err) {
      if (!(err instanceof OperatorError)) throw err;
      const reason = (
        err.reason === "ClusterUnreachable" || err.reason === "ConnectUnavailable"
          ? "ConnectUnreachable"
          : err.reason
      ) as ConnectClusterReason;
      observation.unusable = { reason, message: err.message };
      if (err.isRetryable) retryError = err;
      return { observation, plugins, retryError };
    }

    const use = useKafkaCluster(kafkaClusters, spec.kafkaClusterRef, namespace);
    if (!use.isUsable) {
      observation.kafkaCluster = { reason: use.reason, message: use.message };
      return { observation, plugins, retryError };
    }
    const clusterName = use.name;
    const kafkaCluster = use.cluster;
    observation.expectedKafkaClusterId = kafkaCluster.status?.clusterId;
    try {
      const required = workerBindings(spec);
      // Under the operator-wide dry run worker ACLs are only checked, never written.
      if (spec.manageWorkerAcls && !dryRun) {
        const violations = checkTenancy(required, use.limits, namespace);
        if (violations.length > 0) {
          observation.workerAcls = {
            outcome: "refused",
            message: firstFew(violations.map((v) => v.message)),
          };
        } else {
          await writer.setFinalizer(object, ACL_FINALIZER, true);
          const outcome = await ownership.apply({
            cluster: clusterName,
            ownerKey: ownerKeyOf(object),
            principal: spec.workerPrincipal,
            desired: required,
            ledger: object.status?.workerAclLedger,
            scope: { namespace, isAdmitted: true, limits: use.limits },
          });
          observation.workerAcls = { outcome: "applied", ...outcome };
        }
      }
      const observed = await aclStore.describeAll(clusterName);
      observation.missingWorkerAccess = findMissingAccess(required, observed).map((m) =>
        describeBinding(m.required),
      );
    } catch (err) {
      if (!(err instanceof OperatorError)) throw err;
      observation.kafkaCluster = { reason: "KafkaClusterNotReady", message: err.message };
      if (err.isRetryable) retryError = err;
    }
    return { observation, plugins, retryError };
  }

  /**
   * Deletes the worker ACLs this resource applied (and nobody else wants), then drops the
   * ledger and the finalizer. A cluster that cannot be reached keeps the finalizer: deletion
   * waits, and status says why.
   */
  async function releaseWorkerAcls(object: ConnectClusterObject, isDeleting: boolean, logger: Logger) {
    // The ledger names the cluster it was applied on; the spec may point elsewhere by now.
    const ledger = object.status?.workerAclLedger;
    const cluster = ledger?.cluster ?? clusterNameOf(object);
    const scope = tenancyScopeOn(kafkaClusters, cluster, object.metadata?.namespace ?? "");
    const { failures, kept } = scope
      ? await ownership.release({ cluster, ownerKey: ownerKeyOf(object), ledger, scope })
      : { failures: [`KafkaCluster "${cluster}" does not exist`], kept: [] };
    if (kept.length > 0) {
      runtime.events.record(
        object,
        "Warning",
        "TenancyViolation",
        `Kept ${kept.length} worker ACL binding(s) on ${cluster} outside what this namespace may remove: ${firstFew(kept, 3)}`,
      );
    }
    if (failures.length > 0) {
      const message = `Cannot remove the worker ACLs this resource applied: ${firstFew(failures)}`;
      await reportStatus<ConnectClusterStatus>(
        { writer, events: runtime.events, logger },
        object,
        [{ type: "Ready", status: "False", reason: "AclReleaseBlocked", message }],
        {},
      );
      throw new OperatorError(message, { reason: "AclReleaseBlocked", isRetryable: true });
    }
    if (object.status?.workerAclLedger && !isDeleting) {
      const { workerAclLedger: _released, ...rest } = object.status;
      await writer.writeStatus(object, rest);
    }
    await writer.setFinalizer(object, ACL_FINALIZER, false);
    logger.info({ cluster }, "released worker ACLs");
  }

  return {
    resource: CONNECT_CLUSTER_RESOURCE,
    referencedSecrets: connectClusterSecrets,
    dependencies: [onKafkaClusterChange(cache, (c) => c.spec?.kafkaClusterRef)],
    async reconcile(key, { logger }) {
      const { namespace, name } = splitKey(key);
      const object = cache.get(namespace, name);
      if (!object) return undefined;
      const spec = connectClusterSpecSchema.parse(object.spec);
      const isDeleting = object.metadata?.deletionTimestamp !== undefined;
      if (isDeleting && dryRun && object.status?.workerAclLedger) {
        const message =
          "Deleting would remove the worker ACLs this resource applied; the operator runs with --dry-run, so the finalizer stays";
        await reportStatus<ConnectClusterStatus>(
          { writer, events: runtime.events, logger },
          object,
          [{ type: "Ready", status: "False", reason: "AclReleaseBlocked", message }],
          {},
        );
        return undefined;
      }
      if (isDeleting || (!spec.manageWorkerAcls && object.status?.workerAclLedger && !dryRun)) {
        await releaseWorkerAcls(object, isDeleting, logger);
        if (isDeleting) return undefined;
      }
      const { observation, plugins, retryError } = await observe(object, spec);
      const applied = observation.workerAcls?.outcome === "applied" ? observation.workerAcls : undefined;
      if (applied) {
        recordAclChanges(runtime, object, applied, {
          kind: CONNECT_CLUSTER_RESOURCE.kind,
          noun: "worker ACL binding",
        });
      }
      await reportStatus<ConnectClusterStatus>(
        { writer, events: runtime.events, logger },
        object,
        connectConditions(observation),
        {
          ...(observation.connect
            ? { version: observation.connect.version, kafkaClusterId: observation.connect.kafkaClusterId }
            : {}),
          ...(plugins ? { pluginCount: plugins.length, plugins: plugins.slice(0, 64) } : {}),
          ...(observation.missingWorkerAccess
            ? { missingWorkerAccess: observation.missingWorkerAccess.slice(0, 32) }
            : {}),
          ...(applied
            ? { workerAclLedger: { ...applied.ledger, bindings: [...applied.ledger.bindings] } }
            : {}),
        },
      );
      if (retryError) throw retryError;
      // Changes of the KafkaCluster re-queue this object (see dependencies).
      return undefined;
    },
  };
}
