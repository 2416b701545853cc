// Reconciles a KafkaAcl: expands its spec into bindings, checks the KafkaCluster lets this
// namespace grant them, plans against the cluster's ACLs (shared describe cache) and applies
// the plan through the shared ownership executor, whose writes are batched with every other
// resource's. Status carries the ledger of what this resource applied, so deleting it (or
// dropping a binding) removes exactly that, and only when no other resource still wants it.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { z } from "zod";
import { type AclBinding, bindingKey, describeBinding, parseBindingKey } from "../../access/acl-binding.ts";
import { describeForeignAcl } from "../../access/observed-acls.ts";
import type { AclLedger } from "../../access/ownership-ledger.ts";
import { checkTenancy, exclusiveProblem, principalProblem } from "../../access/tenancy-check.ts";
import { findCondition } from "../../controller/conditions.ts";
import type { ReconcileResult } from "../../controller/controller.ts";
import type { KindController, Runtime } from "../../controller/manager.ts";
import { objectKey, type ResourceType, splitKey } from "../../controller/resource.ts";
import { reportStatus } from "../../controller/status-report.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { recordAclChanges } from "../shared/acl-change-events.ts";
import { ACL_FINALIZER, type AclOwnership, type PlannedAclChanges } from "../shared/acl-ownership.ts";
import { firstFew } from "../shared/first-few.ts";
import {
  admitKafkaCluster,
  KAFKA_CLUSTER_RESOURCE,
  type KafkaClusterUse,
  onKafkaClusterChange,
  type ReferencedKafkaCluster,
  tenancyScopeOn,
  useKafkaCluster,
} from "../shared/kafka-cluster-reference.ts";
import { type KafkaAclObservation, kafkaAclConditions } from "./checks.ts";
import { type DesiredBindings, describeRoles, desiredBindings } from "./desired-bindings.ts";
import type { KafkaAclReason } from "./reasons.ts";
import {
  type KafkaAclSpec,
  type KafkaAclStatus,
  kafkaAclKind,
  kafkaAclSpecSchema,
  MAX_PENDING_REMOVALS,
} from "./schema.ts";

/** The kind's definition is also its resource type (group, version, kind, plural). */
export const KAFKA_ACL_RESOURCE: ResourceType = kafkaAclKind;

type KafkaAclObject = KubernetesObject & { spec: KafkaAclSpec; status?: KafkaAclStatus };

const ownerKeyOf = (key: string) => `KafkaAcl/${key}`;

/** Bindings listed in status, and in each plan list. */
const LISTED_BINDINGS = 100;

/**
 * The bindings of `desired` the cluster's tenancy limits allow, and every way the spec breaks
 * them: the principal itself (even with no binding), exclusive mode without a grant, bindings.
 */
function admissible(
  spec: KafkaAclSpec,
  desired: DesiredBindings,
  use: KafkaClusterUse & { isUsable: true },
  namespace: string,
) {
  const violations = checkTenancy(desired.bindings, use.limits, namespace);
  const refused = new Set(violations.map((v) => bindingKey(v.binding)));
  const problems = [
    principalProblem(spec.principal, use.limits, namespace),
    spec.exclusive ? exclusiveProblem(spec.principal, use.limits, namespace) : undefined,
  ].flatMap((p) => (p ? [p] : []));
  return {
    bindings: desired.bindings.filter((b) => !refused.has(bindingKey(b))),
    violations: [...problems, ...violations.map((v) => v.message)],
  };
}

