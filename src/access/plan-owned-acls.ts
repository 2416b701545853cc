// The ACL plan of one resource that owns ACLs, whatever its kind: for each (cluster, principal)
// entry it claims, whether the owner's namespace may hold it and what to create, delete, keep
// and report (planAclChanges); for each ledger entry it no longer claims (the cluster or the
// principal changed, or the resource is being deleted), what to release. Pure: what the
// clusters hold and what the namespace may do there come in as data.
//
// Every deletion, of either kind, is checked against the namespace's limits as they are now:
// a ledger is status data, possibly edited or older than a tenancy change.
//
// One principal on one cluster has at most one exclusive owner (exclusiveHolder): the others
// are planned as if they had not asked, and say who holds it.
import { type AclBinding, bindingKey, describeBinding } from "./acl-binding.ts";
import type { DesiredBindingLookup } from "./desired-binding-index.ts";
import { describeForeignAcl, type ObservedAclsView } from "./observed-acls.ts";
import {
  type AclLedger,
  bindingsToRelease,
  type LedgerReading,
  readLedger,
  recordLedger,
} from "./ownership-ledger.ts";
import { type AclPlan, type PendingExclusiveRemoval, planAclChanges } from "./plan-acl-changes.ts";
import {
  checkTenancy,
  exclusiveProblem,
  type NamespaceAclLimits,
  principalProblem,
  removalProblem,
  type TenancyScope,
} from "./tenancy-check.ts";

/** What a resource wants on one cluster for one principal. */
export interface AclClaim {
  /** "namespace/name" of the KafkaCluster. */
  readonly cluster: string;
  readonly principal: string;
  /** Every binding is for `principal`. */
  readonly bindings: readonly AclBinding[];
  /** Exclusive mode for the principal: the removals reported last time and how long they wait. */
  readonly exclusive?: {
    readonly pendingRemovals: readonly PendingExclusiveRemoval[];
    readonly graceMs: number;
  };
}

/** A ledger (see ownership-ledger.ts) of one (cluster, principal) entry. */
export interface OwnedLedger extends AclLedger {
  readonly principal: string;
}

/** One cluster as gathered for a plan; `Reason` is the closed set an unusable cluster reports. */
export type ClusterView<Reason extends string> =
  | {
      readonly isUsable: true;
      /** The owner's namespace is admitted here, within these limits. */
      readonly limits: NamespaceAclLimits | undefined;
      readonly observed: ObservedAclsView;
      readonly index: DesiredBindingLookup;
    }
  | {
      readonly isUsable: false;
      readonly reason: Reason;
      readonly message: string;
      /** What the namespace may remove there, when known (a deletion can still be refused early). */
      readonly scope?: TenancyScope;
    };

export interface OwnedAclsInput<Reason extends string> {
  readonly ownerKey: string;
  readonly namespace: string;
  /** What the resource wants now; none while it is being deleted. */
  readonly claims: readonly AclClaim[];
  /** What it applied before, one ledger per entry. */
  readonly ledgers: readonly OwnedLedger[];
  /** Every cluster of a claim or a ledger. */
  readonly clusters: ReadonlyMap<string, ClusterView<Reason>>;
  /**
   * Per entry (entryKey) of an exclusive claim: every resource asking for exclusive mode there
   * within its namespace's limits, this one included. Absent: this one is the only one.
   */
  readonly exclusiveClaimants?: ReadonlyMap<string, readonly ExclusiveClaimant[]>;
  /**
   * What the resource had declared on each cluster before this reconcile (the index's answer,
   * see DesiredBindingIndex). Those still present are held as if its ledger named them: a
   * binding another resource released because this one wanted it is this one's to remove
   * once it stops wanting it, even before a ledger of its own named it.
   */
  readonly declaredBefore?: ReadonlyMap<string, readonly AclBinding[]>;
  readonly now: Date;
}

