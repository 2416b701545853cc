// What one CR applied on a cluster, as recorded in its status: the only durable trace of
// ownership, since Kafka ACLs carry no metadata. The in-memory index says who wants a binding
// now; the ledger says who put it there, so a binding a CR stopped wanting (or a CR being
// deleted) can be cleaned up without touching ACLs no CR ever applied.
//
// Status must stay small, so the ledger keeps a bounded list of binding keys, the full count
// and a hash of the full set. Keys a CR no longer wants are listed first: the CR's spec can
// name the others again, the spec cannot name those.
import { createHash } from "node:crypto";
import { type AclBinding, bindingKey, parseBindingKey } from "./acl-binding.ts";
import type { DesiredBindingLookup } from "./desired-binding-index.ts";

export interface AclLedger {
  /** The cluster the bindings were applied on, "namespace/name" of its KafkaCluster. */
  readonly cluster: string;
  /** How many bindings the CR holds on that cluster. */
  readonly count: number;
  /** "sha256:" and the hex digest of the sorted keys of all `count` bindings, one per line. */
  readonly hash: string;
  /** At most the ledger limit of binding keys; bindings the CR no longer wants come first. */
  readonly bindings: readonly string[];
}

/** Keys a ledger lists before it relies on the count and hash alone. */
export const DEFAULT_LEDGER_LIMIT = 256;

export function hashBindingKeys(keys: Iterable<string>): string {
  const sorted = [...new Set(keys)].sort();
  return `sha256:${createHash("sha256").update(sorted.join("\n")).digest("hex")}`;
}

/**
 * The ledger to write after applying: `applied` is every binding the CR holds on `cluster`
 * (see `nextAppliedBindings`), `desired` what its spec asks for now.
 */
export function recordLedger(input: {
  cluster: string;
  applied: Iterable<AclBinding>;
  desired: Iterable<AclBinding>;
  limit?: number;
}): AclLedger {
  const desiredKeys = new Set([...input.desired].map(bindingKey));
  const appliedKeys = [...new Set([...input.applied].map(bindingKey))].sort();
  const undesiredFirst = [
    ...appliedKeys.filter((key) => !desiredKeys.has(key)),
    ...appliedKeys.filter((key) => desiredKeys.has(key)),
  ];
  return {
    cluster: input.cluster,
    count: appliedKeys.length,
    hash: hashBindingKeys(appliedKeys),
    bindings: undesiredFirst.slice(0, input.limit ?? DEFAULT_LEDGER_LIMIT),
  };
}

export interface LedgerReading {
  /** The bindings the ledger proves or, when incomplete, names. */
  readonly applied: AclBinding[];
  /**
   * False when the list and the spec together do not reproduce the recorded hash: some
   * applied bindings cannot be named (a truncated list and a changed spec), or the status
   * was edited. Whatever is not named here may be left behind; say so in status.
   */
  readonly isComplete: boolean;
  /** Listed entries that are not binding keys; they are ignored. */
  readonly unreadableKeys: string[];
}

/**
 * Reads a ledger back. `currentDesired` (the spec as it is now) fills in what a truncated
 * list left out; when the spec changed since the ledger was written, the hash says so.
 * `isPresent` (the cluster as observed) leaves out wanted bindings that were never created.
 */
export function readLedger(
  ledger: AclLedger | undefined,
  currentDesired: Iterable<AclBinding>,
  isPresent: (key: string) => boolean = () => true,
): LedgerReading {
  if (!ledger) return { applied: [], isComplete: true, unreadableKeys: [] };
  const applied = new Map<string, AclBinding>();
  const unreadableKeys: string[] = [];
  for (const key of ledger.bindings) {
    const binding = parseBindingKey(key);
    if (binding) applied.set(key, binding);
    else unreadableKeys.push(key);
  }
  const isTruncated = ledger.bindings.length < ledger.count;
  if (isTruncated) {
    const candidates = new Map(applied);
    for (const binding of currentDesired) {
      const key = bindingKey(binding);
      if (isPresent(key)) candidates.set(key, binding);
    }
    if (candidates.size === ledger.count && hashBindingKeys(candidates.keys()) === ledger.hash) {
      return { applied: [...candidates.values()], isComplete: true, unreadableKeys };
    }
    return { applied: [...applied.values()], isComplete: false, unreadableKeys };
  }
  const isComplete = unreadableKeys.length === 0 && hashBindingKeys(applied.keys()) === ledger.hash;
  return { applied: [...applied.values()], isComplete, unreadableKeys };
}

/**
 * What a CR must delete: bindings it applied that it no longer wants and no other live owner
 * wants, and that are still present when `isPresent` is given. Empty while the index is
 * incomplete, since an owner not yet indexed may want any of them.
 */
export function bindingsToRelease(input: {
  ownerKey: string;
  applied: Iterable<AclBinding>;
  desired: Iterable<AclBinding>;
  index: DesiredBindingLookup;
  isPresent?: (key: string) => boolean;
}): AclBinding[] {
  if (!input.index.isComplete) return [];
  const desiredKeys = new Set([...input.desired].map(bindingKey));
  const released = new Map<string, AclBinding>();
  for (const binding of input.applied) {
    const key = bindingKey(binding);
    if (desiredKeys.has(key) || input.index.isWantedByOthers(key, input.ownerKey)) continue;
    if (input.isPresent && !input.isPresent(key)) continue;
    released.set(key, binding);
  }
  return [...released.values()];
}

/**
 * What a CR holds after an apply: everything it wants or held before that is still present.
 * A binding it held and no longer wants stays in its ledger until it is gone, even when
 * another owner wants it now, so whichever owner goes last cleans it up.
 */
export function nextAppliedBindings(input: {
  desired: Iterable<AclBinding>;
  previouslyApplied: Iterable<AclBinding>;
  isPresent: (key: string) => boolean;
}): AclBinding[] {
  const held = new Map<string, AclBinding>();
  for (const binding of [...input.desired, ...input.previouslyApplied]) {
    const key = bindingKey(binding);
    if (input.isPresent(key)) held.set(key, binding);
  }
  return [...held.values()];
}
