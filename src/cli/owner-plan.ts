// Planning for one owner of bindings on one cluster, as the KafkaAcl reconciler plans: an index
// of every owner's bindings in the proposed state (KafkaAcls by their specs within the cluster's
// tenancy, other kinds by their ledgers), the pure planAclChanges for what the owner creates,
// deletes and reports, bindingsToRelease for what letting go removes, and which bindings another
// owner keeps alive. Pure.
import type { KubernetesObject } from "@kubernetes/client-node";
import { type AclBinding, bindingKey, describeBinding } from "../access/acl-binding.ts";
import type { LedgerRecord } from "../access/binding-owners.ts";
import { DesiredBindingIndex } from "../access/desired-binding-index.ts";
import { describeForeignAcl, type ObservedAclsView } from "../access/observed-acls.ts";
import { type AclLedger, bindingsToRelease, readLedger } from "../access/ownership-ledger.ts";
import { type PendingExclusiveRemoval, planAclChanges } from "../access/plan-acl-changes.ts";
import { checkTenancy } from "../access/tenancy-check.ts";
import { desiredBindings } from "../kinds/kafka-acl/desired-bindings.ts";
import { type KafkaAclSpec, kafkaAclSpecSchema } from "../kinds/kafka-acl/schema.ts";
import { admitKafkaCluster, type ReferencedKafkaCluster } from "../kinds/shared/kafka-cluster-reference.ts";

export type KafkaClusterLookup = { get(namespace: string, name: string): ReferencedKafkaCluster | undefined };

export interface PlannedBinding {
  readonly cluster: string;
  /** The binding in words. */
  readonly binding: string;
  readonly key: string;
}

export type PlannedCreate = PlannedBinding & { readonly reason: "missing" | "driftRepair" };
export type PlannedDelete = PlannedBinding & { readonly reason: "noLongerWanted" | "exclusiveUnknown" };
/** exclusive: an unknown ACL of the principal reported now; a binding among them is removed after the grace period. */
export type PlannedReport = PlannedBinding & { readonly isRemovedLater: boolean };
/** A binding the owner applied and no longer declares that other owners keep. */
export type KeptBinding = PlannedBinding & { readonly keptBy: readonly string[] };

/** How a KafkaAcl is named as an owner, in the index and in output. */
export function ownerOf(object: KubernetesObject): string {
  return `KafkaAcl ${object.metadata?.namespace ?? ""}/${object.metadata?.name ?? ""}`;
}

/** Every owner of bindings on `cluster` in the proposed state, as the operator indexes them after a start. */
export function indexOwners(
  cluster: string,
  proposed: readonly (KubernetesObject & { spec?: unknown })[],
  otherOwners: readonly LedgerRecord[],
  clusters: KafkaClusterLookup,
  observed: ObservedAclsView,
): DesiredBindingIndex {
  const index = new DesiredBindingIndex();
  for (const object of proposed) {
    const spec = kafkaAclSpecSchema.safeParse(object.spec);
    if (!spec.success || object.metadata?.deletionTimestamp) continue;
    const namespace = object.metadata?.namespace ?? "";
    const admitted = admitKafkaCluster(clusters, spec.data.clusterRef, namespace);
    if (!admitted.isUsable || admitted.name !== cluster) continue;
    // As the reconciler declares: only the bindings the cluster's tenancy admits.
    const desired = desiredBindings(spec.data).bindings;
    const refused = new Set(
      checkTenancy(desired, admitted.limits, namespace).map((v) => bindingKey(v.binding)),
    );
    index.replaceOwner(
      ownerOf(object),
      desired.filter((b) => !refused.has(bindingKey(b))),
    );
  }
  for (const record of otherOwners) {
    if (record.ledger.cluster !== cluster) continue;
    index.replaceOwner(
      record.owner,
      readLedger(record.ledger, record.desired ?? [], (key) => observed.has(key)).applied,
    );
  }
  index.markComplete();
  return index;
}

function planned(cluster: string, binding: AclBinding): PlannedBinding {
  return { cluster, binding: describeBinding(binding), key: bindingKey(binding) };
}

