// What a cluster holds, as last read: every ACL the operator can model, indexed by binding
// key and by principal, plus the ACLs it cannot model ("foreign": a resource type, pattern
// type or operation outside the vocabulary, e.g. a USER resource or a code a newer Kafka
// added). Foreign ACLs are kept and shown, never planned against and never a reason to fail
// reading the rest: one unknown entry must not blind the operator to the whole cluster.

import { type AclBinding, bindingKey } from "./acl-binding.ts";

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
 */
export class ObservedAcls implements ObservedAclsView {
  readonly #byKey = new Map<string, AclBinding>();
  readonly #byPrincipal = new Map<string, Map<string, AclBinding>>();
  readonly #foreign: ForeignAcl[];

  constructor(bindings: Iterable<AclBinding> = [], foreign: readonly ForeignAcl[] = []) {
    for (const binding of bindings) this.add(binding);
    this.#foreign = [...foreign];
  }

  get size(): number {
    return this.#byKey.size;
  }

  get foreign(): readonly ForeignAcl[] {
    return this.#foreign;
  }

  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  get(key: string): AclBinding | undefined {
    return this.#byKey.get(key);
  }

  bindings(): IterableIterator<AclBinding> {
    return this.#byKey.values();
  }

  forPrincipal(principal: string): ReadonlyMap<string, AclBinding> {
    return this.#byPrincipal.get(principal) ?? NO_BINDINGS;
  }

  foreignForPrincipal(principal: string): ForeignAcl[] {
    return this.#foreign.filter((acl) => acl.principal === principal);
  }

  add(binding: AclBinding): void {
    const key = bindingKey(binding);
    this.#byKey.set(key, binding);
    let ofPrincipal = this.#byPrincipal.get(binding.principal);
    if (!ofPrincipal) {
      ofPrincipal = new Map();
      this.#byPrincipal.set(binding.principal, ofPrincipal);
    }
    ofPrincipal.set(key, binding);
  }

  remove(binding: AclBinding): void {
    const key = bindingKey(binding);
    this.#byKey.delete(key);
    const ofPrincipal = this.#byPrincipal.get(binding.principal);
    ofPrincipal?.delete(key);
    if (ofPrincipal?.size === 0) this.#byPrincipal.delete(binding.principal);
  }
}
