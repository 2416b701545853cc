// Drives the shared ACL ownership path over any AclStore the way a reconcile does: declare what
// an owner wants, observe the cluster, plan purely, execute. Used by the tests that show the
// ownership semantics hold on each ACL backend (Kafka on the real broker, MDS behind its
// contract validator).
import type { AclBinding } from "../../src/access/acl-binding.ts";
import { type AclClaim, type OwnedLedger, planOwnedAcls } from "../../src/access/plan-owned-acls.ts";
import type { NamespaceAclLimits } from "../../src/access/tenancy-check.ts";
import { AclOwnership } from "../../src/kinds/shared/acl-ownership.ts";
import type { AclStore } from "../../src/ports/acl-store.ts";

export interface OwnershipHarnessOptions {
  readonly cluster: string;
  /** Whether every owner counts as declared (deletions allowed), as after start-up. */
  readonly isLoaded?: boolean;
  /** Runs before each plan, e.g. to move a fake clock past the store's resync period. */
  readonly beforePlan?: () => void;
}

export function ownershipHarness(
  store: AclStore,
  { cluster, isLoaded = true, beforePlan }: OwnershipHarnessOptions,
) {
  const ownership = new AclOwnership(store);
  if (isLoaded) ownership.markLoaded();
  /** Declares and plans as a reconcile does, with the namespace's `limits` (none: the cluster's own). */
  const plan = async (
    ownerKey: string,
    claims: AclClaim[],
    ledgers: readonly OwnedLedger[] = [],
    limits?: NamespaceAclLimits,
  ) => {
    beforePlan?.();
    ownership.declare(
      cluster,
      ownerKey,
      claims.flatMap((c) => c.bindings),
    );
    const observed = await ownership.observe(cluster);
    return planOwnedAcls<string>({
      ownerKey,
      namespace: "kafka",
      claims,
      ledgers,
      clusters: new Map([[cluster, { isUsable: true, limits, observed, index: ownership.indexOf(cluster) }]]),
      now: new Date(),
    });
  };
  const claim = (principal: string, bindings: AclBinding[], rest: Partial<AclClaim> = {}): AclClaim => ({
    cluster,
    principal,
    bindings,
    ...rest,
  });
  /** Plans and executes one claim; the outcome of its entry, and the ledgers to keep. */
  const apply = async (
    ownerKey: string,
    c: AclClaim,
    ledgers: readonly OwnedLedger[] = [],
    limits?: NamespaceAclLimits,
  ) => {
    const outcome = await ownership.execute(await plan(ownerKey, [c], ledgers, limits));
    return { ...outcome.applied[0]!, ledgers: outcome.ledgers };
  };
  /** Plans and executes the release of everything `ledgers` name. */
  const release = async (ownerKey: string, ledgers: readonly OwnedLedger[]) =>
    ownership.execute(await plan(ownerKey, [], ledgers));
  return { ownership, plan, claim, apply, release };
}
