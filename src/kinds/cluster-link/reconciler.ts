// Reconciles a ClusterLink: resolves what it refers to (link-references.ts), proves the link's
// credentials by real logins before anything is created with them, applies the ACLs its
// principals need through the shared ownership path (or checks them where it may not write),
// brings the link to its spec through the backend spec.backend names, and writes status.
// Deleting it removes its connectors (or link) and then the ACLs it owns, unless
// deletionPolicy is Orphan; while that cannot be done, deletion waits and says why.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { z } from "zod";
import { describeBinding } from "../../access/acl-binding.ts";
import type { ObservedAclsView } from "../../access/observed-acls.ts";
import { condition } from "../../controller/conditions.ts";
import type { ReconcileResult } from "../../controller/controller.ts";
import type { KindController, Runtime } from "../../controller/manager.ts";
import { objectKey, type ResourceType, splitKey } from "../../controller/resource.ts";
import { reportStatus } from "../../controller/status-report.ts";
import { secretNamesIn } from "../../credentials/secret-names.ts";
import type { AclStore } from "../../ports/acl-store.ts";
import type { CredentialCheck, LoginTarget } from "../../ports/credential-check.ts";
import type { KafkaAdmin } from "../../ports/kafka-admin.ts";
import type { DesiredLink, LinkBackend, LinkChange, LinkObservation } from "../../ports/link-backend.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import type { AclOwnership, OwnedAclsOutcome } from "../shared/acl-ownership.ts";
import { ACL_FINALIZER } from "../shared/acl-ownership.ts";
import {
  CONNECT_CLUSTER_RESOURCE,
  type ConnectClusterClients,
  onConnectClusterChange,
} from "../shared/connect-cluster-reference.ts";
import { KAFKA_CLUSTER_RESOURCE, onKafkaClusterChange } from "../shared/kafka-cluster-reference.ts";
import { type AclOwningKind, OwnedAcls } from "../shared/owned-acls.ts";
import { ACL_OWNERSHIP_REASON_OF } from "../shared/reasons.ts";
import { type ClusterLinkObservation, clusterLinkConditions, type LinkAclsObservation } from "./checks.ts";
import { CredentialProofs } from "./credential-proofs.ts";
import { desiredLink } from "./desired-link.ts";
import { type AccessEntry, type LinkAccess, linkAccess, missingOnCheckedEnds } from "./link-acls.ts";
import {
  type LinkBackendFactories,
  type LinkConnectCluster,
  type LinkKafkaCluster,
  type ResolvedBackend,
  type ResolvedLink,
  resolveBackend,
  resolveLink,
} from "./link-references.ts";
import { literalGroupsOf, OffsetMigrationWatch } from "./offset-migration-watch.ts";
import { describeLinkPlan, type LinkStep, planLinkAcls, planLinkSteps } from "./plan.ts";
import { type ClusterLinkReason, LINK_REASON_OF, LOGIN_REASON_OF } from "./reasons.ts";
import {
  type ClusterLinkSpec,
  type ClusterLinkStatus,
  clusterLinkKind,
  clusterLinkSpecSchema,
} from "./schema.ts";
import {
  accessListOf,
  appliedAccessOf,
  lastOffsetMigrationOf,
  observedFields,
  sourceOf,
} from "./status-fields.ts";

/** The kind's definition is also its resource type (group, version, kind, plural). */
export const CLUSTER_LINK_RESOURCE: ResourceType = clusterLinkKind;

const CLUSTER_LINK_OWNERSHIP: AclOwningKind = { resource: CLUSTER_LINK_RESOURCE, noun: "link ACL binding" };

/** A successful login is proven again after this long, even when nothing it depends on changed. */
const CREDENTIAL_RECHECK_MS = 10 * 60_000;
/** How soon a link that is starting, or was just changed, is looked at again. */
const PENDING_RECHECK_MS = 5_000;

type ClusterLinkObject = KubernetesObject & { spec: ClusterLinkSpec; status?: ClusterLinkStatus };
type Problem = {
  readonly reason: ClusterLinkReason;
  readonly message: string;
  readonly isRetryable: boolean;
};

