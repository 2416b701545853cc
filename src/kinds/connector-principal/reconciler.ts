// Reconciles a ConnectorPrincipal, in the order its plan was designed for: the ConnectCluster
// and its KafkaCluster (tenancy of both), the connector and the plugins as Connect has them,
// the credential proven by a real login, the pure plan (plan.ts), then what applies it
// (principal-apply.ts: the override-policy verdict, the ACLs, the connector's config, a task
// restart) and status. Deleting the resource takes its override keys out of the connector's
// config first (the user's keys stay), then releases its ACLs (owned-acls.ts).
import type { KubernetesObject } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { z } from "zod";
import type { KindController, Runtime } from "../../controller/manager.ts";
import { objectKey, type ResourceType, splitKey } from "../../controller/resource.ts";
import { reportStatus } from "../../controller/status-report.ts";
import { secretNamesIn } from "../../credentials/secret-names.ts";
import type { Connector, ConnectorPlugin } from "../../ports/connect-api.ts";
import type { CredentialCheck } from "../../ports/credential-check.ts";
import type { AclOwnership } from "../shared/acl-ownership.ts";
import {
  CONNECT_CLUSTER_RESOURCE,
  type ConnectClusterClients,
  onConnectClusterChange,
  type ReferencedConnectCluster,
  useConnectCluster,
} from "../shared/connect-cluster-reference.ts";
import {
  clusterRefOf,
  KAFKA_CLUSTER_RESOURCE,
  type ReferencedKafkaCluster,
  useKafkaCluster,
} from "../shared/kafka-cluster-reference.ts";
import { type AclOwningKind, OwnedAcls } from "../shared/owned-acls.ts";
import { claimsFromLedgers } from "./acl-claims.ts";
import { connectorPrincipalConditions } from "./checks.ts";
import { connectWorkersOf } from "./connect-workers.ts";
import { summarizeConnectorStatus } from "./connector-state.ts";
import { CredentialProofs } from "./credential-proofs.ts";
import { loginServers } from "./login-servers.ts";
import { OverrideRelease, type OverrideTarget } from "./override-release.ts";
import { planConnectorPrincipal, type RecordedOverrides } from "./plan.ts";
import { connectFailure, PrincipalApply, type ReconcileReport } from "./principal-apply.ts";
import type { ConnectorPrincipalReason } from "./reasons.ts";
import {
  type ConnectorPrincipalSpec,
  type ConnectorPrincipalStatus,
  connectorPrincipalKind,
  connectorPrincipalSpecSchema,
} from "./schema.ts";
import { connectorField } from "./status-fields.ts";

/** The kind's definition is also its resource type (group, version, kind, plural). */
export const CONNECTOR_PRINCIPAL_RESOURCE: ResourceType = connectorPrincipalKind;

const OWNERSHIP: AclOwningKind = { resource: CONNECTOR_PRINCIPAL_RESOURCE, noun: "connector ACL binding" };

type ConnectorPrincipalObject = KubernetesObject & {
  spec: ConnectorPrincipalSpec;
  status?: ConnectorPrincipalStatus;
};

/** Secrets a ConnectorPrincipal's credential references; their changes re-queue it (rotation). */
export function connectorPrincipalSecrets(object: KubernetesObject): string[] {
  return secretNamesIn((object as Partial<ConnectorPrincipalObject>).spec?.credential);
}

const recordedOf = (object: ConnectorPrincipalObject): RecordedOverrides => ({
  overrideKeys: object.status?.overrideKeys ?? [],
  credentialFingerprint: object.status?.credentialFingerprint,
});

/** A reconcile that stopped at `stage`, for `reason`: nothing written. */
const stopped = (
  stage: "references" | "credential" | "connector",
  { reason, message }: { reason: ConnectorPrincipalReason; message: string },
): ReconcileReport => ({ observation: { stage, reason, message } });

