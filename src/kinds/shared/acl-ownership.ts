// The state and the writes of ACL ownership, shared by every kind that owns ACLs: one in-memory
// index per cluster of who wants which binding, reads of what each cluster holds, and the
// execution of a plan (access/plan-owned-acls.ts): creations for what is missing (drift repair
// counted), deletions the plan allowed, releases, and the ledgers to write back to status. It
// also knows who asks for exclusive mode where, so a plan can tell which of them holds it.
// Until every owner has been declared after start-up the index says so, and plans delete nothing.
import { type AclBinding, bindingKey, describeBinding } from "../../access/acl-binding.ts";
import { DesiredBindingIndex, type DesiredBindingLookup } from "../../access/desired-binding-index.ts";
import { describeForeignAcl, type ObservedAclsView } from "../../access/observed-acls.ts";
import { nextAppliedBindings, recordLedger } from "../../access/ownership-ledger.ts";
import type { PendingExclusiveRemoval } from "../../access/plan-acl-changes.ts";
import type {
  EntryPlan,
  ExclusiveClaimant,
  OwnedAclsPlan,
  OwnedLedger,
  ReleasePlan,
} from "../../access/plan-owned-acls.ts";
import type { AclStore, AclWriteResult } from "../../ports/acl-store.ts";

/** Set while a resource holds ACLs it applied, so deleting it releases them first. */
export const ACL_FINALIZER = "kafkaaccess.io/acls";

/** What applying one entry's plan did. */
export interface AclApplyOutcome {
  /** The ledger to write to status. */
  readonly ledger: OwnedLedger;
  readonly created: number;
  /** Bindings this owner applied and no longer wants, removed. */
  readonly deleted: number;
  /** Bindings this owner had applied that were gone and were put back. */
  readonly driftRepairs: number;
  /** Exclusive mode: unknown bindings of the principal removed after being reported. */
  readonly removedUnknown: readonly string[];
  /** Exclusive mode: unknown bindings of the principal reported, awaiting removal. */
  readonly pendingExclusiveRemovals: readonly PendingExclusiveRemoval[];
  /** Exclusive mode: ACLs of the principal outside the vocabulary; reported, never removed. */
  readonly unmodeled: readonly string[];
  /** One line per binding Kafka refused, with its error name. */
  readonly failures: readonly string[];
  /** Deletions refused because the owner's namespace could not have granted the binding, with why. */
  readonly kept: readonly string[];
  /** False when the ledger could not name everything applied before (see readLedger). */
  readonly isLedgerComplete: boolean;
}

/** What releasing one ledger did. */
export interface ReleaseOutcome {
  readonly ledger: OwnedLedger;
  readonly released: number;
  /** Why each binding the namespace may not remove was kept. */
  readonly kept: readonly string[];
  /** What blocked the release, or the bindings Kafka refused to delete; empty when done. */
  readonly failures: readonly string[];
}

export interface OwnedAclsOutcome {
  /** One per planned entry, in plan order; blocked entries have none. */
  readonly applied: readonly AclApplyOutcome[];
  readonly released: readonly ReleaseOutcome[];
  /** The ledgers to write to status: applied entries, and whatever could not be released. */
  readonly ledgers: readonly OwnedLedger[];
}

export class AclOwnership {
  readonly #store: AclStore;
  readonly #indexes = new Map<string, DesiredBindingIndex>();
  /** Per entry ("cluster|principal"), the owners asking for exclusive mode there and when each was created. */
  readonly #exclusiveClaimants = new Map<string, Map<string, string | undefined>>();
  /** The entries each owner asks for exclusive mode on. */
  readonly #exclusiveEntries = new Map<string, readonly string[]>();
  #isLoaded = false;

  constructor(store: AclStore) {
    this.#store = store;
  }

  /**
   * Records what an owner wants on a cluster (all its entries there) without touching Kafka;
   * returns what it wanted there before.
   */
  declare(cluster: string, ownerKey: string, desired: Iterable<AclBinding>): AclBinding[] {
    const index = this.#index(cluster);
    const before = index.bindingsOf(ownerKey);
    index.replaceOwner(ownerKey, desired);
    return before;
  }

  /** The clusters on which `ownerKey` wants something now. */
  clustersDeclaredBy(ownerKey: string): string[] {
    return [...this.#indexes].flatMap(([cluster, index]) =>
      index.bindingsOf(ownerKey).length > 0 ? [cluster] : [],
    );
  }

  /** Records every entry where an owner asks for exclusive mode now (none: it asks nowhere). */
  declareExclusive(ownerKey: string, entries: readonly string[], createdAt: string | undefined): void {
    for (const entry of this.#exclusiveEntries.get(ownerKey) ?? []) {
      const owners = this.#exclusiveClaimants.get(entry);
      owners?.delete(ownerKey);
      if (owners?.size === 0) this.#exclusiveClaimants.delete(entry);
    }
    if (entries.length === 0) {
      this.#exclusiveEntries.delete(ownerKey);
      return;
    }
    this.#exclusiveEntries.set(ownerKey, entries);
    for (const entry of entries) {
      const owners = this.#exclusiveClaimants.get(entry) ?? new Map<string, string | undefined>();
      this.#exclusiveClaimants.set(entry, owners.set(ownerKey, createdAt));
    }
  }

  /** Whether `ownerKey` asked for exclusive mode anywhere at its last declaration. */
  asksExclusive(ownerKey: string): boolean {
    return this.#exclusiveEntries.has(ownerKey);
  }

