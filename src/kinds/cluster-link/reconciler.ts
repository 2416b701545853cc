// Reconciles a ClusterLink: resolves what it refers to (link-references.ts), proves the link's
// credentials by real logins before anything is created with them, applies the ACLs its
// principals need through the shared ownership path (or checks them where it may not write),
// brings the link to its spec through the backend spec.backend names, and writes status.
// Deleting it removes its connectors (or link, link-removal.ts) and then the ACLs it owns,
// unless deletionPolicy is Orphan; while that cannot be done, deletion waits and says why.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { z } from "zod";
import type { ObservedAclsView } from "../../access/observed-acls.ts";
import { condition } from "../../controller/conditions.ts";
import type { ReconcileResult } from "../../controller/controller.ts";
import type { KindController, Runtime } from "../../controller/manager.ts";
import { objectKey, type ResourceType, splitKey } from "../../controller/resource.ts";
import { reportStatus } from "../../controller/status-report.ts";
import { secretNamesIn } from "../../credentials/secret-names.ts";
import type { AclStore } from "../../ports/acl-store.ts";
import type { CredentialCheck } from "../../ports/credential-check.ts";
import type { KafkaAdmin } from "../../ports/kafka-admin.ts";
import {
  type DesiredLink,
  type LinkBackend,
  type LinkChange,
  LinkChangesIncompleteError,
  type LinkObservation,
  type LinkRecord,
} from "../../ports/link-backend.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { ACL_FINALIZER, type AclOwnership } from "../shared/acl-ownership.ts";
import {
  CONNECT_CLUSTER_RESOURCE,
  type ConnectClusterClients,
  onConnectClusterChange,
} from "../shared/connect-cluster-reference.ts";
import { KAFKA_CLUSTER_RESOURCE, onKafkaClusterChange } from "../shared/kafka-cluster-reference.ts";
import { type AclOwningKind, OwnedAcls } from "../shared/owned-acls.ts";
import { ACL_OWNERSHIP_REASON_OF } from "../shared/reasons.ts";
import { type ClusterLinkObservation, clusterLinkConditions } from "./checks.ts";
import { CredentialProofs } from "./credential-proofs.ts";
import { accessOfResolved, declaredLinkClaims } from "./declared-claims.ts";
import { type AccessEntry, aclsObservationOf, type LinkAccess, missingOnCheckedEnds } from "./link-acls.ts";
import {
  type LinkBackendFactories,
  type LinkConnectCluster,
  type LinkKafkaCluster,
  type ResolvedBackend,
  resolveLink,
} from "./link-references.ts";
import { removeLink } from "./link-removal.ts";
import { OffsetMigrationWatch } from "./offset-migration-watch.ts";
import { backendRecordAfter, describeLinkPlan, type LinkStep, planLinkAcls, planLinkSteps } from "./plan.ts";
import { type ClusterLinkReason, type LinkProblem, linkProblemOf } from "./reasons.ts";
import {
  type ClusterLinkSpec,
  type ClusterLinkStatus,
  clusterLinkKind,
  clusterLinkSpecSchema,
} from "./schema.ts";
import { missingSourceTopics, missingSourceTopicsMessage } from "./source-topics.ts";
import { accessListOf, appliedAccessOf, observedFields, sourceOf } from "./status-fields.ts";

/** The kind's definition is also its resource type (group, version, kind, plural). */
export const CLUSTER_LINK_RESOURCE: ResourceType = clusterLinkKind;

const CLUSTER_LINK_OWNERSHIP: AclOwningKind = { resource: CLUSTER_LINK_RESOURCE, noun: "link ACL binding" };

/** A successful login is proven again after this long, even when nothing it depends on changed. */
const CREDENTIAL_RECHECK_MS = 10 * 60_000;
/** How soon a link that is starting, or was just changed, is looked at again. */
const PENDING_RECHECK_MS = 5_000;

type ClusterLinkObject = KubernetesObject & { spec: ClusterLinkSpec; status?: ClusterLinkStatus };

const LINK_EVENT_REASONS: Readonly<Record<LinkChange["outcome"], string>> = {
  created: "LinkCreated",
  updated: "LinkUpdated",
  deleted: "LinkDeleted",
  paused: "LinkPaused",
  resumed: "LinkResumed",
  promoted: "MirrorPromoted",
  failedOver: "MirrorFailedOver",
};

/** Secrets a ClusterLink references (its credentials); their changes re-queue it. */
export function clusterLinkSecrets(object: KubernetesObject): string[] {
  return secretNamesIn((object as ClusterLinkObject).spec);
}