export function connectorPrincipalController(
  runtime: Runtime,
  {
    connectClients,
    credentialCheck,
    ownership,
    dryRun = false,
    connectorPollMs = 10_000,
  }: {
    connectClients: ConnectClusterClients;
    credentialCheck: CredentialCheck;
    ownership: AclOwnership;
    /** Operator-wide dry run: plan into status, write nothing; deletions wait. */
    dryRun?: boolean;
    /** How soon to look again for a connector that does not exist yet, or at one just changed. */
    connectorPollMs?: number;
  },
): KindController {
  const cache = runtime.cacheOf<ConnectorPrincipalObject>(CONNECTOR_PRINCIPAL_RESOURCE);
  const connectClusters = runtime.cacheOf<ReferencedConnectCluster>(CONNECT_CLUSTER_RESOURCE);
  const kafkaClusters = runtime.cacheOf<ReferencedKafkaCluster>(KAFKA_CLUSTER_RESOURCE);
  const writer = runtime.writerFor(CONNECTOR_PRINCIPAL_RESOURCE);
  const owned = new OwnedAcls(runtime, ownership, OWNERSHIP, { dryRun });
  const proofs = new CredentialProofs(credentialCheck);
  const overrideRelease = new OverrideRelease(runtime, connectClients);
  const applier = new PrincipalApply(runtime, owned, { dryRun, connectorPollMs });
  // The ACLs a resource wants depend on its connector's config; until Connect is asked, those
  // its ledgers say it applied.
  owned.declareAtStart(cache.list(), (object) => claimsFromLedgers(owned.ledgersOf(object)));

  /** Writes status for `report`, then retries, looks again later, or is done. */
  async function conclude(object: ConnectorPrincipalObject, logger: Logger, report: ReconcileReport) {
    await reportStatus<ConnectorPrincipalStatus>(
      { writer, events: runtime.events, logger },
      object,
      connectorPrincipalConditions(report.observation),
      report.fields ?? {},
    );
    if (report.retry) throw report.retry;
    return report.requeueAfterMs === undefined ? undefined : { requeueAfterMs: report.requeueAfterMs };
  }

  /**
   * Takes the override keys out of the connector they were written to (`target`); undefined
   * when done or kept, else what to report.
   */
  async function releaseOverrides(
    object: ConnectorPrincipalObject,
    target: OverrideTarget,
    logger: Logger,
  ): Promise<ReconcileReport | undefined> {
    const outcome = await overrideRelease.release(object, target, recordedOf(object), logger);
    if (outcome.state !== "blocked") return undefined;
    return {
      observation: { stage: "references", reason: "OverrideRemovalBlocked", message: outcome.message },
      // Status says why; the error asks for a retry with backoff.
      ...(outcome.isRetryable ? { retry: new Error(outcome.message) } : {}),
    };
  }

  /** Deleting: the keys leave the connector before its ACLs go, so its clients never run without them. */
  async function finalizeOverrides(
    object: ConnectorPrincipalObject,
    logger: Logger,
  ): Promise<ReconcileReport | undefined> {
    const spec = object.spec as Partial<ConnectorPrincipalSpec> | undefined;
    const target = object.status?.overrideKeysIn;
    const { overrideKeys } = recordedOf(object);
    if (spec?.deletionPolicy === "Orphan" || target === undefined || overrideKeys.length === 0) {
      return undefined;
    }
    if (dryRun) {
      const message = `Deleting would remove ${overrideKeys.length} override key(s) from connector "${target.connector}"; the operator runs with --dry-run, so the finalizer stays`;
      return { observation: { stage: "references", reason: "OverrideRemovalBlocked", message } };
    }
    return releaseOverrides(object, target, logger);
  }

  async function reconcileLive(
    object: ConnectorPrincipalObject,
    spec: ConnectorPrincipalSpec,
    logger: Logger,
  ): Promise<ReconcileReport> {
    const key = objectKey(object);
    const namespace = object.metadata?.namespace ?? "";
    const connect = useConnectCluster(connectClusters, connectClients, spec.connectRef, namespace);
    if (!connect.isUsable) return stopped("references", connect);
    const workers = connectWorkersOf({ name: connect.name, spec: connect.cluster.spec }, namespace);
    if (!workers.isUsable) {
      return stopped(workers.reason === "ConnectClusterNotReady" ? "references" : "credential", workers);
    }
    const kafka = useKafkaCluster(kafkaClusters, clusterRefOf(workers.kafkaCluster), namespace);
    if (!kafka.isUsable) return stopped("references", kafka);

    // A changed connector or ConnectCluster: the keys leave the one they were written to first.
    const target: OverrideTarget = { connectCluster: connect.name, connector: spec.connector };
    const previous = object.status?.overrideKeysIn;
    const isRetargeted =
      previous !== undefined &&
      (previous.connectCluster !== target.connectCluster || previous.connector !== target.connector);
    // A dry run writes to no connector: it plans for the new one as if the keys had left the old.
    const isDryRun = dryRun || spec.dryRun;
    if (isRetargeted && !isDryRun) {
      const blocked = await releaseOverrides(object, previous, logger);
      if (blocked) return blocked;
    }
    const recorded: RecordedOverrides = isRetargeted
      ? { overrideKeys: [], credentialFingerprint: undefined }
      : recordedOf(object);
    const released =
      isRetargeted && !isDryRun
        ? { overrideKeys: undefined, overrideKeysIn: undefined, credentialFingerprint: undefined }
        : {};

    let connector: Connector | undefined;
    let plugins: ConnectorPlugin[];
    try {
      [connector, plugins] = await Promise.all([
        connect.api.getConnector(spec.connector),
        connect.api.listPlugins(),
      ]);
    } catch (err) {
      return connectFailure(err, released);
    }

    const proof = await proofs.prove({
      ownerKey: key,
      name: `ConnectorPrincipal "${key}"`,
      credential: spec.credential,
      servers: loginServers({
        specServers: spec.bootstrapServers,
        connectorConfig: connector?.config,
        kafkaClusterServers: (kafka.cluster.spec as { bootstrapServers?: string[] }).bootstrapServers ?? [],
      }).servers,
      readSecret: (ref, purpose) => runtime.secrets.read(namespace, ref, purpose),
    });
    if (!proof.isValid) {
      return {
        ...stopped("credential", proof),
        fields: released,
        // A Secret's change re-queues the resource; only an unreachable cluster is worth retrying.
        ...(proof.isRetryable ? { retry: new Error(proof.message) } : {}),
      };
    }

    const plan = planConnectorPrincipal({
      spec,
      workers: workers.workers,
      connector,
      plugins,
      secretDataHash: proof.secretDataHash,
      recorded,
    });
    if (plan.state === "waiting") {
      return {
        ...stopped("connector", plan),
        fields: {
          ...released,
          principal: plan.principal,
          connector: connector && connectorField(summarizeConnectorStatus(connector.status)),
        },
        // Connect announces no new connector: look again soon, within the resync period.
        ...(plan.reason === "ConnectorNotFound" ? { requeueAfterMs: connectorPollMs } : {}),
      };
    }
    return applier.apply(
      object,
      {
        spec,
        plan,
        api: connect.api,
        connector: connector!,
        target,
        kafkaCluster: workers.kafkaCluster,
        recorded,
        released,
      },
      logger,
    );
  }

  /** "namespace/name" of the KafkaCluster the principal's ConnectCluster runs on, when known. */
  function kafkaClusterOf(principal: ConnectorPrincipalObject): string | undefined {
    const ref = principal.spec?.connectRef;
    if (!ref) return undefined;
    const clusterNamespace = ref.namespace ?? principal.metadata?.namespace ?? "";
    const cluster = connectClusters.get(clusterNamespace, ref.name);
    if (!cluster) return undefined;
    const workers = connectWorkersOf({ name: `${clusterNamespace}/${ref.name}`, spec: cluster.spec }, "");
    return workers.isUsable ? workers.kafkaCluster : undefined;
  }

  return {
    resource: CONNECTOR_PRINCIPAL_RESOURCE,
    referencedSecrets: connectorPrincipalSecrets,
    dependencies: [
      onConnectClusterChange(cache, (principal) => principal.spec?.connectRef),
      {
        // The KafkaCluster its ConnectCluster runs on.
        resource: KAFKA_CLUSTER_RESOURCE,
        keysFor: (changed: KubernetesObject) => {
          const changedKey = objectKey(changed);
          return cache
            .list()
            .filter((principal) => kafkaClusterOf(principal) === changedKey)
            .map(objectKey);
        },
      },
    ],
    async reconcile(key, { logger }) {
      const { namespace, name } = splitKey(key);
      const deleting = cache.get(namespace, name);
      if (deleting?.metadata?.deletionTimestamp) {
        const blocked = await finalizeOverrides(deleting, logger);
        if (blocked) return conclude(deleting, logger, blocked);
      }
      const isOrphaned = (o: ConnectorPrincipalObject) =>
        (o.spec as Partial<ConnectorPrincipalSpec>)?.deletionPolicy === "Orphan";
      const object = await owned.liveOwner(cache, key, logger, isOrphaned);
      if (!object) {
        proofs.forget(key);
        applier.forget(key);
        return undefined;
      }
      const spec = connectorPrincipalSpecSchema.safeParse(object.spec);
      if (!spec.success) {
        const message = `The spec cannot be used:\n${z.prettifyError(spec.error)}`;
        return conclude(object, logger, stopped("references", { reason: "InvalidSpec", message }));
      }
      return conclude(object, logger, await reconcileLive(object, spec.data, logger));
    },
  };
}
