// Every binding every live owner (a CR, keyed "namespace/name") wants on one cluster. Kafka
// ACLs carry no owner, so this index is how the operator knows that a binding one CR dropped
// is still wanted by another and must stay. It lives in memory and is rebuilt from the CRs
// on start; it is not a record of what was applied (that is the ledger in each CR's status).

import { type AclBinding, bindingKey } from "./acl-binding.ts";

/** The questions planning asks; the index answers them without being changed by a plan. */
export interface DesiredBindingLookup {
  /**
   * Whether every live owner has been added since start. Until then an absent owner
   * may still want any binding, so nothing may be deleted for lack of an owner.
   */
  readonly isComplete: boolean;
  ownersOf(key: string): ReadonlySet<string>;
  /** Whether an owner other than `ownerKey` wants the binding with this key. */
  isWantedByOthers(key: string, ownerKey: string): boolean;
}

const NO_OWNERS: ReadonlySet<string> = new Set();

/**
 * Owners' desired bindings on one cluster. Replacing an owner's set costs the size of its old
 * and new sets, independent of how many owners or bindings the cluster has.
 */
export class DesiredBindingIndex implements DesiredBindingLookup {
  readonly #bindingsByOwner = new Map<string, Map<string, AclBinding>>();
  readonly #ownersByKey = new Map<string, Set<string>>();
  #isComplete = false;

  get isComplete(): boolean {
    return this.#isComplete;
  }

  /** Call once every owner known at start has been added (the informer cache has synced). */
  markComplete(): void {
    this.#isComplete = true;
  }

  get ownerCount(): number {
    return this.#bindingsByOwner.size;
  }

  /** Distinct bindings wanted by at least one owner. */
  get bindingCount(): number {
    return this.#ownersByKey.size;
  }

  ownersOf(key: string): ReadonlySet<string> {
    return this.#ownersByKey.get(key) ?? NO_OWNERS;
  }

  isWanted(key: string): boolean {
    return this.#ownersByKey.has(key);
  }

  isWantedByOthers(key: string, ownerKey: string): boolean {
    const owners = this.#ownersByKey.get(key);
    if (!owners) return false;
    return owners.size > 1 || !owners.has(ownerKey);
  }

  bindingsOf(ownerKey: string): AclBinding[] {
    return [...(this.#bindingsByOwner.get(ownerKey)?.values() ?? [])];
  }

  /** Every binding some owner wants, once each. */
  *wantedBindings(): IterableIterator<AclBinding> {
    for (const [key, owners] of this.#ownersByKey) {
      const [firstOwner] = owners;
      const binding = firstOwner === undefined ? undefined : this.#bindingsByOwner.get(firstOwner)?.get(key);
      if (binding) yield binding;
    }
  }

  /** Makes `bindings` the whole desired set of `ownerKey`; an empty set removes the owner. */
  replaceOwner(ownerKey: string, bindings: Iterable<AclBinding>): void {
    const next = new Map<string, AclBinding>();
    for (const binding of bindings) next.set(bindingKey(binding), binding);
    const previous = this.#bindingsByOwner.get(ownerKey);
    if (previous) {
      for (const key of previous.keys()) {
        if (!next.has(key)) this.#release(key, ownerKey);
      }
    }
    for (const key of next.keys()) {
      if (previous?.has(key)) continue;
      let owners = this.#ownersByKey.get(key);
      if (!owners) {
        owners = new Set();
        this.#ownersByKey.set(key, owners);
      }
      owners.add(ownerKey);
    }
    if (next.size === 0) this.#bindingsByOwner.delete(ownerKey);
    else this.#bindingsByOwner.set(ownerKey, next);
  }

  /** Forgets an owner (its CR is gone or moved to another cluster). */
  removeOwner(ownerKey: string): void {
    this.replaceOwner(ownerKey, []);
  }

  #release(key: string, ownerKey: string): void {
    const owners = this.#ownersByKey.get(key);
    if (!owners) return;
    owners.delete(ownerKey);
    if (owners.size === 0) this.#ownersByKey.delete(key);
  }
}
