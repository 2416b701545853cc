// Who owns which binding on a cluster, read from the ledgers resources keep in their status
// (see ownership-ledger.ts): the answer to "which resource put this ACL there?" that Kafka
// cannot give, since its ACLs carry no metadata. Pure; callers find the ledgers.

import type { AclBinding } from "./acl-binding.ts";
import { bindingKey } from "./acl-binding.ts";
import { type AclLedger, readLedger } from "./ownership-ledger.ts";

/** One resource's ledger, as found in its status. */
export interface LedgerRecord {
  /** The resource in words, e.g. "KafkaAcl team-a/alice-reads-orders". */
  readonly owner: string;
  readonly ledger: AclLedger;
  /** What the resource's spec asks for now, when known: it fills in a truncated list. */
  readonly desired?: readonly AclBinding[];
}

export interface BindingOwners {
  /** Owners of the binding with this key, in the order their records were given. */
  ownersOf(key: string): readonly string[];
  /** Owners whose ledger cannot name everything they applied: any binding may be theirs too. */
  readonly incompleteOwners: readonly string[];
}

const NO_OWNERS: readonly string[] = [];

/** Indexes the ledgers of `records` that were written for `cluster` ("namespace/name"). */
export function indexBindingOwners(
  records: readonly LedgerRecord[],
  cluster: string,
  isPresent: (key: string) => boolean,
): BindingOwners {
  const ownersByKey = new Map<string, string[]>();
  const incompleteOwners: string[] = [];
  for (const record of records) {
    if (record.ledger.cluster !== cluster) continue;
    const reading = readLedger(record.ledger, record.desired ?? [], isPresent);
    if (!reading.isComplete) incompleteOwners.push(record.owner);
    for (const binding of reading.applied) {
      const key = bindingKey(binding);
      const owners = ownersByKey.get(key) ?? [];
      if (!owners.includes(record.owner)) owners.push(record.owner);
      ownersByKey.set(key, owners);
    }
  }
  return { ownersOf: (key) => ownersByKey.get(key) ?? NO_OWNERS, incompleteOwners };
}