export interface ClusterLinkControllerOptions {
  readonly ownership: AclOwnership;
  /** Reads the ACLs of a source the link may not write to, to report what is missing. */
  readonly aclStore: AclStore;
  readonly connectClients: ConnectClusterClients;
  readonly credentialCheck: CredentialCheck;
  /** Reads migrated consumer offsets on the destination. */
  readonly kafkaAdmin: KafkaAdmin;
  /** One factory per backend the operator serves. */
  readonly backends: LinkBackendFactories;
  /** Operator-wide dry run: plan into status, write nothing; deletions wait. */
  readonly dryRun?: boolean;
}

/** Asks for a retry with backoff, once status said why, when trying again may help. */
function retryLater(problem: LinkProblem): undefined {
  if (problem.isRetryable) throw new Error(problem.message);
  return undefined;
}

/**
 * The backend calls of `steps`, in order, with the record kept of the last write: what changed
 * (a call that stopped halfway included), why it stopped if it did, and what its record covers.
 */
async function applySteps(
  backend: LinkBackend,
  link: DesiredLink,
  steps: readonly LinkStep[],
  record: LinkRecord | undefined,
): Promise<{ changes: LinkChange[]; problem?: LinkProblem; written?: LinkRecord }> {
  const changes: LinkChange[] = [];
  try {
    for (const step of steps) {
      const call = step === "create" || step === "update" ? backend[step](link, record) : backend[step](link);
      changes.push(...(await call));
    }
    return { changes };
  } catch (err) {
    if (!(err instanceof LinkChangesIncompleteError)) return { changes, problem: linkProblemOf(err) };
    changes.push(...err.changes);
    return { changes, problem: linkProblemOf(err), ...(err.record ? { written: err.record } : {}) };
  }
}

