// One resource's ACL plan, made offline exactly as its reconciler makes it: the same gathering
// (its claims and ledgers, and each cluster as the ownership path sees it: kafkaClusterAccess,
// then what the cluster holds and every owner's declared bindings) from what the command read
// instead of the operator's caches, and the same planOwnedAcls. Then that plan in words, per
// binding, with what other owners keep alive. Pure.
import { type AclBinding, bindingKey, describeBinding } from "../access/acl-binding.ts";
import { DesiredBindingIndex, type DesiredBindingLookup } from "../access/desired-binding-index.ts";
import { describeForeignAcl, type ObservedAclsView } from "../access/observed-acls.ts";
import { readLedger } from "../access/ownership-ledger.ts";
import {
  type AclClaim,
  type ClusterView,
  declaredBindings,
  type ExclusiveClaimant,
  entryKey,
  exclusiveEntries,
  type OwnedAclsInput,
  type OwnedAclsPlan,
} from "../access/plan-owned-acls.ts";
import type { InformerCache } from "../controller/informer-cache.ts";
import { type ReferencedKafkaCluster, tenancyScopeOn } from "../kinds/shared/kafka-cluster-reference.ts";
import { creationTimeOf, kafkaClusterAccess, unreadableCluster } from "../kinds/shared/owned-acls.ts";
import type { AclOwnershipReason } from "../kinds/shared/reasons.ts";
import { OperatorError } from "../ports/operator-error.ts";
import type { AclOwner } from "./acl-owners.ts";

export type KafkaClusterLookup = Pick<InformerCache<ReferencedKafkaCluster>, "get">;

/** What the command read, in place of the operator's caches and clusters. */
export interface PlanContext {
  readonly clusters: KafkaClusterLookup;
  /** A cluster's ACLs, or why they could not be read. */
  observedOf(cluster: string): ObservedAclsView | OperatorError;
  /** Every owner's declared bindings on a cluster (see indexOwners). */
  indexOf(cluster: string): DesiredBindingLookup;
  /** Every owner asking for exclusive mode on an entry ("cluster|principal"; see exclusiveClaimants). */
  exclusiveClaimantsOf(entry: string): readonly ExclusiveClaimant[];
  readonly now: Date;
}

/**
 * Every owner's declared bindings, per cluster, as the operator's index holds them once each
 * live owner is declared (declaredBindings, what start-up and every reconcile declare); an
 * owner being deleted is declared by none. Complete: the plan may delete.
 */
export function indexOwners(
  owners: readonly AclOwner[],
  clusters: KafkaClusterLookup,
): (cluster: string) => DesiredBindingIndex {
  const indexes = new Map<string, DesiredBindingIndex>();
  const indexOf = (cluster: string) => {
    let index = indexes.get(cluster);
    if (!index) {
      index = new DesiredBindingIndex();
      index.markComplete();
      indexes.set(cluster, index);
    }
    return index;
  };
  for (const owner of owners) {
    if (owner.object.metadata?.deletionTimestamp) continue;
    const scopeOf = (cluster: string) => tenancyScopeOn(clusters, cluster, owner.namespace);
    const declared = declaredBindings(owner.claims, owner.ledgers, owner.namespace, scopeOf);
    for (const [cluster, bindings] of declared) indexOf(cluster).replaceOwner(owner.name, bindings);
  }
  return indexOf;
}

/**
 * Every live owner asking for exclusive mode, per entry, as the operator's ownership records
 * them (exclusiveEntries, with each one's creation time); a manifest not yet applied has none,
 * so it counts as the newest.
 */
export function exclusiveClaimants(
  owners: readonly AclOwner[],
  clusters: KafkaClusterLookup,
): (entry: string) => ExclusiveClaimant[] {
  const claimants = new Map<string, ExclusiveClaimant[]>();
  for (const owner of owners) {
    if (owner.object.metadata?.deletionTimestamp) continue;
    const scopeOf = (cluster: string) => tenancyScopeOn(clusters, cluster, owner.namespace);
    const createdAt = creationTimeOf(owner.object);
    for (const entry of exclusiveEntries(owner.claims, owner.namespace, scopeOf)) {
      claimants.set(entry, [...(claimants.get(entry) ?? []), { ownerKey: owner.name, createdAt }]);
    }
  }
  return (entry) => claimants.get(entry) ?? [];
}

/** A cluster as the ownership path's view of it would be. */
function clusterView(name: string, namespace: string, context: PlanContext): ClusterView<AclOwnershipReason> {
  const access = kafkaClusterAccess(context.clusters, name, namespace);
  if (!access.isUsable) return access;
  const observed = context.observedOf(name);
  if (observed instanceof OperatorError) return unreadableCluster(access, observed);
  return { isUsable: true, limits: access.limits, observed, index: context.indexOf(name) };
}

/** What the reconciler gathers for `owner` wanting `claims` (none: it is being deleted). */
export function gatherOffline(
  owner: AclOwner,
  claims: readonly AclClaim[],
  context: PlanContext,
): OwnedAclsInput<AclOwnershipReason> {
  const names = new Set([...claims.map((c) => c.cluster), ...owner.ledgers.map((l) => l.cluster)]);
  const exclusive = claims.flatMap((c) =>
    c.exclusive ? [[entryKey(c), context.exclusiveClaimantsOf(entryKey(c))] as const] : [],
  );
  return {
    ownerKey: owner.name,
    namespace: owner.namespace,
    claims,
    ledgers: owner.ledgers,
    clusters: new Map([...names].map((name) => [name, clusterView(name, owner.namespace, context)])),
    ...(exclusive.length > 0 ? { exclusiveClaimants: new Map(exclusive) } : {}),
    now: context.now,
  };
}

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
/** A binding the owner applied and no longer wants that other owners keep. */
export type KeptBinding = PlannedBinding & { readonly keptBy: readonly string[] };