/** The bindings `owner` keeps alive for nobody but others: applied, no longer desired, not deleted. */
function keptByOthers(
  cluster: string,
  owner: string,
  applied: readonly AclBinding[],
  desired: readonly AclBinding[],
  deleted: ReadonlySet<string>,
  index: DesiredBindingIndex,
  observed: ObservedAclsView,
) {
  const desiredKeys = new Set(desired.map(bindingKey));
  return applied.flatMap((binding) => {
    const key = bindingKey(binding);
    if (desiredKeys.has(key) || deleted.has(key) || !observed.has(key)) return [];
    const keptBy = [...index.ownersOf(key)].filter((o) => o !== owner);
    return keptBy.length > 0 ? [{ ...planned(cluster, binding), keptBy }] : [];
  });
}

export function planOwner(input: {
  owner: string;
  cluster: string;
  spec: KafkaAclSpec;
  desired: readonly AclBinding[];
  ledger: AclLedger | undefined;
  pendingRemovals: readonly PendingExclusiveRemoval[];
  observed: ObservedAclsView;
  index: DesiredBindingIndex;
  now: Date;
}) {
  const { owner, cluster, spec, observed, index } = input;
  const reading = readLedger(input.ledger, input.desired, (key) => observed.has(key));
  const plan = planAclChanges({
    ownerKey: owner,
    desired: input.desired,
    applied: reading.applied,
    observed,
    index,
    options: {
      exclusive: spec.exclusive,
      principal: spec.principal,
      pendingExclusiveRemovals: input.pendingRemovals,
      now: input.now,
      exclusiveGraceMs: spec.exclusiveGracePeriodSeconds * 1000,
    },
  });
  const create: PlannedCreate[] = [];
  const remove: PlannedDelete[] = [];
  const report: PlannedReport[] = [];
  for (const action of plan.actions) {
    if (action.type === "create") create.push({ ...planned(cluster, action.binding), reason: action.reason });
    else if (action.type === "delete")
      remove.push({ ...planned(cluster, action.binding), reason: action.reason });
    else if ("binding" in action) report.push({ ...planned(cluster, action.binding), isRemovedLater: true });
    else
      report.push({
        cluster,
        binding: `unmodeled: ${describeForeignAcl(action.foreign)}`,
        key: "",
        isRemovedLater: false,
      });
  }
  const appliedKeys = new Set(reading.applied.map(bindingKey));
  const adopted = input.desired.filter(
    (b) => observed.has(bindingKey(b)) && !appliedKeys.has(bindingKey(b)),
  ).length;
  const deleted = new Set(remove.map((r) => r.key));
  return {
    create,
    delete: remove,
    report,
    kept: keptByOthers(cluster, owner, reading.applied, input.desired, deleted, index, observed),
    adopted,
    messages: reading.isComplete
      ? []
      : [
          "its ledger cannot name every binding it applied: some may be left on the cluster when it lets go of them",
        ],
  };
}

/** What deleting `owner` (or moving it away) removes from `ledger.cluster`, and what others keep. */
export function release(
  owner: string,
  ledger: AclLedger,
  deletionPolicy: KafkaAclSpec["deletionPolicy"],
  observed: ObservedAclsView | string,
  indexOf: (cluster: string, observed: ObservedAclsView) => DesiredBindingIndex,
): { delete: PlannedDelete[]; kept: KeptBinding[]; messages: string[] } {
  if (deletionPolicy === "Orphan") {
    return {
      delete: [],
      kept: [],
      messages: [`deletionPolicy Orphan: its ${ledger.count} binding(s) on ${ledger.cluster} stay`],
    };
  }
  if (typeof observed === "string") return { delete: [], kept: [], messages: [observed] };
  const index = indexOf(ledger.cluster, observed);
  const reading = readLedger(ledger, [], (key) => observed.has(key));
  const releasable = bindingsToRelease({
    ownerKey: owner,
    applied: reading.applied,
    desired: [],
    index,
    isPresent: (key) => observed.has(key),
  });
  const deleted = new Set(releasable.map(bindingKey));
  return {
    delete: releasable.map((binding) => ({
      ...planned(ledger.cluster, binding),
      reason: "noLongerWanted" as const,
    })),
    kept: keptByOthers(ledger.cluster, owner, reading.applied, [], deleted, index, observed),
    messages: reading.isComplete
      ? []
      : [
          `its ledger names ${reading.applied.length} of the ${ledger.count} binding(s) it applied; the others would be left behind`,
        ],
  };
}
