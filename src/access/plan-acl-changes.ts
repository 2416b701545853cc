// The ACL plan for one owner (a CR) on one cluster: what to create, what to delete and what
// to report, each with its reason. Pure: the executor applies the actions, the reconciler
// writes the returned pending removals to status, dry-run shows the plan as it is.
//
// The rules users rely on:
// - a wanted binding that is absent is created; if this owner applied it before, that is a
//   drift repair (someone deleted it out of band);
// - a binding this owner applied and no longer wants is deleted only when no other live owner
//   wants it, and never while the index is still being filled after a start;
// - an ACL no CR applied is never touched, unless the owner asks for exclusive mode for its
//   principal: then an unknown binding of that principal is first reported and kept as a
//   pending removal in status, and deleted on a later reconcile if it is still there;
// - nothing is deleted that the owner's namespace could not itself have granted: such a
//   deletion becomes a `keep` the owner reports.
import { type AclBinding, bindingKey } from "./acl-binding.ts";
import type { DesiredBindingLookup } from "./desired-binding-index.ts";
import type { ForeignAcl, ObservedAclsView } from "./observed-acls.ts";
import { bindingsToRelease } from "./ownership-ledger.ts";

export type AclAction =
  | {
      readonly type: "create";
      readonly binding: AclBinding;
      /**
       * `missing`: wanted and never seen applied by this owner.
       * `driftRepair`: this owner applied it before and it is gone; count it and send an Event.
       */
      readonly reason: "missing" | "driftRepair";
    }
  | {
      readonly type: "delete";
      readonly binding: AclBinding;
      /**
       * `noLongerWanted`: applied by this owner, gone from its spec, wanted by no other owner.
       * `exclusiveUnknown`: exclusive mode; no CR applied it, it was reported on an earlier
       * reconcile and is still present.
       */
      readonly reason: "noLongerWanted" | "exclusiveUnknown";
    }
  | {
      readonly type: "keep";
      readonly binding: AclBinding;
      /**
       * `outsideTenancy`: it would be deleted (no longer wanted, or unknown in exclusive mode),
       * but the owner's namespace could not have granted it; `why` says which limit.
       */
      readonly reason: "outsideTenancy";
      readonly why: string;
    }
  | {
      readonly type: "reportUnknown";
      readonly binding: AclBinding;
      /** Exclusive mode: no CR applied it; it is removed on a later reconcile if still present. */
      readonly reason: "exclusivePending";
    }
  | {
      readonly type: "reportUnknown";
      readonly foreign: ForeignAcl;
      /** Exclusive mode: an ACL of the principal outside the vocabulary; never removed. */
      readonly reason: "notModeled";
    };

/** An unknown binding reported in exclusive mode and awaiting removal; kept in status. */
export interface PendingExclusiveRemoval {
  /** The binding's key. */
  readonly binding: string;
  /** When it was first reported (RFC 3339). */
  readonly firstSeen: string;
}

export interface AclPlanInput {
  readonly ownerKey: string;
  readonly desired: readonly AclBinding[];
  /** What this owner applied on this cluster, read from its ledger. */
  readonly applied: readonly AclBinding[];
  readonly observed: ObservedAclsView;
  readonly index: DesiredBindingLookup;
  readonly options: {
    readonly exclusive: boolean;
    /** The principal exclusive mode is about. */
    readonly principal: string;
    /** The pending removals the last reconcile wrote to status. */
    readonly pendingExclusiveRemovals?: readonly PendingExclusiveRemoval[];
    readonly now: Date;
    /** How long an unknown binding stays reported before removal; 0: the next reconcile. */
    readonly exclusiveGraceMs?: number;
    /**
     * Why the owner's namespace may not remove a binding (see access/tenancy-check.ts), or
     * undefined when it may. A deletion it refuses becomes a `keep`.
     */
    readonly removalProblem: (binding: AclBinding) => string | undefined;
  };
}

export interface AclPlan {
  /** Creations first, then deletions, keeps and reports; each group in key order. */
  readonly actions: AclAction[];
  /** The pending removals to write to status: every unknown binding still present. */
  readonly pendingExclusiveRemovals: PendingExclusiveRemoval[];
}

export function planAclChanges(input: AclPlanInput): AclPlan {
  const { observed, options } = input;
  const desired = new Map(input.desired.map((binding) => [bindingKey(binding), binding]));
  const appliedKeys = new Set(input.applied.map(bindingKey));

  const creations: AclAction[] = [];
  for (const [key, binding] of desired) {
    if (observed.has(key)) continue;
    creations.push({ type: "create", binding, reason: appliedKeys.has(key) ? "driftRepair" : "missing" });
  }

  const deletions: AclAction[] = [];
  const keeps: AclAction[] = [];
  /** Deletes `binding` when the owner's namespace may; keeps it otherwise. */
  const deleteOrKeep = (binding: AclBinding, reason: "noLongerWanted" | "exclusiveUnknown") => {
    const why = options.removalProblem(binding);
    if (why === undefined) deletions.push({ type: "delete", binding, reason });
    else keeps.push({ type: "keep", binding, reason: "outsideTenancy", why });
  };
  for (const binding of bindingsToRelease({
    ownerKey: input.ownerKey,
    applied: input.applied,
    desired: desired.values(),
    index: input.index,
    isPresent: (key) => observed.has(key),
  })) {
    deleteOrKeep(binding, "noLongerWanted");
  }

  const reports: AclAction[] = [];
  const pendingExclusiveRemovals: PendingExclusiveRemoval[] = [];
  if (options.exclusive) {
    const firstSeenByKey = new Map(
      (options.pendingExclusiveRemovals ?? []).map((pending) => [pending.binding, pending.firstSeen]),
    );
    const graceMs = options.exclusiveGraceMs ?? 0;
    for (const [key, binding] of observed.forPrincipal(options.principal)) {
      const isKnown = desired.has(key) || appliedKeys.has(key) || input.index.isWanted(key);
      if (isKnown) continue;
      // Exclusive mode removes only what the owner's namespace could itself have granted.
      const why = options.removalProblem(binding);
      if (why !== undefined) {
        keeps.push({ type: "keep", binding, reason: "outsideTenancy", why });
        continue;
      }
      const firstSeen = firstSeenByKey.get(key);
      const isDue = firstSeen !== undefined && options.now.getTime() - Date.parse(firstSeen) >= graceMs;
      if (isDue && input.index.isComplete) {
        deleteOrKeep(binding, "exclusiveUnknown");
      } else {
        reports.push({ type: "reportUnknown", binding, reason: "exclusivePending" });
      }
      pendingExclusiveRemovals.push({ binding: key, firstSeen: firstSeen ?? options.now.toISOString() });
    }
    for (const foreign of observed.foreignForPrincipal(options.principal)) {
      reports.push({ type: "reportUnknown", foreign, reason: "notModeled" });
    }
  }

  return {
    actions: [...sortByKey(creations), ...sortByKey(deletions), ...sortByKey(keeps), ...sortByKey(reports)],
    pendingExclusiveRemovals: pendingExclusiveRemovals.sort((a, b) => compare(a.binding, b.binding)),
  };
}

function actionKey(action: AclAction): string {
  return "binding" in action ? bindingKey(action.binding) : JSON.stringify(action.foreign);
}

function sortByKey(actions: AclAction[]): AclAction[] {
  return actions
    .map((action) => [actionKey(action), action] as const)
    .sort(([a], [b]) => compare(a, b))
    .map(([, action]) => action);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