export function clusterLinkController(
  runtime: Runtime,
  options: ClusterLinkControllerOptions,
): KindController {
  const { ownership, aclStore, dryRun = false } = options;
  const cache = runtime.cacheOf<ClusterLinkObject>(CLUSTER_LINK_RESOURCE);
  const writer = runtime.writerFor(CLUSTER_LINK_RESOURCE);
  const owned = new OwnedAcls(runtime, ownership, CLUSTER_LINK_OWNERSHIP, { dryRun });
  const caches = {
    kafkaClusters: runtime.cacheOf<LinkKafkaCluster>(KAFKA_CLUSTER_RESOURCE),
    connectClusters: runtime.cacheOf<LinkConnectCluster>(CONNECT_CLUSTER_RESOURCE),
    connectClients: options.connectClients,
    backends: options.backends,
  };
  const proofs = new CredentialProofs({ check: options.credentialCheck, recheckMs: CREDENTIAL_RECHECK_MS });
  const migrations = new OffsetMigrationWatch(options.kafkaAdmin);
  // The backend record of each link's last write from this process. The informer's copy of
  // status may not show it yet when the next reconcile starts, and a link read without its
  // record would have its secrets written again; status serves after a restart.
  const writtenRecords = new Map<string, LinkRecord | undefined>();
  const resourceOf = (object: KubernetesObject) => splitKey(objectKey(object));
  const isOrphaned = (object: ClusterLinkObject) =>
    (object.spec as Partial<ClusterLinkSpec> | undefined)?.deletionPolicy === "Orphan";

  /** The link's backend, for the ClusterLink `owner`; throws an OperatorError when it cannot be reached. */
  const backendOf = (resolved: ResolvedBackend, owner: string): LinkBackend =>
    resolved.factory.backendOf({
      ...resolved.placement,
      ...(resolved.connect ? { connect: resolved.connect } : {}),
      owner,
    });

  owned.declareAtStart(cache.list(), (object) => declaredLinkClaims(caches, object));

  const report = (
    object: ClusterLinkObject,
    logger: Logger,
    observation: ClusterLinkObservation,
    fields: Partial<ClusterLinkStatus>,
  ) =>
    reportStatus<ClusterLinkStatus>(
      { writer, events: runtime.events, logger },
      object,
      clusterLinkConditions(observation),
      fields,
    );

  const recordChanges = (object: ClusterLinkObject, changes: readonly LinkChange[]) => {
    for (const { part, outcome } of changes) {
      runtime.events.record(object, "Normal", LINK_EVENT_REASONS[outcome], `${part} ${outcome}`);
    }
  };

  /** What the link lacks on ends it only checks; a cluster that cannot be read is a problem. */
  async function readCheckedEnds(access: LinkAccess): Promise<{ missing: AccessEntry[] } | LinkProblem> {
    const observed = new Map<string, ObservedAclsView>();
    try {
      for (const cluster of new Set(access.checked.map((entry) => entry.cluster))) {
        observed.set(cluster, await aclStore.describeAll(cluster));
      }
    } catch (err) {
      if (!(err instanceof OperatorError)) throw err;
      return {
        reason: ACL_OWNERSHIP_REASON_OF[err.reason],
        message: err.message,
        isRetryable: err.isRetryable,
      };
    }
    return { missing: missingOnCheckedEnds(access.checked, (cluster) => observed.get(cluster)!) };
  }

  async function reconcileLive(
    object: ClusterLinkObject,
    spec: ClusterLinkSpec,
    logger: Logger,
  ): Promise<ReconcileResult | undefined> {
    const namespace = object.metadata?.namespace ?? "";
    const key = objectKey(object);
    const isPaused = spec.paused;
    const fields: Partial<ClusterLinkStatus> = { source: sourceOf(spec, namespace) };
    const stop = async (observation: Omit<ClusterLinkObservation, "isPaused">, problem: LinkProblem) => {
      await report(object, logger, { ...observation, isPaused }, fields);
      return retryLater(problem);
    };

    const resolved = resolveLink(caches, resourceOf(object), spec);
    if (!resolved.isUsable) return stop({ blocked: resolved }, { ...resolved, isRetryable: false });
    const { link } = resolved;
    let access: LinkAccess;
    try {
      access = accessOfResolved(resolved, namespace);
    } catch (err) {
      const problem = linkProblemOf(err);
      return stop({ blocked: problem }, problem);
    }
    Object.assign(fields, {
      linkName: link.name,
      linkPrincipal: link.source.principal,
      destinationClusterId: resolved.destinationClusterId,
      uncheckedAccess: accessListOf(access.unchecked),
    });

    // A credential that does not log in creates, changes and restarts nothing.
    const credentials = await proofs.proveLink(key, link, (ref, purpose) =>
      runtime.secrets.read(namespace, ref, purpose),
    );
    if (!credentials.isValid) return stop({ credentials }, credentials);
    fields.sourceClusterId = credentials.sourceClusterId;

    if (resolved.source.kind === "kafkaCluster") {
      const sourceCluster = resolved.source.cluster;
      let missing: string[];
      try {
        missing = missingSourceTopics(
          spec.mirrors,
          new Set(await options.kafkaAdmin.listTopics(sourceCluster)),
        );
      } catch (err) {
        const problem = linkProblemOf(err);
        return stop({ credentials, acls: { outcome: "refused", ...problem } }, problem);
      }
      if (missing.length > 0) {
        const problem = {
          reason: "SourceTopicsMissing",
          message: missingSourceTopicsMessage(sourceCluster, missing),
          isRetryable: true,
        } as const;
        return stop({ credentials, sourceTopicsMissing: problem }, problem);
      }
    }

    const gathered = await owned.gather(object, access.claims);
    const decision = planLinkAcls(gathered, access.migrationKeys);
    if (decision.action === "refused") {
      const problem = { ...decision, isRetryable: false };
      return stop({ credentials, acls: { outcome: "refused", ...problem } }, problem);
    }
    const checked = await readCheckedEnds(access);
    if (!("missing" in checked))
      return stop({ credentials, acls: { outcome: "refused", ...checked } }, checked);
    fields.missingAccess = accessListOf(checked.missing);
    // What the backend wrote and cannot read back, as it was after its last write.
    const record = writtenRecords.has(key) ? writtenRecords.get(key) : object.status?.backendRecord;
    const observe = async (): Promise<{ backend: LinkBackend; observed: LinkObservation } | LinkProblem> => {
      try {
        const backend = backendOf(resolved, key);
        return { backend, observed: await backend.observe(link, record) };
      } catch (err) {
        return linkProblemOf(err);
      }
    };

    if (dryRun || spec.dryRun) {
      const acls = aclsObservationOf(
        { applied: [], released: [], ledgers: gathered.ledgers },
        checked.missing,
        access.unchecked,
      );
      const observation = await observe();
      if ("reason" in observation) {
        return stop(
          { credentials, acls: { outcome: "applied", ...acls }, link: { outcome: "failed", ...observation } },
          observation,
        );
      }
      const { observed } = observation;
      const plan = describeLinkPlan(decision.plan, planLinkSteps(isPaused, observed), observed);
      if (!plan.isEmpty) runtime.events.record(object, "Normal", "DryRunPlanned", `dryRun: ${plan.summary}`);
      Object.assign(fields, observedFields(observed), {
        plan: { summary: plan.summary, changes: plan.changes },
      });
      await report(
        object,
        logger,
        {
          credentials,
          acls: { outcome: "applied", ...acls },
          link: {
            outcome: "observed",
            state: observed.state,
            tasks: observed.tasks,
            mirrors: observed.mirrors,
          },
          dryRun: plan,
          isPaused,
        },
        fields,
      );
      return undefined;
    }

    await owned.setFinalizer(object, spec.deletionPolicy === "Delete");
    const outcome = await owned.execute(object, decision.plan);
    const acls = {
      outcome: "applied",
      ...aclsObservationOf(outcome, checked.missing, access.unchecked),
    } as const;
    Object.assign(fields, owned.statusFields(outcome.ledgers), {
      appliedAccess: appliedAccessOf(outcome.ledgers),
      plan: undefined,
    });
    if (acls.failures.length > 0) {
      // The link waits for its ACLs: its connectors would only fail without them.
      await report(object, logger, { credentials, acls, isPaused }, fields);
      throw new Error(`${acls.failures.length} link ACL binding(s) not applied`);
    }

    const observation = await observe();
    if ("reason" in observation)
      return stop({ credentials, acls, link: { outcome: "failed", ...observation } }, observation);
    const { backend, observed } = observation;
    const steps = planLinkSteps(isPaused, observed);
    const applied = await applySteps(backend, link, steps, record);
    const { changes, problem } = applied;
    const backendRecord = backendRecordAfter(record, steps, applied, observed);
    writtenRecords.set(key, backendRecord);
    recordChanges(object, changes);
    // Right after a change the observation is the one from before it: the link is pending.
    const state = changes.length > 0 && observed.state !== "failed" ? "pending" : observed.state;
    Object.assign(
      fields,
      observedFields(observed),
      { state, backendRecord },
      problem ? {} : await migrations.statusOf(key, link, observed, object.status?.lastOffsetMigration),
    );
    await report(
      object,
      logger,
      {
        credentials,
        acls,
        link: problem
          ? { outcome: "failed", ...problem }
          : { outcome: "observed", state, tasks: observed.tasks, mirrors: observed.mirrors },
        migrationDrift: decision.migrationDrift,
        isPaused,
      },
      fields,
    );
    if (problem) return retryLater(problem);
    if (acls.releaseFailures.length > 0) throw new Error(acls.releaseFailures[0]);
    return state === "pending" ? { requeueAfterMs: PENDING_RECHECK_MS } : undefined;
  }

  /** Removes a deleted link's connectors (or link) before the ownership path releases its ACLs; throws while it cannot. */
  async function removeBeforeRelease(object: ClusterLinkObject, logger: Logger): Promise<void> {
    const owner = objectKey(object);
    const removal = await removeLink(
      caches,
      (resolved) => backendOf(resolved, owner),
      resourceOf(object),
      object.spec,
      {
        isDryRun: dryRun,
      },
    );
    recordChanges(object, removal.changes);
    if (removal.isRemoved) {
      if (removal.changes.length > 0)
        logger.info({ parts: removal.changes.map((c) => c.part) }, "removed the link");
      return;
    }
    await reportStatus(
      { writer, events: runtime.events, logger },
      object,
      [condition<ClusterLinkReason>("Ready", "False", "LinkDeletionBlocked", removal.message)],
      {},
    );
    // Status says why; the error only asks for a retry with backoff.
    throw new Error(removal.message);
  }

  return {
    resource: CLUSTER_LINK_RESOURCE,
    referencedSecrets: clusterLinkSecrets,
    dependencies: [
      onKafkaClusterChange(cache, (link) => link.spec?.destination?.kafkaClusterRef),
      onKafkaClusterChange(cache, (link) => link.spec?.source?.kafkaClusterRef),
      onConnectClusterChange(cache, (link) => link.spec?.mirrorMaker2?.connectClusterRef),
    ],
    async reconcile(key, { logger }) {
      const { namespace, name } = splitKey(key);
      const current = cache.get(namespace, name);
      if (!current) {
        proofs.forget(key);
        migrations.forget(key);
        writtenRecords.delete(key);
        await Promise.all(Object.values(options.backends).map((factory) => factory.release?.(key)));
      } else if (
        current.metadata?.deletionTimestamp &&
        current.metadata.finalizers?.includes(ACL_FINALIZER) &&
        !isOrphaned(current)
      ) {
        await removeBeforeRelease(current, logger);
      }
      const object = await owned.liveOwner(cache, key, logger, isOrphaned);
      if (!object) return undefined;
      const spec = clusterLinkSpecSchema.safeParse(object.spec);
      if (!spec.success) {
        const message = `The spec cannot be used:\n${z.prettifyError(spec.error)}`;
        await report(object, logger, { blocked: { reason: "InvalidSpec", message }, isPaused: false }, {});
        return undefined;
      }
      return reconcileLive(object, spec.data, logger);
    },
  };
}
