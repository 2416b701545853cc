// Where each ACL a link's principals need goes, decided purely from the backend's needs and
// what the namespace may do on each end:
//  - on the destination, always a claim through the ACL ownership path (applied within the
//    namespace's limits, or refused whole as a TenancyViolation);
//  - on a source KafkaCluster the namespace may use for these bindings, a claim too;
//  - on a source KafkaCluster it may not (not admitted, or outside its limits), a check: the
//    operator reads the cluster's ACLs and reports what is missing, writing nothing;
//  - on a source without a KafkaCluster, nothing the operator can read: listed as unchecked.
import { withPrincipal } from "../../access/access-roles.ts";
import { type AclBinding, bindingKey, describeBinding } from "../../access/acl-binding.ts";
import { findMissingAccess } from "../../access/missing-access.ts";
import type { ObservedAclsView } from "../../access/observed-acls.ts";
import { type AclClaim, checkClaim, type OwnedAclsPlan } from "../../access/plan-owned-acls.ts";
import type { TenancyScope } from "../../access/tenancy-check.ts";
import type { DesiredLink } from "../../ports/link-backend.ts";
import type { LinkAccessNeed } from "../../ports/link-backend-factory.ts";
import type { OwnedAclsOutcome } from "../shared/acl-ownership.ts";
import type { LinkAclsObservation } from "./checks.ts";

/** The link's ACL needs on one end, for one principal. */
export interface AccessEntry {
  /** "namespace/name" of the KafkaCluster; for an unchecked end, its first bootstrap server. */
  readonly cluster: string;
  readonly principal: string;
  readonly bindings: readonly AclBinding[];
}

export interface LinkAccess {
  /** Applied and owned through the ownership path. */
  readonly claims: readonly AclClaim[];
  /** Read on a source KafkaCluster the namespace may not write to, and reported when missing. */
  readonly checked: readonly AccessEntry[];
  /** Needed on a source without a KafkaCluster, where the operator can read nothing. */
  readonly unchecked: readonly AccessEntry[];
  /** "cluster|binding key" of every binding consumer offset migration needs. */
  readonly migrationKeys: ReadonlySet<string>;
}

/** How the link's source is known to the operator. */
export type SourceEnd =
  | { readonly kind: "kafkaCluster"; readonly cluster: string; readonly scope: TenancyScope }
  | { readonly kind: "bootstrapServers"; readonly endpoint: string };

/** One entry per (cluster, principal): a link may need one principal on one cluster for several purposes. */
function merged(entries: readonly AccessEntry[]): AccessEntry[] {
  const byKey = new Map<string, { cluster: string; principal: string; bindings: Map<string, AclBinding> }>();
  for (const { cluster, principal, bindings } of entries) {
    const key = `${cluster}|${principal}`;
    const entry = byKey.get(key) ?? { cluster, principal, bindings: new Map() };
    for (const binding of bindings) entry.bindings.set(bindingKey(binding), binding);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map((e) => ({ ...e, bindings: [...e.bindings.values()] }));
}

/** Whether the namespace may grant every entry on the cluster of `scope`. */
function mayGrant(scope: TenancyScope, entries: readonly AccessEntry[], namespace: string): boolean {
  if (!scope.isAdmitted) return false;
  return entries.every((entry) => checkClaim(entry, scope.limits, namespace).violations.length === 0);
}

export function linkAccess(
  link: DesiredLink,
  needs: readonly LinkAccessNeed[],
  { source, namespace }: { source: SourceEnd; namespace: string },
): LinkAccess {
  const destination = link.destination.kafkaCluster;
  if (destination === undefined) throw new Error("a link's destination is a KafkaCluster");
  const migrationKeys = new Set<string>();
  const onCluster = (need: LinkAccessNeed, cluster: string): AccessEntry => {
    const bindings = withPrincipal(need.requirements, need.principal);
    if (need.purpose === "offsetMigration")
      for (const binding of bindings) migrationKeys.add(`${cluster}|${bindingKey(binding)}`);
    return { cluster, principal: need.principal, bindings };
  };
  const onDestination = merged(
    needs.filter((n) => n.side === "destination").map((n) => onCluster(n, destination)),
  );
  const sourceCluster = source.kind === "kafkaCluster" ? source.cluster : source.endpoint;
  const onSource = merged(needs.filter((n) => n.side === "source").map((n) => onCluster(n, sourceCluster)));
  const isSourceOwned = source.kind === "kafkaCluster" && mayGrant(source.scope, onSource, namespace);
  return {
    claims: [...onDestination, ...(isSourceOwned ? onSource : [])],
    checked: source.kind === "kafkaCluster" && !isSourceOwned ? onSource : [],
    unchecked: source.kind === "bootstrapServers" ? onSource : [],
    migrationKeys,
  };
}

/** What a checked end lacks, per principal, as Kafka's authorizer would judge it. */
export function missingOnCheckedEnds(
  checked: readonly AccessEntry[],
  observedOf: (cluster: string) => ObservedAclsView,
): AccessEntry[] {
  return checked.flatMap((entry) => {
    const missing = findMissingAccess(entry.bindings, observedOf(entry.cluster)).map((m) => m.required);
    return missing.length === 0 ? [] : [{ ...entry, bindings: missing }];
  });
}

/**
 * The bindings consumer offset migration needs that were gone from their cluster and that this
 * link had applied: while they were gone, MirrorMaker 2 (or the destination brokers) could not
 * migrate offsets. The plan puts them back.
 */
export function offsetMigrationDrift(
  plan: OwnedAclsPlan<string>,
  migrationKeys: ReadonlySet<string>,
): string[] {
  return plan.entries.flatMap((entry) =>
    entry.state !== "planned"
      ? []
      : entry.plan.actions.flatMap((action) =>
          action.type === "create" &&
          action.reason === "driftRepair" &&
          migrationKeys.has(`${entry.claim.cluster}|${bindingKey(action.binding)}`)
            ? [`${describeBinding(action.binding)} on ${entry.claim.cluster}`]
            : [],
        ),
  );
}

/** What applying (or, in a dry run, only reading) the link's ACLs found, for the conditions. */
export function aclsObservationOf(
  outcome: Pick<OwnedAclsOutcome, "applied" | "released" | "ledgers">,
  missing: readonly AccessEntry[],
  unchecked: readonly AccessEntry[],
): LinkAclsObservation {
  return {
    appliedCount: outcome.ledgers.reduce((sum, ledger) => sum + ledger.count, 0),
    failures: outcome.applied.flatMap((a) => a.failures),
    releaseFailures: outcome.released.flatMap((r) => r.failures),
    kept: [...outcome.applied.flatMap((a) => a.kept), ...outcome.released.flatMap((r) => r.kept)],
    missing: missing.flatMap((entry) =>
      entry.bindings.map((b) => `${describeBinding(b)} on ${entry.cluster}`),
    ),
    unchecked: unchecked.map((entry) => `${entry.principal} on ${entry.cluster}`),
  };
}