/** A plan in words. */
export interface PlannedChanges {
  readonly create: readonly PlannedCreate[];
  readonly delete: readonly PlannedDelete[];
  readonly report: readonly PlannedReport[];
  readonly kept: readonly KeptBinding[];
  /** Deletions the namespace's tenancy limits refuse: kept, each with why (Ready=False TenancyViolation). */
  readonly keptOutsideLimits: readonly string[];
  /** Declared bindings already on the cluster that the owner takes over without a write. */
  readonly adopted: number;
  /** What else to know: a release that must wait, a ledger that cannot name everything. */
  readonly messages: readonly string[];
}

function planned(cluster: string, binding: AclBinding): PlannedBinding {
  return { cluster, binding: describeBinding(binding), key: bindingKey(binding) };
}

/** Bindings `applied` that the owner no longer wants, still present and not deleted, that others keep. */
function keptByOthers(
  owner: string,
  cluster: string,
  applied: readonly AclBinding[],
  notKept: ReadonlySet<string>,
  index: DesiredBindingLookup,
  observed: ObservedAclsView,
): KeptBinding[] {
  return applied.flatMap((binding) => {
    const key = bindingKey(binding);
    if (notKept.has(key) || !observed.has(key)) return [];
    const keptBy = [...index.ownersOf(key)].filter((o) => o !== owner);
    return keptBy.length > 0 ? [{ ...planned(cluster, binding), keptBy }] : [];
  });
}

/** `plan` (planOwnedAcls of `gathered`) in words. */
export function describeChanges(
  gathered: OwnedAclsInput<AclOwnershipReason>,
  plan: OwnedAclsPlan<AclOwnershipReason>,
): PlannedChanges {
  const changes = {
    create: [] as PlannedCreate[],
    delete: [] as PlannedDelete[],
    report: [] as PlannedReport[],
    kept: [] as KeptBinding[],
    keptOutsideLimits: [] as string[],
    adopted: 0,
    messages: [] as string[],
  };
  for (const entry of plan.entries) {
    if (entry.state !== "planned") continue;
    const { cluster } = entry.claim;
    for (const action of entry.plan.actions) {
      if (action.type === "create")
        changes.create.push({ ...planned(cluster, action.binding), reason: action.reason });
      else if (action.type === "delete")
        changes.delete.push({ ...planned(cluster, action.binding), reason: action.reason });
      else if (action.type === "keep") changes.keptOutsideLimits.push(action.why);
      else if ("binding" in action)
        changes.report.push({ ...planned(cluster, action.binding), isRemovedLater: true });
      else
        changes.report.push({
          cluster,
          binding: `unmodeled: ${describeForeignAcl(action.foreign)}`,
          key: "",
          isRemovedLater: false,
        });
    }
    const view = gathered.clusters.get(cluster);
    if (!view?.isUsable) continue;
    const appliedKeys = new Set(entry.reading.applied.map(bindingKey));
    const wanted = new Set(entry.claim.bindings.map(bindingKey));
    changes.adopted += [...wanted].filter((key) => entry.observed.has(key) && !appliedKeys.has(key)).length;
    const handled = new Set([
      ...wanted,
      ...entry.plan.actions.flatMap((a) => ("binding" in a ? [bindingKey(a.binding)] : [])),
    ]);
    changes.kept.push(
      ...keptByOthers(plan.ownerKey, cluster, entry.reading.applied, handled, view.index, entry.observed),
    );
    if (entry.exclusiveHeldBy) {
      changes.messages.push(
        `${entry.exclusiveHeldBy}, created earlier, holds exclusive mode for ${entry.claim.principal} on ${cluster}: this one would remove nothing as exclusive`,
      );
    }
    if (!entry.reading.isComplete) {
      changes.messages.push(
        `its ledger on ${cluster} cannot name every binding it applied: some may be left on the cluster when it lets go of them`,
      );
    }
  }
  for (const release of plan.releases) {
    const { cluster } = release.ledger;
    if (release.state === "blocked") {
      changes.messages.push(`what it applied on ${cluster} cannot be released yet: ${release.message}`);
      continue;
    }
    changes.delete.push(
      ...release.deletions.map((b) => ({ ...planned(cluster, b), reason: "noLongerWanted" as const })),
    );
    changes.keptOutsideLimits.push(...release.kept);
    const view = gathered.clusters.get(cluster);
    if (!view?.isUsable) continue;
    const reading = readLedger(release.ledger, [], (key) => view.observed.has(key));
    const released = new Set(release.deletions.map(bindingKey));
    changes.kept.push(
      ...keptByOthers(plan.ownerKey, cluster, reading.applied, released, view.index, view.observed),
    );
    if (!reading.isComplete) {
      changes.messages.push(
        `its ledger on ${cluster} names ${reading.applied.length} of the ${release.ledger.count} binding(s) it applied; the others would be left behind`,
      );
    }
  }
  return changes;
}