  /** Every owner asking for exclusive mode on `entry` ("cluster|principal"). */
  exclusiveClaimantsOf(entry: string): ExclusiveClaimant[] {
    return [...(this.#exclusiveClaimants.get(entry) ?? [])].map(([ownerKey, createdAt]) => ({
      ownerKey,
      createdAt,
    }));
  }

  /** Forgets an owner on every cluster (its resource is gone); touches no ACL. */
  forget(ownerKey: string): void {
    for (const index of this.#indexes.values()) index.removeOwner(ownerKey);
    this.declareExclusive(ownerKey, [], undefined);
  }

  /** Every owner has been declared: deletions may start. */
  markLoaded(): void {
    this.#isLoaded = true;
    for (const index of this.#indexes.values()) index.markComplete();
  }

  /** Who wants what on `cluster`, for planning. */
  indexOf(cluster: string): DesiredBindingLookup {
    return this.#index(cluster);
  }

  /** What `cluster` holds (the store's shared describe); rejects with an OperatorError when unreadable. */
  observe(cluster: string): Promise<ObservedAclsView> {
    return this.#store.describeAll(cluster);
  }

  /** Carries out a plan: every entry's writes and every release, batched with other owners'. */
  async execute(plan: OwnedAclsPlan<string>): Promise<OwnedAclsOutcome> {
    const [applied, released] = await Promise.all([
      Promise.all(plan.entries.flatMap((entry) => (entry.state === "planned" ? [this.#apply(entry)] : []))),
      Promise.all(plan.releases.map((release) => this.#release(release))),
    ]);
    return { applied, released, ledgers: nextLedgers(plan, applied, released) };
  }

  async #apply(entry: EntryPlan<string> & { state: "planned" }): Promise<AclApplyOutcome> {
    const { claim, plan, reading, observed } = entry;
    const creations = plan.actions.flatMap((a) => (a.type === "create" ? [a] : []));
    const deletions = plan.actions.flatMap((a) => (a.type === "delete" ? [a] : []));
    const [created, deleted] = await Promise.all([
      this.#store.createBindings(
        claim.cluster,
        creations.map((a) => a.binding),
      ),
      this.#store.deleteBindings(
        claim.cluster,
        deletions.map((a) => a.binding),
      ),
    ]);
    const isDone = (r: AclWriteResult | undefined) => r !== undefined && r.outcome !== "failed";
    const createdKeys = new Set(created.flatMap((r) => (isDone(r) ? [bindingKey(r.binding)] : [])));
    const deletedKeys = new Set(deleted.flatMap((r) => (isDone(r) ? [bindingKey(r.binding)] : [])));
    const applied = nextAppliedBindings({
      desired: claim.bindings,
      previouslyApplied: reading.applied,
      isPresent: (key) => createdKeys.has(key) || (observed.has(key) && !deletedKeys.has(key)),
    });
    const removedUnknown = deletions
      .filter((a, i) => a.reason === "exclusiveUnknown" && isDone(deleted[i]))
      .map((a) => a.binding);
    const removedUnknownKeys = new Set(removedUnknown.map(bindingKey));
    return {
      ledger: {
        ...recordLedger({ cluster: claim.cluster, applied, desired: claim.bindings }),
        principal: claim.principal,
      },
      created: created.filter((r) => r.outcome === "created").length,
      deleted: deletions.filter((a, i) => a.reason === "noLongerWanted" && deleted[i]?.outcome === "deleted")
        .length,
      driftRepairs: creations.filter(
        (a, i) => a.reason === "driftRepair" && created[i]?.outcome === "created",
      ).length,
      removedUnknown: removedUnknown.map(describeBinding),
      pendingExclusiveRemovals: plan.pendingExclusiveRemovals.filter(
        (p) => !removedUnknownKeys.has(p.binding),
      ),
      unmodeled: plan.actions.flatMap((a) =>
        a.type === "reportUnknown" && "foreign" in a ? [describeForeignAcl(a.foreign)] : [],
      ),
      failures: failuresOf([...created, ...deleted]),
      kept: plan.actions.flatMap((a) => (a.type === "keep" ? [a.why] : [])),
      isLedgerComplete: reading.isComplete,
    };
  }

  async #release(release: ReleasePlan): Promise<ReleaseOutcome> {
    const { ledger } = release;
    if (release.state === "blocked") return { ledger, released: 0, kept: [], failures: [release.message] };
    const results = await this.#store.deleteBindings(ledger.cluster, release.deletions);
    const failures = failuresOf(results);
    return { ledger, released: results.length - failures.length, kept: release.kept, failures };
  }

  #index(cluster: string): DesiredBindingIndex {
    let index = this.#indexes.get(cluster);
    if (!index) {
      index = new DesiredBindingIndex();
      if (this.#isLoaded) index.markComplete();
      this.#indexes.set(cluster, index);
    }
    return index;
  }
}

/** Applied entries' new ledgers, blocked entries' old ones, and the ledgers not fully released. */
function nextLedgers(
  plan: OwnedAclsPlan<string>,
  applied: readonly AclApplyOutcome[],
  released: readonly ReleaseOutcome[],
): OwnedLedger[] {
  const next: OwnedLedger[] = [];
  let appliedIndex = 0;
  for (const entry of plan.entries) {
    if (entry.state === "planned") next.push(applied[appliedIndex++]!.ledger);
    else if (entry.ledger) next.push(entry.ledger);
  }
  for (const release of released) if (release.failures.length > 0) next.push(release.ledger);
  return next.filter((ledger) => ledger.count > 0);
}

function failuresOf(results: readonly AclWriteResult[]): string[] {
  return results.flatMap((r) => (r.outcome === "failed" ? [`${describeBinding(r.binding)}: ${r.code}`] : []));
}