export type EntryPlan<Reason extends string> =
  | {
      readonly claim: AclClaim;
      readonly ledger: OwnedLedger | undefined;
      readonly state: "blocked";
      /** The cluster's, or TenancyViolation when the claim lies outside the namespace's limits. */
      readonly reason: Reason | "TenancyViolation";
      readonly message: string;
    }
  | {
      readonly claim: AclClaim;
      readonly ledger: OwnedLedger | undefined;
      readonly state: "planned";
      readonly plan: AclPlan;
      readonly reading: LedgerReading;
      readonly observed: ObservedAclsView;
      /**
       * The claim asked for exclusive mode and another resource holds it (its owner key): the
       * entry was planned without it, so nothing is reported or removed as exclusive.
       */
      readonly exclusiveHeldBy?: string;
    };

export type ReleasePlan =
  | {
      readonly ledger: OwnedLedger;
      /** Nothing can be released yet; `message` says why. */
      readonly state: "blocked";
      readonly message: string;
    }
  | {
      readonly ledger: OwnedLedger;
      readonly state: "planned";
      /** Applied by this resource, wanted by no other, present, and within the namespace's limits. */
      readonly deletions: readonly AclBinding[];
      /** Why each binding it would release but may not is kept. */
      readonly kept: readonly string[];
    };

export interface OwnedAclsPlan<Reason extends string> {
  readonly ownerKey: string;
  readonly entries: readonly EntryPlan<Reason>[];
  readonly releases: readonly ReleasePlan[];
}

/** A resource asking for exclusive mode for a principal on a cluster. */
export interface ExclusiveClaimant {
  readonly ownerKey: string;
  /** Its metadata.creationTimestamp (RFC 3339); undefined counts as the newest. */
  readonly createdAt: string | undefined;
}

/**
 * Which of the resources asking for exclusive mode for one principal on one cluster holds it:
 * the oldest by creationTimestamp, the owner key deciding between equals, so every reconcile,
 * a restarted operator and the offline plan name the same one. Two exclusive owners would
 * otherwise each report and remove on their own schedule and within their own namespace's
 * limits, and which ACLs survive would depend on who was reconciled last.
 */
export function exclusiveHolder(claimants: readonly ExclusiveClaimant[]): ExclusiveClaimant | undefined {
  const order = (c: ExclusiveClaimant) =>
    c.createdAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(c.createdAt);
  return [...claimants].sort(
    (a, b) => order(a) - order(b) || (a.ownerKey < b.ownerKey ? -1 : a.ownerKey > b.ownerKey ? 1 : 0),
  )[0];
}

/** "cluster|principal": an entry's identity. */
export function entryKey(entry: { cluster: string; principal: string }): string {
  return `${entry.cluster}|${entry.principal}`;
}

/**
 * The bindings of `claim` the namespace may grant (what start-up and reconciles declare as
 * wanted), and every way the claim breaks the limits: the principal itself, even with no
 * binding; exclusive mode without a grant; each binding.
 */
export function checkClaim(
  claim: AclClaim,
  limits: NamespaceAclLimits | undefined,
  namespace: string,
): { admissible: AclBinding[]; violations: string[] } {
  const violations = checkTenancy(claim.bindings, limits, namespace);
  const refused = new Set(violations.map((v) => bindingKey(v.binding)));
  const problems = [
    principalProblem(claim.principal, limits, namespace),
    claim.exclusive ? exclusiveProblem(claim.principal, limits, namespace) : undefined,
  ].flatMap((p) => (p ? [p] : []));
  return {
    admissible: claim.bindings.filter((b) => !refused.has(bindingKey(b))),
    violations: [...problems, ...violations.map((v) => v.message)],
  };
}

/**
 * What an owner declares as wanted, per cluster, for the index of every owner: on each cluster
 * that admits its namespace, the bindings its claims there may grant (`checkClaim`); on a
 * cluster only one of its ledgers, or only an earlier declaration (`declaredBefore`), names,
 * nothing, so it stops keeping bindings alive there. A cluster that does not exist or does not
 * admit the namespace gets no entry.
 */
