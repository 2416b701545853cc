// Applies and releases the ACL bindings a resource owns, for every kind that owns some, with the
// semantics of the access model: one in-memory index per cluster of who wants which binding, a
// ledger in each resource's status of what it applied, creations for what is missing (drift
// repair counted), deletions only of what the owner applied and no live owner still wants.
// Until every owner has been indexed after start-up nothing is deleted.
import { type AclBinding, bindingKey, describeBinding } from "../../access/acl-binding.ts";
import { DesiredBindingIndex } from "../../access/desired-binding-index.ts";
import {
  type AclLedger,
  bindingsToRelease,
  nextAppliedBindings,
  readLedger,
  recordLedger,
} from "../../access/ownership-ledger.ts";
import { planAclChanges } from "../../access/plan-acl-changes.ts";
import type { AclStore, AclWriteResult } from "../../ports/acl-store.ts";

export interface AclApplyOutcome {
  /** The ledger to write to status. */
  readonly ledger: AclLedger;
  readonly created: number;
  readonly deleted: number;
  /** Bindings this owner had applied that were gone and were put back. */
  readonly driftRepairs: number;
  /** One line per binding Kafka refused, with its error name. */
  readonly failures: readonly string[];
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

  /** Records what an owner wants without touching Kafka (start-up loading). */
  declare(cluster: string, ownerKey: string, desired: readonly AclBinding[]): void {
    this.#index(cluster).replaceOwner(ownerKey, desired);
  }

  /** Every owner has been declared: deletions may start. */
  markLoaded(): void {
    this.#isLoaded = true;
    for (const index of this.#indexes.values()) index.markComplete();
  }

  async apply(input: {
    cluster: string;
    ownerKey: string;
    principal: string;
    desired: readonly AclBinding[];
    ledger: AclLedger | undefined;
  }): Promise<AclApplyOutcome> {
    const { cluster, ownerKey, desired } = input;
    const index = this.#index(cluster);
    index.replaceOwner(ownerKey, desired);
    const observed = await this.#store.describeAll(cluster);
    const reading = readLedger(input.ledger, desired, (key) => observed.has(key));
    const plan = planAclChanges({
      ownerKey,
      desired,
      applied: reading.applied,
      observed,
      index,
      options: { exclusive: false, principal: input.principal, now: new Date() },
    });
    const creations = plan.actions.flatMap((a) => (a.type === "create" ? [a] : []));
    const deletions = plan.actions.flatMap((a) => (a.type === "delete" ? [a.binding] : []));
    const created = await this.#store.createBindings(
      cluster,
      creations.map((a) => a.binding),
    );
    const deleted = await this.#store.deleteBindings(cluster, deletions);
    const createdKeys = new Set(
      created.flatMap((r) => (r.outcome === "failed" ? [] : [bindingKey(r.binding)])),
    );
    const deletedKeys = new Set(
      deleted.flatMap((r) => (r.outcome === "failed" ? [] : [bindingKey(r.binding)])),
    );
    const applied = nextAppliedBindings({
      desired,
      previouslyApplied: reading.applied,
      isPresent: (key) => createdKeys.has(key) || (observed.has(key) && !deletedKeys.has(key)),
    });
    return {
      ledger: recordLedger({ cluster, applied, desired }),
      created: created.filter((r) => r.outcome === "created").length,
      deleted: deleted.filter((r) => r.outcome === "deleted").length,
      driftRepairs: creations.filter(
        (a, i) => a.reason === "driftRepair" && created[i]?.outcome === "created",
      ).length,
      failures: failuresOf([...created, ...deleted]),
      isLedgerComplete: reading.isComplete,
    };
  }

  /**
   * Forgets the owner and deletes what it applied that nobody else wants. Resolves with the
   * failures (empty when everything is released); rejects when the cluster cannot be read.
   */
  async release(input: {
    cluster: string;
    ownerKey: string;
    ledger: AclLedger | undefined;
  }): Promise<string[]> {
    const index = this.#index(input.cluster);
    index.removeOwner(input.ownerKey);
    if (!input.ledger || input.ledger.count === 0) return [];
    if (!this.#isLoaded) throw new Error("Cannot release ACLs before every owner is known");
    const observed = await this.#store.describeAll(input.cluster);
    const reading = readLedger(input.ledger, [], (key) => observed.has(key));
    const releasable = bindingsToRelease({
      ownerKey: input.ownerKey,
      applied: reading.applied,
      desired: [],
      index,
      isPresent: (key) => observed.has(key),
    });
    return failuresOf(await this.#store.deleteBindings(input.cluster, releasable));
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
