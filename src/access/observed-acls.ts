// What a cluster holds, as last read: every ACL the operator can model, indexed by binding
// key and by principal, plus the ACLs it cannot model ("foreign": a resource type, pattern
// type or operation outside the vocabulary, e.g. a USER resource or a code a newer Kafka
// added). Foreign ACLs are kept and shown, never planned against and never a reason to fail
// reading the rest: one unknown entry must not blind the operator to the whole cluster.

import { type AclBinding, bindingKey, parseBindingKey } from "./acl-binding.ts";

/** An ACL outside the vocabulary, in the words (or numeric codes) Kafka returned it with. */
export interface ForeignAcl {
  readonly resourceType: string;
  readonly resourceName: string;
  readonly patternType: string;
  readonly principal: string;
  readonly host: string;
  readonly operation: string;
  readonly permission: string;
  /** Which field put it outside the vocabulary, for logs and reports. */
  readonly why: string;
}

/** A foreign ACL in words: `ALLOW CREATE_TOKENS on USER "User:bob" (LITERAL) for User:alice`. */
export function describeForeignAcl(acl: ForeignAcl): string {
  return `${acl.permission} ${acl.operation} on ${acl.resourceType} "${acl.resourceName}" (${acl.patternType}) for ${acl.principal} from host ${acl.host}`;
}

const NO_BINDINGS: ReadonlyMap<string, AclBinding> = new Map();

/** The reading side of `ObservedAcls`: what planners and checks get. */
export interface ObservedAclsView {
  readonly size: number;
  readonly foreign: readonly ForeignAcl[];
  has(key: string): boolean;
  get(key: string): AclBinding | undefined;
  bindings(): IterableIterator<AclBinding>;
  forPrincipal(principal: string): ReadonlyMap<string, AclBinding>;
  foreignForPrincipal(principal: string): ForeignAcl[];
}

/**
 * A cluster's ACLs, mutable so a cache can apply the operator's own writes without copying
 * tens of thousands of entries. Readers plan synchronously from it; nothing here does I/O.
 *
 * It holds each binding as its key alone, and makes the binding again from the key when asked:
 * at 50,000 bindings the keys take about a third of what keys, decoded bindings and their field
 * strings took together (docs/performance.md), and planning asks for few bindings, by key.
 */
export class ObservedAcls implements ObservedAclsView {
  readonly #keys = new Set<string>();
  readonly #keysByPrincipal = new Map<string, Set<string>>();
  readonly #foreign: ForeignAcl[];

  constructor(bindings: Iterable<AclBinding> = [], foreign: readonly ForeignAcl[] = []) {
    for (const binding of bindings) this.add(binding);
    this.#foreign = [...foreign];
  }

  get size(): number {
    return this.#keys.size;
  }

  get foreign(): readonly ForeignAcl[] {
    return this.#foreign;
  }

  has(key: string): boolean {
    return this.#keys.has(key);
  }

  get(key: string): AclBinding | undefined {
    return this.#keys.has(key) ? parseBindingKey(key) : undefined;
  }

  *bindings(): IterableIterator<AclBinding> {
    for (const key of this.#keys) {
      const binding = parseBindingKey(key);
      if (binding) yield binding;
    }
  }

  forPrincipal(principal: string): ReadonlyMap<string, AclBinding> {
    const keys = this.#keysByPrincipal.get(principal);
    if (!keys) return NO_BINDINGS;
    const bindings = new Map<string, AclBinding>();
    for (const key of keys) {
      const binding = parseBindingKey(key);
      if (binding) bindings.set(key, binding);
    }
    return bindings;
  }

  foreignForPrincipal(principal: string): ForeignAcl[] {
    return this.#foreign.filter((acl) => acl.principal === principal);
  }

  add(binding: AclBinding): void {
    const key = bindingKey(binding);
    if (this.#keys.has(key)) return;
    this.#keys.add(key);
    let ofPrincipal = this.#keysByPrincipal.get(binding.principal);
    if (!ofPrincipal) {
      ofPrincipal = new Set();
      this.#keysByPrincipal.set(binding.principal, ofPrincipal);
    }
    ofPrincipal.add(key);
  }

  remove(binding: AclBinding): void {
    const key = bindingKey(binding);
    this.#keys.delete(key);
    const ofPrincipal = this.#keysByPrincipal.get(binding.principal);
    ofPrincipal?.delete(key);
    if (ofPrincipal?.size === 0) this.#keysByPrincipal.delete(binding.principal);
  }
}
