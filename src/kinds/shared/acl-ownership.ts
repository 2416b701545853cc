// Applies and releases the ACL bindings a resource owns, for every kind that owns some, with the
// semantics of the access model: one in-memory index per cluster of who wants which binding, a
// ledger in each resource's status of what it applied, creations for what is missing (drift
// repair counted), deletions only of what the owner applied and no live owner still wants, and
// in exclusive mode the removal of the principal's unknown bindings after they were reported.
// Until every owner has been indexed after start-up nothing is deleted.
import { type AclBinding, bindingKey, describeBinding } from "../../access/acl-binding.ts";
import { DesiredBindingIndex } from "../../access/desired-binding-index.ts";
import { describeForeignAcl, type ObservedAclsView } from "../../access/observed-acls.ts";
import {
  type AclLedger,
  bindingsToRelease,
  type LedgerReading,
  nextAppliedBindings,
  readLedger,
  recordLedger,
} from "../../access/ownership-ledger.ts";
import { type AclPlan, type PendingExclusiveRemoval, planAclChanges } from "../../access/plan-acl-changes.ts";
import { removalProblem, type TenancyScope } from "../../access/tenancy-check.ts";
import type { AclStore, AclWriteResult } from "../../ports/acl-store.ts";

/** Set while a resource holds ACLs it applied, so deleting it releases them first. */
export const ACL_FINALIZER = "kafkaaccess.io/acls";

export interface AclOwnerInput {
  readonly cluster: string;
  readonly ownerKey: string;
  readonly principal: string;
  readonly desired: readonly AclBinding[];
  readonly ledger: AclLedger | undefined;
  /** What the owner's namespace may do on the cluster: nothing outside it is deleted. */
  readonly scope: TenancyScope;
  /** Exclusive mode for `principal`: the removals reported last time and how long they wait. */
  readonly exclusive?: {
    readonly pendingRemovals: readonly PendingExclusiveRemoval[];
    readonly graceMs: number;
  };
}

/** A plan for one owner with what it was made from; `execute` carries it out. */
export interface PlannedAclChanges {
  readonly input: AclOwnerInput;
  readonly plan: AclPlan;
  readonly reading: LedgerReading;
  readonly observed: ObservedAclsView;
}

export interface AclApplyOutcome {
  /** The ledger to write to status. */
  readonly ledger: AclLedger;
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

export class AclOwnership {
  readonly #store: AclStore;
  readonly #indexes = new Map<string, DesiredBindingIndex>();
  #isLoaded = false;

  constructor(store: AclStore) {
    this.#store = store;
  }

  /** Records what an owner wants without touching Kafka (start-up loading, dry runs). */
  declare(cluster: string, ownerKey: string, desired: readonly AclBinding[]): void {
    this.#index(cluster).replaceOwner(ownerKey, desired);
  }

  /** Forgets an owner on every cluster (its resource is gone); touches no ACL. */
  forget(ownerKey: string): void {
    for (const index of this.#indexes.values()) index.removeOwner(ownerKey);
  }

  /** Every owner has been declared: deletions may start. */
  markLoaded(): void {
    this.#isLoaded = true;
    for (const index of this.#indexes.values()) index.markComplete();
  }

  /** Declares what the owner wants and plans against the cluster as it is; changes nothing on it. */
  async plan(input: AclOwnerInput): Promise<PlannedAclChanges> {
    const index = this.#index(input.cluster);
    index.replaceOwner(input.ownerKey, input.desired);
    const observed = await this.#store.describeAll(input.cluster);
    const reading = readLedger(input.ledger, input.desired, (key) => observed.has(key));
    const plan = planAclChanges({
      ownerKey: input.ownerKey,
      desired: input.desired,
      applied: reading.applied,
      observed,
      index,
      options: {
        exclusive: input.exclusive !== undefined,
        principal: input.principal,
        now: new Date(),
        removalProblem: (binding) => removalProblem(binding, input.scope),
        ...(input.exclusive
          ? {
              pendingExclusiveRemovals: input.exclusive.pendingRemovals,
              exclusiveGraceMs: input.exclusive.graceMs,
            }
          : {}),
      },
    });
    return { input, plan, reading, observed };
  }

  /** Sends a plan's creations and deletions (batched with other owners') and maps the results back. */
  async execute({ input, plan, reading, observed }: PlannedAclChanges): Promise<AclApplyOutcome> {
    const creations = plan.actions.flatMap((a) => (a.type === "create" ? [a] : []));
    const deletions = plan.actions.flatMap((a) => (a.type === "delete" ? [a] : []));
    const [created, deleted] = await Promise.all([
      this.#store.createBindings(
        input.cluster,
        creations.map((a) => a.binding),
      ),
      this.#store.deleteBindings(
        input.cluster,
        deletions.map((a) => a.binding),
      ),
    ]);
    const isDone = (r: AclWriteResult | undefined) => r !== undefined && r.outcome !== "failed";
    const createdKeys = new Set(created.flatMap((r) => (isDone(r) ? [bindingKey(r.binding)] : [])));
    const deletedKeys = new Set(deleted.flatMap((r) => (isDone(r) ? [bindingKey(r.binding)] : [])));
    const applied = nextAppliedBindings({
      desired: input.desired,
      previouslyApplied: reading.applied,
      isPresent: (key) => createdKeys.has(key) || (observed.has(key) && !deletedKeys.has(key)),
    });
    const removedUnknown = deletions
      .filter((a, i) => a.reason === "exclusiveUnknown" && isDone(deleted[i]))
      .map((a) => a.binding);
    const removedUnknownKeys = new Set(removedUnknown.map(bindingKey));
    return {
      ledger: recordLedger({ cluster: input.cluster, applied, desired: input.desired }),
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

  async apply(input: AclOwnerInput): Promise<AclApplyOutcome> {
    return this.execute(await this.plan(input));
  }

  /**
   * Forgets the owner and deletes what it applied that nobody else wants and its namespace may
   * remove (`scope`). Resolves with the failures, one line each, and the bindings kept because
   * the namespace could not have granted them; a cluster that cannot be read is a failure, so
   * the caller keeps its finalizer and says why.
   */
  async release(input: {
    cluster: string;
    ownerKey: string;
    ledger: AclLedger | undefined;
    scope: TenancyScope;
  }): Promise<{ failures: string[]; kept: string[] }> {
    const index = this.#index(input.cluster);
    index.removeOwner(input.ownerKey);
    if (!input.ledger || input.ledger.count === 0) return { failures: [], kept: [] };
    if (!this.#isLoaded) throw new Error("Cannot release ACLs before every owner is known");
    let observed: ObservedAclsView;
    try {
      observed = await this.#store.describeAll(input.cluster);
    } catch (err) {
      const why = `cannot read the ACLs of ${input.cluster}: ${err instanceof Error ? err.message : String(err)}`;
      return { failures: [why], kept: [] };
    }
    const reading = readLedger(input.ledger, [], (key) => observed.has(key));
    const releasable: AclBinding[] = [];
    const kept: string[] = [];
    for (const binding of bindingsToRelease({
      ownerKey: input.ownerKey,
      applied: reading.applied,
      desired: [],
      index,
      isPresent: (key) => observed.has(key),
    })) {
      const why = removalProblem(binding, input.scope);
      if (why === undefined) releasable.push(binding);
      else kept.push(why);
    }
    return { failures: failuresOf(await this.#store.deleteBindings(input.cluster, releasable)), kept };
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

function failuresOf(results: readonly AclWriteResult[]): string[] {
  return results.flatMap((r) => (r.outcome === "failed" ? [`${describeBinding(r.binding)}: ${r.code}`] : []));
}
