// Reconciles a KafkaAcl: gathers what its cluster holds and what its namespace may do there,
// plans (plan.ts, pure), applies through the shared ownership path (kinds/shared/owned-acls.ts)
// and writes status. Status carries the ledger of what this resource applied, so deleting it
// (or dropping a binding) removes exactly that, and only when no other resource still wants it.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { z } from "zod";
import { findCondition } from "../../controller/conditions.ts";
import type { KindController, Runtime } from "../../controller/manager.ts";
import type { ResourceType } from "../../controller/resource.ts";
import { reportStatus } from "../../controller/status-report.ts";
import type { AclOwnership } from "../shared/acl-ownership.ts";
import { onKafkaClusterChange } from "../shared/kafka-cluster-reference.ts";
import { type AclOwningKind, OwnedAcls } from "../shared/owned-acls.ts";
import { type KafkaAclObservation, kafkaAclConditions } from "./checks.ts";
import { desiredBindings } from "./desired-bindings.ts";
import {
  appliedFields,
  exclusiveRivals,
  kafkaAclClaims,
  nextExclusiveCheckMs,
  planField,
  planKafkaAcl,
  specStatusFields,
} from "./plan.ts";
import { type KafkaAclSpec, type KafkaAclStatus, kafkaAclKind, kafkaAclSpecSchema } from "./schema.ts";

/** The kind's definition is also its resource type (group, version, kind, plural). */
export const KAFKA_ACL_RESOURCE: ResourceType = kafkaAclKind;

/** KafkaAcl to the ownership path; earlier versions kept one ledger in status.aclLedger. */
const KAFKA_ACL_OWNERSHIP: AclOwningKind = { resource: KAFKA_ACL_RESOURCE, legacyLedgerField: "aclLedger" };

type KafkaAclObject = KubernetesObject & { spec: KafkaAclSpec; status?: KafkaAclStatus };

export function kafkaAclController(
  runtime: Runtime,
  { ownership, dryRun = false, workers }: { ownership: AclOwnership; dryRun?: boolean; workers?: number },
): KindController {
  const cache = runtime.cacheOf<KafkaAclObject>(KAFKA_ACL_RESOURCE);
  const writer = runtime.writerFor(KAFKA_ACL_RESOURCE);
  const owned = new OwnedAcls(runtime, ownership, KAFKA_ACL_OWNERSHIP, { dryRun });
  const claimsOf = (object: KafkaAclObject, spec: KafkaAclSpec) =>
    kafkaAclClaims(
      spec,
      desiredBindings(spec),
      object.metadata?.namespace ?? "",
      object.status?.pendingRemovals,
    );
  owned.declareAtStart(cache.list(), (object) => {
    const spec = kafkaAclSpecSchema.safeParse(object.spec);
    return spec.success ? claimsOf(object, spec.data) : [];
  });

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

  async function reconcileLive(object: KafkaAclObject, spec: KafkaAclSpec, logger: Logger) {
    const desired = desiredBindings(spec);
    const specFields = specStatusFields(desired);
    const gathered = await owned.gather(object, claimsOf(object, spec));
    const planned = planKafkaAcl(spec, gathered, { isOperatorDryRun: dryRun });
    if (planned.isFinalizerWanted !== undefined) await owned.setFinalizer(object, planned.isFinalizerWanted);
    if (planned.action === "report") {
      const { listed } = planned;
      if (listed) runtime.events.record(object, "Normal", "DryRunPlanned", `dryRun: ${listed.summary}`);
      return report(object, logger, planned.observation, {
        ...specFields,
        plan: listed && planField(listed),
      });
    }

    // A resource turning Ready gets the Ready Event ("N binding(s) applied"); a separate
    // AclsCreated would only double the Events of a cold start.
    const wasApplied = findCondition(object.status?.conditions, "Ready")?.reason === "AclsApplied";
    const outcome = await owned.execute(object, planned.plan, { isReadyEventEnough: !wasApplied });
    const [applied] = outcome.applied;
    const [entry] = planned.plan.entries;
    if (!applied || entry?.state !== "planned") throw new Error("a planned KafkaAcl entry has an outcome");
    const releaseFailures = outcome.released.flatMap((r) => r.failures);
    await report(
      object,
      logger,
      {
        state: "applied",
        cluster: applied.ledger.cluster,
        bindingCount: desired.bindings.length,
        exclusive: spec.exclusive,
        ...(entry.exclusiveHeldBy ? { exclusiveHeldBy: entry.exclusiveHeldBy } : {}),
        outcome: applied,
        releaseFailures,
      },
      { ...specFields, ...owned.statusFields(outcome.ledgers), ...appliedFields(spec, applied) },
    );
    const failures = [...applied.failures, ...releaseFailures];
    // Status says why; the error only asks for a retry with backoff.
    if (failures.length > 0) throw new Error(`${failures.length} binding(s) not yet applied or removed`);
    const next = nextExclusiveCheckMs(
      applied.pendingExclusiveRemovals,
      spec.exclusiveGracePeriodSeconds,
      new Date(),
    );
    return next === undefined ? undefined : { requeueAfterMs: next };
  }

  return {
    resource: KAFKA_ACL_RESOURCE,
    ...(workers ? { workers } : {}),
    dependencies: [
      onKafkaClusterChange(cache, (acl) => acl.spec?.clusterRef),
      {
        resource: KAFKA_ACL_RESOURCE,
        // Only a resource that asks (or asked, until its reconcile says otherwise) for exclusive
        // mode can change who holds it: the others' changes cost no walk over every KafkaAcl.
        keysFor: (changed) =>
          (changed as KafkaAclObject).spec?.exclusive === true || owned.askedExclusive(changed)
            ? exclusiveRivals(changed, cache.list())
            : [],
      },
    ],
    async reconcile(key, { logger }) {
      const isOrphaned = (o: KafkaAclObject) =>
        (o.spec as Partial<KafkaAclSpec>)?.deletionPolicy === "Orphan";
      const object = await owned.liveOwner(cache, key, logger, isOrphaned);
      if (!object) return undefined;
      const spec = kafkaAclSpecSchema.safeParse(object.spec);
      if (!spec.success) {
        const message = `The spec cannot be used:\n${z.prettifyError(spec.error)}`;
        return report(object, logger, { state: "blocked", reason: "InvalidSpec", message }, {});
      }
      return reconcileLive(object, spec.data, logger);
    },
  };
}