const LINK_EVENT_REASONS: Readonly<Record<LinkChange["outcome"], string>> = {
  created: "LinkCreated",
  updated: "LinkUpdated",
  deleted: "LinkDeleted",
  paused: "LinkPaused",
  resumed: "LinkResumed",
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

/** A failed backend or Connect call, in ClusterLink's reasons; anything else is rethrown. */
function linkProblem(err: unknown): Problem {
  if (!(err instanceof OperatorError)) throw err;
  return { reason: LINK_REASON_OF[err.reason], message: err.message, isRetryable: err.isRetryable };
}

/** Asks for a retry with backoff after status said why. */
function retryLater(problem: Problem): undefined {
  if (problem.isRetryable) throw new Error(problem.message);
  return undefined;
}

/** What executing the ACL plan did, for the conditions. */
function aclsObserved(
  outcome: Pick<OwnedAclsOutcome, "applied" | "released" | "ledgers">,
  missing: readonly AccessEntry[],
  access: LinkAccess,
): LinkAclsObservation {
  return {
    appliedCount: outcome.ledgers.reduce((sum, ledger) => sum + ledger.count, 0),
    failures: outcome.applied.flatMap((a) => a.failures),
    releaseFailures: outcome.released.flatMap((r) => r.failures),
    kept: [...outcome.applied.flatMap((a) => a.kept), ...outcome.released.flatMap((r) => r.kept)],
    missing: missing.flatMap((entry) =>
      entry.bindings.map((b) => `${describeBinding(b)} on ${entry.cluster}`),
    ),
    unchecked: access.unchecked.map((entry) => `${entry.principal} on ${entry.cluster}`),
  };
}

export function clusterLinkController(
  runtime: Runtime,
  options: ClusterLinkControllerOptions,
): KindController {
  const { ownership, aclStore, credentialCheck, kafkaAdmin, dryRun = false } = options;
  const cache = runtime.cacheOf<ClusterLinkObject>(CLUSTER_LINK_RESOURCE);
  const writer = runtime.writerFor(CLUSTER_LINK_RESOURCE);
  const owned = new OwnedAcls(runtime, ownership, CLUSTER_LINK_OWNERSHIP, { dryRun });
  const caches = {
    kafkaClusters: runtime.cacheOf<LinkKafkaCluster>(KAFKA_CLUSTER_RESOURCE),
    connectClusters: runtime.cacheOf<LinkConnectCluster>(CONNECT_CLUSTER_RESOURCE),
    connectClients: options.connectClients,
    backends: options.backends,
  };
  const proofs = new CredentialProofs({ check: credentialCheck, recheckMs: CREDENTIAL_RECHECK_MS });
  const migrations = new OffsetMigrationWatch(kafkaAdmin);
  const resourceOf = (object: KubernetesObject) => splitKey(objectKey(object));
  const isOrphaned = (object: ClusterLinkObject) =>
    (object.spec as Partial<ClusterLinkSpec> | undefined)?.deletionPolicy === "Orphan";

  /** The link's ACL needs as the backend names them, placed on its ends; throws for a link it cannot run. */
  const accessOf = (resolved: ResolvedLink & { isUsable: true }, namespace: string) =>
    linkAccess(resolved.link, resolved.factory.accessOf(resolved.link, resolved.placement), {
      source: resolved.source,
      namespace,
    });
  const backendOf = (resolved: ResolvedBackend): LinkBackend =>
    resolved.factory.backendOf({
      ...resolved.placement,
      ...(resolved.connect ? { connect: resolved.connect } : {}),
    });

  owned.declareAtStart(cache.list(), (object) => {
    const spec = clusterLinkSpecSchema.safeParse(object.spec);
    if (!spec.success) return [];
    const resolved = resolveLink(caches, resourceOf(object), spec.data, { withClient: false });
    if (!resolved.isUsable) return [];
    try {
      return accessOf(resolved, object.metadata?.namespace ?? "").claims;
    } catch (err) {
      linkProblem(err);
      return [];
    }
  });

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

  /** Logs in to the source with the link credential, and to the destination with its access (mirrorMaker2). */
  async function proveCredentials(
    object: ClusterLinkObject,
    link: DesiredLink,
  ): Promise<{ isValid: true; message: string; sourceClusterId: string } | ({ isValid: false } & Problem)> {
    const key = objectKey(object);
    const namespace = object.metadata?.namespace ?? "";
    const readSecret: LoginTarget["readSecret"] = (ref, purpose) =>
      runtime.secrets.read(namespace, ref, purpose);
    const targets: LoginTarget[] = [
      {
        name: `source of ClusterLink "${key}"`,
        bootstrapServers: link.source.bootstrapServers,
        credential: link.source.credential,
        readSecret,
      },
    ];
    if (link.destination.credential) {
      targets.push({
        name: `destination of ClusterLink "${key}"`,
        bootstrapServers: link.destination.bootstrapServers,
        credential: link.destination.credential,
        readSecret,
      });
    }
    const outcomes = await Promise.all(targets.map((target) => proofs.prove(key, target)));
    for (const outcome of outcomes) {
      if (!outcome.isAuthenticated) {
        const { reason, message, isRetryable } = outcome;
        return { isValid: false, reason: LOGIN_REASON_OF[reason], message, isRetryable };
      }
    }
    const [source] = outcomes;
    if (!source?.isAuthenticated) throw new Error("a link's source login has an outcome");
    const expected = link.source.clusterId;
    if (expected !== undefined && expected !== source.clusterId) {
      return {
        isValid: false,
        reason: "SourceClusterMismatch",
        message: `The source answers as cluster ${source.clusterId}, not ${expected} as the link expects`,
        isRetryable: false,
      };
    }
    const onDestination = outcomes.length > 1 ? " and its destination access to the destination" : "";
    return {
      isValid: true,
      message: `The link credential logged in to the source (cluster ${source.clusterId})${onDestination}`,
      sourceClusterId: source.clusterId,
    };
  }

  /** What the link lacks on ends it only checks; a cluster that cannot be read is a problem. */
  async function readCheckedEnds(access: LinkAccess): Promise<AccessEntry[] | Problem> {
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
    return missingOnCheckedEnds(access.checked, (cluster) => observed.get(cluster)!);
  }

  /** Brings the link to its spec, one backend call per step; what changed, or why it stopped. */
  async function applySteps(
    backend: LinkBackend,
    link: DesiredLink,
    steps: readonly LinkStep[],
  ): Promise<{ changes: LinkChange[]; problem?: Problem }> {
    const changes: LinkChange[] = [];
    try {
      for (const step of steps) changes.push(...(await backend[step](link)));
      return { changes };
    } catch (err) {
      return { changes, problem: linkProblem(err) };
    }
  }

  /** When migrated offsets were last seen moving on the destination, for status. */
  async function offsetMigrationField(
    object: ClusterLinkObject,
    link: DesiredLink,
    observed: LinkObservation,
  ): Promise<Partial<ClusterLinkStatus>> {
    const previous = object.status?.lastOffsetMigration;
    if (!link.consumerOffsets.isEnabled || !link.destination.kafkaCluster)
      return { lastOffsetMigration: undefined };
    const seen = await migrations.read(
      objectKey(object),
      link.destination.kafkaCluster,
      literalGroupsOf(link.consumerOffsets.include, link.consumerOffsets.exclude),
      observed.mirrors.map((mirror) => mirror.mirrorTopic),
    );
    return seen ? { lastOffsetMigration: lastOffsetMigrationOf(previous, seen, new Date()) } : {};
  }

  async function reconcileLive(
    object: ClusterLinkObject,
    spec: ClusterLinkSpec,
    logger: Logger,
  ): Promise<ReconcileResult | undefined> {
    const namespace = object.metadata?.namespace ?? "";
    const isPaused = spec.paused;
    const fields: Partial<ClusterLinkStatus> = { source: sourceOf(spec, namespace) };
    const stop = async (problem: Problem) => {
      await report(object, logger, { blocked: problem, isPaused }, fields);
      return retryLater(problem);
    };

    const resolved = resolveLink(caches, resourceOf(object), spec);
    if (!resolved.isUsable) return stop({ ...resolved, isRetryable: false });
    const { link } = resolved;
    let access: LinkAccess;
    try {
      access = accessOf(resolved, namespace);
    } catch (err) {
      return stop(linkProblem(err));
    }
    Object.assign(fields, {
      linkName: link.name,
      linkPrincipal: link.source.principal,
      destinationClusterId: resolved.destinationClusterId,
      uncheckedAccess: accessListOf(access.unchecked),
    });

    const credentials = await proveCredentials(object, link);
    if (!credentials.isValid) {
      // A credential that does not log in creates, changes and restarts nothing.
      await report(object, logger, { credentials, isPaused }, fields);
      return retryLater(credentials);
    }
    fields.sourceClusterId = credentials.sourceClusterId;

    const gathered = await owned.gather(object, access.claims);
    const decision = planLinkAcls(gathered, access.migrationKeys);
    const checked = decision.action === "apply" ? await readCheckedEnds(access) : [];
    if (decision.action === "refused" || !Array.isArray(checked)) {
      const problem: Problem =
        decision.action === "refused"
          ? { reason: decision.reason, message: decision.message, isRetryable: false }
          : (checked as Problem);
      await report(
        object,
        logger,
        { credentials, acls: { outcome: "refused", ...problem }, isPaused },
        fields,
      );
      return retryLater(problem);
    }
    fields.missingAccess = accessListOf(checked);
    const backend = backendOf(resolved);
    const observe = async (): Promise<LinkObservation | Problem> => {
      try {
        return await backend.observe(link);
      } catch (err) {
        return linkProblem(err);
      }
    };

    if (dryRun || spec.dryRun) {
      const observed = await observe();
      if ("reason" in observed) {
        const acls = aclsObserved({ applied: [], released: [], ledgers: gathered.ledgers }, checked, access);
        await report(
          object,
          logger,
          {
            credentials,
            acls: { outcome: "applied", ...acls },
            link: { outcome: "failed", ...observed },
            isPaused,
          },
          fields,
        );
        return retryLater(observed);
      }
      const plan = describeLinkPlan(decision.plan, planLinkSteps(isPaused, observed), observed);
      if (!plan.isEmpty) runtime.events.record(object, "Normal", "DryRunPlanned", `dryRun: ${plan.summary}`);
      const acls = aclsObserved({ applied: [], released: [], ledgers: gathered.ledgers }, checked, access);
      await report(
        object,
        logger,
        {
          credentials,
          acls: { outcome: "applied", ...acls },
          link: { outcome: "observed", state: observed.state, tasks: observed.tasks },
          dryRun: { summary: plan.summary, isEmpty: plan.isEmpty },
          isPaused,
        },
        { ...fields, ...observedFields(observed), plan: { summary: plan.summary, changes: plan.changes } },
      );
      return undefined;
    }

    await owned.setFinalizer(object, spec.deletionPolicy === "Delete");
    const outcome = await owned.execute(object, decision.plan);
    const acls = aclsObserved(outcome, checked, access);
    Object.assign(fields, {
      ...owned.statusFields(outcome.ledgers),
      appliedAccess: appliedAccessOf(outcome.ledgers),
      plan: undefined,
    });
    const aclsApplied = { outcome: "applied", ...acls } as const;
    if (acls.failures.length > 0) {
      // The link waits for its ACLs: its connectors would only fail without them.
      await report(object, logger, { credentials, acls: aclsApplied, isPaused }, fields);
      throw new Error(`${acls.failures.length} link ACL binding(s) not applied`);
    }

    const observed = await observe();
    if ("reason" in observed) {
      await report(
        object,
        logger,
        { credentials, acls: aclsApplied, link: { outcome: "failed", ...observed }, isPaused },
        fields,
      );
      return retryLater(observed);
    }
    const { changes, problem } = await applySteps(backend, link, planLinkSteps(isPaused, observed));
    recordChanges(object, changes);
    const migration = problem ? {} : await offsetMigrationField(object, link, observed);
    // Right after a change the observation is the one from before it: the link is pending.
    const state = changes.length > 0 && observed.state !== "failed" ? "pending" : observed.state;
    await report(
      object,
      logger,
      {
        credentials,
        acls: aclsApplied,
        link: problem
          ? { outcome: "failed", ...problem }
          : { outcome: "observed", state, tasks: observed.tasks },
        migrationDrift: decision.migrationDrift,
        isPaused,
      },
      { ...fields, ...observedFields(observed), state, ...migration },
    );
    if (problem) return retryLater(problem);
    if (acls.releaseFailures.length > 0) throw new Error(acls.releaseFailures[0]);
    return state === "pending" ? { requeueAfterMs: PENDING_RECHECK_MS } : undefined;
  }

  /**
   * The first half of deleting a link: its connectors (or link) go, before its ACLs do (the
   * ownership path releases those next). Throws while they cannot, after saying why in status.
   */
  async function removeLink(object: ClusterLinkObject, logger: Logger): Promise<void> {
    const blocked = async (message: string): Promise<never> => {
      await reportStatus(
        { writer, events: runtime.events, logger },
        object,
        [condition<ClusterLinkReason>("Ready", "False", "LinkDeletionBlocked", message)],
        {},
      );
      throw new Error(message);
    };
    const whatToDo = "deletion waits (set deletionPolicy: Orphan to leave the link in place)";
    if (dryRun) {
      return blocked(
        "Deleting would remove the link; the operator runs with --dry-run, so the finalizer stays",
      );
    }
    const parsed = clusterLinkSpecSchema.safeParse(object.spec);
    if (!parsed.success)
      return blocked(`Cannot tell which backend runs the link: the spec cannot be read; ${whatToDo}`);
    const spec = parsed.data;
    const namespace = object.metadata?.namespace ?? "";
    const backend = resolveBackend(caches, namespace, spec);
    if (!backend.isUsable) return blocked(`Cannot remove the link: ${backend.message}; ${whatToDo}`);
    const link = desiredLink(resourceOf(object), spec, {
      destination: {
        key: `${spec.destination.kafkaClusterRef.namespace ?? namespace}/${spec.destination.kafkaClusterRef.name}`,
        bootstrapServers: [],
      },
    });
    try {
      const changes = await backendOf(backend).delete(link);
      recordChanges(object, changes);
      if (changes.length > 0) logger.info({ parts: changes.map((c) => c.part) }, "removed the link");
    } catch (err) {
      return blocked(`Cannot remove the link: ${linkProblem(err).message}; ${whatToDo}`);
    }
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
      } else if (
        current.metadata?.deletionTimestamp &&
        current.metadata.finalizers?.includes(ACL_FINALIZER) &&
        !isOrphaned(current)
      ) {
        await removeLink(current, logger);
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