export function kafkaAclController(
  runtime: Runtime,
  { ownership, dryRun = false, workers }: { ownership: AclOwnership; dryRun?: boolean; workers?: number },
): KindController {
  const cache = runtime.cacheOf<KafkaAclObject>(KAFKA_ACL_RESOURCE);
  const kafkaClusters = runtime.cacheOf<ReferencedKafkaCluster>(KAFKA_CLUSTER_RESOURCE);
  const writer = runtime.writerFor(KAFKA_ACL_RESOURCE);

  // Every KafkaAcl is known once the cache is: declare what each may want before any deletion,
  // so a binding two resources share survives whichever reconciles first after a restart.
  // Only what the cluster's tenancy admits counts, as in a reconcile.
  for (const object of cache.list()) {
    const spec = kafkaAclSpecSchema.safeParse(object.spec);
    if (!spec.success || object.metadata?.deletionTimestamp) continue;
    const namespace = object.metadata?.namespace ?? "";
    const admitted = admitKafkaCluster(kafkaClusters, spec.data.clusterRef, namespace);
    if (!admitted.isUsable) continue;
    const { bindings } = admissible(spec.data, desiredBindings(spec.data), admitted, namespace);
    ownership.declare(admitted.name, ownerKeyOf(objectKey(object)), bindings);
  }

  /** Writes status for what happened; resolves with no result, so a reconcile can end with it. */
  const report = async (
    object: KafkaAclObject,
    logger: Logger,
    o: KafkaAclObservation,
    fields: Partial<KafkaAclStatus>,
  ): Promise<undefined> => {
    await reportStatus<KafkaAclStatus>(
      { writer, events: runtime.events, logger },
      object,
      kafkaAclConditions(o),
      fields,
    );
    return undefined;
  };

  /** Removes what this resource applied on `ledger.cluster`; throws (after saying why in status) when it cannot. */
  async function release(object: KafkaAclObject, ledger: AclLedger, logger: Logger): Promise<void> {
    const scope = tenancyScopeOn(kafkaClusters, ledger.cluster, object.metadata?.namespace ?? "");
    const { failures, kept } = scope
      ? await ownership.release({
          cluster: ledger.cluster,
          ownerKey: ownerKeyOf(objectKey(object)),
          ledger,
          scope,
        })
      : { failures: [`KafkaCluster "${ledger.cluster}" does not exist`], kept: [] };
    if (kept.length > 0) {
      runtime.events.record(
        object,
        "Warning",
        "TenancyViolation",
        `Kept ${kept.length} binding(s) on ${ledger.cluster} outside what this namespace may remove: ${firstFew(kept, 3)}`,
      );
    }
    if (failures.length > 0) {
      const message = `Cannot remove the bindings this resource applied on ${ledger.cluster}: ${firstFew(failures)}`;
      await report(object, logger, { state: "blocked", reason: "AclReleaseBlocked", message }, {});
      throw new OperatorError(message, { reason: "AclReleaseBlocked", isRetryable: true });
    }
    runtime.events.record(
      object,
      "Normal",
      "AclsReleased",
      `Removed the bindings this resource applied on ${ledger.cluster} that no other resource wants`,
    );
    logger.info({ cluster: ledger.cluster, count: ledger.count }, "released ACL bindings");
  }

  async function finalize(object: KafkaAclObject, logger: Logger): Promise<void> {
    const key = objectKey(object);
    const ledger = object.status?.aclLedger;
    const isOrphaned = (object.spec as Partial<KafkaAclSpec>)?.deletionPolicy === "Orphan";
    if (ledger && ledger.count > 0) {
      if (dryRun && !isOrphaned) {
        const message = `Deleting would remove up to ${ledger.count} binding(s) on ${ledger.cluster}; the operator runs with --dry-run, so the finalizer stays`;
        await report(object, logger, { state: "blocked", reason: "AclReleaseBlocked", message }, {});
        return;
      }
      if (isOrphaned) {
        runtime.events.record(
          object,
          "Normal",
          "AclsOrphaned",
          `Left ${ledger.count} binding(s) on ${ledger.cluster} (deletionPolicy Orphan)`,
        );
      } else {
        await release(object, ledger, logger);
      }
    }
    ownership.forget(ownerKeyOf(key));
    await writer.setFinalizer(object, ACL_FINALIZER, false);
  }

  function recordReported(object: KafkaAclObject, reported: readonly AclBinding[]) {
    if (reported.length === 0) return;
    runtime.events.record(
      object,
      "Warning",
      "UnknownAclsReported",
      `exclusive: ${reported.length} ACL(s) of the principal no resource declares will be removed: ${firstFew(reported.map(describeBinding))}`,
    );
  }

  function planFields(planned: PlannedAclChanges) {
    const words = (type: string) =>
      planned.plan.actions.flatMap((a) =>
        a.type !== type
          ? []
          : ["binding" in a ? describeBinding(a.binding) : `unmodeled: ${describeForeignAcl(a.foreign)}`],
      );
    const [create, remove, report] = [words("create"), words("delete"), words("reportUnknown")];
    const summary = `${create.length} to create, ${remove.length} to delete, ${report.length} unknown to report`;
    return {
      summary,
      plan: {
        create: create.slice(0, LISTED_BINDINGS),
        delete: remove.slice(0, LISTED_BINDINGS),
        report: report.slice(0, LISTED_BINDINGS),
        summary,
      },
    };
  }

  async function reconcileLive(
    object: KafkaAclObject,
    spec: KafkaAclSpec,
    logger: Logger,
  ): Promise<ReconcileResult | undefined> {
    const namespace = object.metadata?.namespace ?? "";
    const ownerKey = ownerKeyOf(objectKey(object));
    const desired = desiredBindings(spec);
    const specFields: Partial<KafkaAclStatus> = {
      bindingCount: desired.bindings.length,
      bindings: desired.bindings.slice(0, LISTED_BINDINGS).map(describeBinding),
      roles: desired.roles.length > 0 ? describeRoles(desired.roles) : undefined,
    };
    const blocked = (reason: KafkaAclReason, message: string) =>
      report(object, logger, { state: "blocked", reason, message }, specFields);

    const use = useKafkaCluster(kafkaClusters, spec.clusterRef, namespace);
    if (!use.isUsable) return blocked(use.reason, use.message);
    const isDryRun = dryRun || spec.dryRun;
    let ledger = object.status?.aclLedger;
    if (ledger && ledger.cluster !== use.name && !isDryRun) {
      // clusterRef changed: what was applied on the old cluster goes first (or stays, Orphan).
      if (spec.deletionPolicy === "Delete") await release(object, ledger, logger);
      ownership.forget(ownerKey);
      ledger = undefined;
    }
    const backend = use.cluster.spec.aclBackend ?? "kafka";
    if (backend !== "kafka") {
      return blocked(
        "AclBackendUnsupported",
        `KafkaCluster "${use.name}" has aclBackend ${backend}, which this operator version does not serve; nothing was applied`,
      );
    }
    if (use.cluster.status?.authorizerPresent === false) {
      return blocked(
        "AuthorizerDisabled",
        `KafkaCluster "${use.name}" has no authorizer, so it has no ACLs to manage`,
      );
    }
    const { bindings, violations } = admissible(spec, desired, use, namespace);
    ownership.declare(use.name, ownerKey, bindings);
    if (violations.length > 0) {
      return blocked(
        "TenancyViolation",
        `Nothing applied: ${violations.length} violation(s) of what KafkaCluster "${use.name}" delegates to namespace ${namespace}: ${firstFew(violations, 3)}`,
      );
    }

    const holdsBindings = (ledger?.count ?? 0) > 0;
    await writer.setFinalizer(
      object,
      ACL_FINALIZER,
      spec.deletionPolicy === "Delete" && (!isDryRun || holdsBindings),
    );
    let planned: PlannedAclChanges;
    try {
      planned = await ownership.plan({
        cluster: use.name,
        ownerKey,
        principal: spec.principal,
        desired: bindings,
        // A ledger of another cluster (dry run after a clusterRef change) says nothing about this one.
        ledger: ledger?.cluster === use.name ? ledger : undefined,
        scope: { namespace, isAdmitted: true, limits: use.limits },
        ...(spec.exclusive
          ? {
              exclusive: {
                pendingRemovals: object.status?.pendingRemovals ?? [],
                graceMs: spec.exclusiveGracePeriodSeconds * 1000,
              },
            }
          : {}),
      });
    } catch (err) {
      if (!(err instanceof OperatorError)) throw err;
      await blocked(err.reason as KafkaAclReason, err.message);
      if (err.isRetryable) throw err;
      return undefined;
    }

    if (isDryRun) {
      const { summary, plan } = planFields(planned);
      runtime.events.record(object, "Normal", "DryRunPlanned", `dryRun: ${summary}`);
      return report(object, logger, { state: "planned", summary }, { ...specFields, plan });
    }

    const outcome = await ownership.execute(planned);
    const alreadyReported = new Set((object.status?.pendingRemovals ?? []).map((p) => p.binding));
    const newlyReported = outcome.pendingExclusiveRemovals
      .filter((p) => !alreadyReported.has(p.binding))
      .flatMap((p) => parseBindingKey(p.binding) ?? []);
    // A resource turning Ready gets the Ready Event ("N binding(s) applied"); a separate
    // AclsCreated would only double the Events of a cold start.
    const wasApplied = findCondition(object.status?.conditions, "Ready")?.reason === "AclsApplied";
    const isBecomingApplied = !wasApplied && outcome.failures.length === 0;
    recordAclChanges(runtime, object, outcome, {
      kind: KAFKA_ACL_RESOURCE.kind,
      isReadyEventEnough: isBecomingApplied,
    });
    recordReported(object, newlyReported);
    await report(
      object,
      logger,
      {
        state: "applied",
        cluster: use.name,
        bindingCount: bindings.length,
        exclusive: spec.exclusive,
        outcome,
      },
      {
        ...specFields,
        appliedCount: outcome.ledger.count,
        aclLedger: { ...outcome.ledger, bindings: [...outcome.ledger.bindings] },
        failures: outcome.failures.length > 0 ? outcome.failures.slice(0, 32) : undefined,
        plan: undefined,
        pendingRemovals:
          spec.exclusive && outcome.pendingExclusiveRemovals.length > 0
            ? outcome.pendingExclusiveRemovals.slice(0, MAX_PENDING_REMOVALS)
            : undefined,
        unmodeled:
          spec.exclusive && outcome.unmodeled.length > 0 ? outcome.unmodeled.slice(0, 32) : undefined,
      },
    );
    if (outcome.failures.length > 0) {
      throw new OperatorError(`Kafka refused ${outcome.failures.length} binding(s)`, {
        reason: "AclsFailed",
        isRetryable: true,
      });
    }
    // Come back when the first reported unknown binding is due for removal.
    const dueTimes = outcome.pendingExclusiveRemovals.map(
      (p) => Date.parse(p.firstSeen) + spec.exclusiveGracePeriodSeconds * 1000 - Date.now(),
    );
    return dueTimes.length > 0 ? { requeueAfterMs: Math.max(1000, Math.min(...dueTimes) + 500) } : undefined;
  }

  return {
    resource: KAFKA_ACL_RESOURCE,
    ...(workers ? { workers } : {}),
    dependencies: [onKafkaClusterChange(cache, (acl) => acl.spec?.clusterRef)],
    async reconcile(key, { logger }) {
      const { namespace, name } = splitKey(key);
      const object = cache.get(namespace, name);
      if (!object) {
        ownership.forget(ownerKeyOf(key));
        return undefined;
      }
      if (object.metadata?.deletionTimestamp) {
        await finalize(object, logger);
        return undefined;
      }
      const spec = kafkaAclSpecSchema.safeParse(object.spec);
      if (!spec.success) {
        const message = `The spec cannot be used:\n${z.prettifyError(spec.error)}`;
        await report(object, logger, { state: "blocked", reason: "InvalidSpec", message }, {});
        return undefined;
      }
      return reconcileLive(object, spec.data, logger);
    },
  };
}