export function declaredBindings(
  claims: readonly AclClaim[],
  ledgers: readonly { readonly cluster: string }[],
  namespace: string,
  scopeOf: (cluster: string) => TenancyScope | undefined,
  declaredBefore: Iterable<string> = [],
): Map<string, AclBinding[]> {
  const byCluster = new Map<string, AclBinding[]>();
  for (const cluster of declaredBefore) byCluster.set(cluster, []);
  for (const ledger of ledgers) byCluster.set(ledger.cluster, []);
  for (const claim of claims) {
    const scope = scopeOf(claim.cluster);
    if (!scope?.isAdmitted) continue;
    const wanted = byCluster.get(claim.cluster) ?? [];
    byCluster.set(claim.cluster, [...wanted, ...checkClaim(claim, scope.limits, namespace).admissible]);
  }
  return byCluster;
}

/**
 * The entries (entryKey) where an owner asks for exclusive mode and may have it: the cluster
 * admits its namespace and the claim lies within the limits there (`checkClaim`). Only those
 * count among the exclusive claimants: a refused claim takes exclusive mode from nobody.
 */
export function exclusiveEntries(
  claims: readonly AclClaim[],
  namespace: string,
  scopeOf: (cluster: string) => TenancyScope | undefined,
): string[] {
  return claims.flatMap((claim) => {
    if (!claim.exclusive) return [];
    const scope = scopeOf(claim.cluster);
    if (!scope?.isAdmitted) return [];
    return checkClaim(claim, scope.limits, namespace).violations.length === 0 ? [entryKey(claim)] : [];
  });
}

export function planOwnedAcls<Reason extends string>(input: OwnedAclsInput<Reason>): OwnedAclsPlan<Reason> {
  const ledgers = withDeclaredBindings(input);
  const claimed = new Set(input.claims.map(entryKey));
  return {
    ownerKey: input.ownerKey,
    entries: input.claims.map((claim) => planEntry(input, claim, ledgers.get(entryKey(claim)))),
    releases: [...ledgers.values()]
      .filter((ledger) => !claimed.has(entryKey(ledger)) && ledger.count > 0)
      .map((ledger) => planRelease(input, ledger)),
  };
}

/**
 * The resource's ledgers, each extended with the bindings it had declared that are present
 * on the cluster (see `declaredBefore`). A ledger that does not read back whole (truncated,
 * edited) is left as it is, so its incompleteness is still reported.
 */
function withDeclaredBindings(input: OwnedAclsInput<string>): Map<string, OwnedLedger> {
  const ledgers = new Map(input.ledgers.map((l) => [entryKey(l), l]));
  for (const [cluster, declared] of input.declaredBefore ?? []) {
    const view = input.clusters.get(cluster);
    if (!view?.isUsable) continue;
    const presentByPrincipal = new Map<string, AclBinding[]>();
    for (const binding of declared) {
      if (!view.observed.has(bindingKey(binding))) continue;
      presentByPrincipal.set(binding.principal, [
        ...(presentByPrincipal.get(binding.principal) ?? []),
        binding,
      ]);
    }
    for (const [principal, present] of presentByPrincipal) {
      const key = entryKey({ cluster, principal });
      const ledger = ledgers.get(key);
      const reading = readLedger(ledger, []);
      if (!reading.isComplete) continue;
      const held = new Map([...reading.applied, ...present].map((b) => [bindingKey(b), b]));
      if (held.size === reading.applied.length) continue;
      ledgers.set(key, { ...recordLedger({ cluster, applied: held.values(), desired: [] }), principal });
    }
  }
  return ledgers;
}

