// The resources that own ACLs, as the offline commands see them in the API server: for every
// kind, what each resource applied (the ledgers in its status, read as the operator reads them,
// an earlier version's single ledger included) and what it wants now (the claims its reconciler
// makes). Ledgers are found by their shape and every kind is listed, so a kind that starts
// owning ACLs is covered without a change here; only its claims need a line in CLAIMS_FROM_SPEC.
import { ApiException, type KubernetesObject } from "@kubernetes/client-node";
import type { LedgerRecord } from "../access/binding-owners.ts";
import { readLedger } from "../access/ownership-ledger.ts";
import { type AclClaim, entryKey, type OwnedLedger } from "../access/plan-owned-acls.ts";
import type { KindDefinition } from "../crd/kind-definition.ts";
import { allKinds } from "../kinds/all-kinds.ts";
import { workerAclClaims } from "../kinds/connect-cluster/plan.ts";
import { connectClusterKind, connectClusterSpecSchema } from "../kinds/connect-cluster/schema.ts";
import { desiredBindings } from "../kinds/kafka-acl/desired-bindings.ts";
import { kafkaAclClaims } from "../kinds/kafka-acl/plan.ts";
import { kafkaAclKind, kafkaAclSpecSchema } from "../kinds/kafka-acl/schema.ts";
import { ownedLedgersOf } from "../kinds/shared/owned-acls.ts";
import { legacyAclLedgerSchema } from "../kinds/shared/schema-parts.ts";
import type { KubeReader } from "./kube-reader.ts";

export type OwnerObject = KubernetesObject & { spec?: unknown; status?: Record<string, unknown> };

/** A resource that owns ACLs, or may. */
export interface AclOwner {
  readonly kind: string;
  /** "Kind namespace/name": how output names it, and its key among owners. */
  readonly name: string;
  readonly namespace: string;
  readonly object: OwnerObject;
  /** What it applied, one ledger per (cluster, principal). */
  readonly ledgers: readonly OwnedLedger[];
  /** What it wants now, as its reconciler claims it. */
  readonly claims: readonly AclClaim[];
  /**
   * Its kind's claims depend on another server (a connector's topics in Connect, a link's
   * state), so `claims` are what its ledgers hold: what it keeps alive until it lets go.
   */
  readonly isClaimedFromLedgers: boolean;
}

/**
 * What a resource of each kind wants, by the pure function its reconciler claims with at start
 * and on every reconcile; none for a spec it cannot read.
 */
const CLAIMS_FROM_SPEC: Readonly<Record<string, (object: OwnerObject, namespace: string) => AclClaim[]>> = {
  [kafkaAclKind.kind]: (object, namespace) => {
    const spec = kafkaAclSpecSchema.safeParse(object.spec);
    const pending = object.status?.pendingRemovals as Parameters<typeof kafkaAclClaims>[3];
    return spec.success ? kafkaAclClaims(spec.data, desiredBindings(spec.data), namespace, pending) : [];
  },
  [connectClusterKind.kind]: (object, namespace) => {
    const spec = connectClusterSpecSchema.safeParse(object.spec);
    return spec.success ? workerAclClaims(spec.data, namespace) : [];
  },
};

/** The ledgers in `status`: `aclLedgers`, or an earlier version's single ledger, whatever its field. */
function ledgersIn(status: OwnerObject["status"]): OwnedLedger[] {
  const legacyField = Object.entries(status ?? {}).find(
    ([field, value]) => field !== "aclLedgers" && legacyAclLedgerSchema.safeParse(value).success,
  )?.[0];
  return ownedLedgersOf(status, legacyField);
}

/** `object` of `kind` as an owner. */
export function aclOwnerOf(kind: string, object: OwnerObject): AclOwner {
  const namespace = object.metadata?.namespace ?? "";
  const ledgers = ledgersIn(object.status);
  const fromSpec = CLAIMS_FROM_SPEC[kind];
  return {
    kind,
    name: `${kind} ${namespace}/${object.metadata?.name ?? ""}`,
    namespace,
    object,
    ledgers,
    claims: fromSpec
      ? fromSpec(object, namespace)
      : ledgers.map((ledger) => ({
          cluster: ledger.cluster,
          principal: ledger.principal,
          bindings: readLedger(ledger, []).applied,
        })),
    isClaimedFromLedgers: fromSpec === undefined,
  };
}

export interface AclOwnersReading {
  /** Every resource that holds a ledger or claims ACLs. */
  readonly owners: AclOwner[];
  /** Kinds the kubeconfig may not list (or the API server does not serve): their ownership is unknown. */
  readonly unlistedKinds: string[];
}

/** Every owner of every kind (all by default), in all namespaces. */
export async function readAclOwners(
  kube: KubeReader,
  kinds: readonly KindDefinition[] = allKinds,
): Promise<AclOwnersReading> {
  const owners: AclOwner[] = [];
  const unlistedKinds: string[] = [];
  for (const kind of kinds) {
    let objects: OwnerObject[];
    try {
      objects = await kube.list<OwnerObject>(kind);
    } catch (err) {
      if (err instanceof ApiException && (err.code === 403 || err.code === 404)) {
        unlistedKinds.push(kind.kind);
        continue;
      }
      throw err;
    }
    for (const object of objects) {
      const owner = aclOwnerOf(kind.kind, object);
      if (owner.ledgers.length > 0 || owner.claims.length > 0) owners.push(owner);
    }
  }
  return { owners, unlistedKinds };
}

/**
 * Each ledger of `owners` as binding-owners.ts reads it, with the bindings the owner claims for
 * the same (cluster, principal), which fill in a ledger whose list was cut short.
 */
export function ledgerRecordsOf(owners: readonly AclOwner[]): LedgerRecord[] {
  return owners.flatMap((owner) => {
    const claimed = new Map(owner.claims.map((claim) => [entryKey(claim), claim.bindings]));
    return owner.ledgers.map((ledger) => {
      const desired = claimed.get(entryKey(ledger));
      return { owner: owner.name, ledger, ...(desired ? { desired } : {}) };
    });
  });
}
