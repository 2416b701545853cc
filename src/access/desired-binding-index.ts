// Every binding every live owner (a CR, keyed "namespace/name") wants on one cluster. Kafka
// ACLs carry no owner, so this index is how the operator knows that a binding one CR dropped
// is still wanted by another and must stay. It lives in memory and is rebuilt from the CRs
// on start; it is not a record of what was applied (that is the ledger in each CR's status).
//
// It holds keys only, each string once: an owner's list and the key's entry share one string,
// and a key wanted by one owner (almost every key) names that owner directly instead of
// through a set. At 50,000 bindings this is a few MiB; the bindings themselves live in specs.

import { type AclBinding, bindingKey, parseBindingKey } from "./acl-binding.ts";

/** The questions planning asks; the index answers them without being changed by a plan. */
export interface DesiredBindingLookup {
  /**
   * Whether every live owner has been added since start. Until then an absent owner
   * may still want any binding, so nothing may be deleted for lack of an owner.
   */
  readonly isComplete: boolean;
  /** Whether any owner wants the binding with this key. */
  isWanted(key: string): boolean;
  /** The owners that want the binding with this key (for saying who keeps it). */
  ownersOf(key: string): ReadonlySet<string>;
  /** Whether an owner other than `ownerKey` wants the binding with this key. */
  isWantedByOthers(key: string, ownerKey: string): boolean;
}

const NO_OWNERS: ReadonlySet<string> = new Set();

/**
 * Owners' desired bindings on one cluster. Replacing an owner's set costs the size of its old
 * and new sets, independent of how many owners or bindings the cluster has; replacing it with
 * the same set (every resync) allocates nothing that stays.
 */
export class DesiredBindingIndex implements DesiredBindingLookup {
  readonly #keysByOwner = new Map<string, readonly string[]>();
  /** The owner, or the owners when more than one wants the key. */
  readonly #ownersByKey = new Map<string, string | Set<string>>();
  #isComplete = false;

  get isComplete(): boolean {
    return this.#isComplete;
  }

  /** Call once every owner known at start has been added (the informer cache has synced). */
  markComplete(): void {
    this.#isComplete = true;
  }

  get ownerCount(): number {
    return this.#keysByOwner.size;
  }

  /** Distinct bindings wanted by at least one owner. */
  get bindingCount(): number {
    return this.#ownersByKey.size;
  }

  isWanted(key: string): boolean {
    return this.#ownersByKey.has(key);
  }

  ownersOf(key: string): ReadonlySet<string> {
    const owners = this.#ownersByKey.get(key);
    if (owners === undefined) return NO_OWNERS;
    return typeof owners === "string" ? new Set([owners]) : owners;
  }

  /** What `ownerKey` wants, made again from the keys the index holds. */
  bindingsOf(ownerKey: string): AclBinding[] {
    return (this.#keysByOwner.get(ownerKey) ?? []).flatMap((key) => parseBindingKey(key) ?? []);
  }

  isWantedByOthers(key: string, ownerKey: string): boolean {
    const owners = this.#ownersByKey.get(key);
    if (owners === undefined) return false;
    if (typeof owners === "string") return owners !== ownerKey;
    return owners.size > 1 || !owners.has(ownerKey);
  }

  /** Makes `bindings` the whole desired set of `ownerKey`; an empty set removes the owner. */
  replaceOwner(ownerKey: string, bindings: Iterable<AclBinding>): void {
    const added = new Set<string>();
    for (const binding of bindings) added.add(bindingKey(binding));
    const previous = this.#keysByOwner.get(ownerKey) ?? [];
    // Keys kept from before stay as the strings the index already holds.
    const kept: string[] = [];
    for (const key of previous) {
      if (added.delete(key)) kept.push(key);
      else this.#release(key, ownerKey);
    }
    if (added.size === 0 && kept.length === previous.length) return;
    for (const key of added) {
      this.#claim(key, ownerKey);
      kept.push(key);
    }
    if (kept.length === 0) this.#keysByOwner.delete(ownerKey);
    else this.#keysByOwner.set(ownerKey, kept);
  }

  /** Forgets an owner (its CR is gone or moved to another cluster). */
  removeOwner(ownerKey: string): void {
    this.replaceOwner(ownerKey, []);
  }

  #claim(key: string, ownerKey: string): void {
    const owners = this.#ownersByKey.get(key);
    if (owners === undefined) this.#ownersByKey.set(key, ownerKey);
    else if (typeof owners === "string") {
      if (owners !== ownerKey) this.#ownersByKey.set(key, new Set([owners, ownerKey]));
    } else owners.add(ownerKey);
  }

  #release(key: string, ownerKey: string): void {
    const owners = this.#ownersByKey.get(key);
    if (owners === undefined) return;
    if (typeof owners === "string") {
      if (owners === ownerKey) this.#ownersByKey.delete(key);
      return;
    }
    owners.delete(ownerKey);
    if (owners.size === 1) this.#ownersByKey.set(key, owners.values().next().value as string);
  }
}