function planEntry<Reason extends string>(
  input: OwnedAclsInput<Reason>,
  claim: AclClaim,
  ledger: OwnedLedger | undefined,
): EntryPlan<Reason> {
  const cluster = input.clusters.get(claim.cluster);
  if (!cluster) throw new Error(`no view of cluster ${claim.cluster}`);
  if (!cluster.isUsable)
    return { claim, ledger, state: "blocked", reason: cluster.reason, message: cluster.message };
  const { violations } = checkClaim(claim, cluster.limits, input.namespace);
  if (violations.length > 0) {
    const message = `${violations.length} violation(s) of what KafkaCluster "${claim.cluster}" delegates to namespace ${input.namespace}: ${violations
      .slice(0, 3)
      .join("; ")}${violations.length > 3 ? ` and ${violations.length - 3} more` : ""}`;
    return { claim, ledger, state: "blocked", reason: "TenancyViolation", message };
  }
  const scope: TenancyScope = { namespace: input.namespace, isAdmitted: true, limits: cluster.limits };
  const { observed } = cluster;
  const reading = readLedger(ledger, claim.bindings, (key) => observed.has(key));
  const holder = claim.exclusive
    ? exclusiveHolder(input.exclusiveClaimants?.get(entryKey(claim)) ?? [])
    : undefined;
  const exclusiveHeldBy = holder && holder.ownerKey !== input.ownerKey ? holder.ownerKey : undefined;
  const exclusive = exclusiveHeldBy === undefined ? claim.exclusive : undefined;
  const plan = planAclChanges({
    ownerKey: input.ownerKey,
    desired: claim.bindings,
    applied: reading.applied,
    observed,
    index: cluster.index,
    options: {
      exclusive: exclusive !== undefined,
      principal: claim.principal,
      now: input.now,
      removalProblem: (binding) => removalProblem(binding, scope),
      ...(exclusive
        ? { pendingExclusiveRemovals: exclusive.pendingRemovals, exclusiveGraceMs: exclusive.graceMs }
        : {}),
    },
  });
  return {
    claim,
    ledger,
    state: "planned",
    plan,
    reading,
    observed,
    ...(exclusiveHeldBy ? { exclusiveHeldBy } : {}),
  };
}

function planRelease<Reason extends string>(input: OwnedAclsInput<Reason>, ledger: OwnedLedger): ReleasePlan {
  const cluster = input.clusters.get(ledger.cluster);
  if (!cluster) throw new Error(`no view of cluster ${ledger.cluster}`);
  if (!cluster.isUsable) {
    // A namespace no longer admitted may remove nothing: every binding is kept, no read needed.
    if (cluster.scope && !cluster.scope.isAdmitted) {
      const reading = readLedger(ledger, []);
      return {
        ledger,
        state: "planned",
        deletions: [],
        kept: reading.applied.map((b) => removalProblem(b, cluster.scope!) ?? ""),
      };
    }
    return { ledger, state: "blocked", message: cluster.message };
  }
  if (!cluster.index.isComplete) {
    return { ledger, state: "blocked", message: "not every owner is known yet after a start" };
  }
  const scope: TenancyScope = { namespace: input.namespace, isAdmitted: true, limits: cluster.limits };
  const { observed } = cluster;
  const reading = readLedger(ledger, [], (key) => observed.has(key));
  const deletions: AclBinding[] = [];
  const kept: string[] = [];
  for (const binding of bindingsToRelease({
    ownerKey: input.ownerKey,
    applied: reading.applied,
    desired: [],
    index: cluster.index,
    isPresent: (key) => observed.has(key),
  })) {
    const why = removalProblem(binding, scope);
    if (why === undefined) deletions.push(binding);
    else kept.push(why);
  }
  return { ledger, state: "planned", deletions, kept };
}

/** A plan in words, for a dry run's status: each list at most `max` long. */
export function describeOwnedAclsPlan(plan: OwnedAclsPlan<string>, max: number) {
  const planned = plan.entries.flatMap((e) => (e.state === "planned" ? e.plan.actions : []));
  const words = (type: string) =>
    planned.flatMap((a) =>
      a.type !== type
        ? []
        : ["binding" in a ? describeBinding(a.binding) : `unmodeled: ${describeForeignAcl(a.foreign)}`],
    );
  const releases = plan.releases.flatMap((r) =>
    r.state === "planned" ? r.deletions.map(describeBinding) : [],
  );
  const [create, remove, report] = [
    words("create"),
    [...words("delete"), ...releases],
    words("reportUnknown"),
  ];
  const summary = `${create.length} to create, ${remove.length} to delete, ${report.length} unknown to report`;
  return {
    /** Nothing would change now, nor later by exclusive mode (unmodeled ACLs are never removed). */
    isEmpty: create.length + remove.length === 0 && !planned.some((a) => a.reason === "exclusivePending"),
    summary,
    create: create.slice(0, max),
    delete: remove.slice(0, max),
    report: report.slice(0, max),
  };
}
