// The pure core of a ClusterLink reconcile: from what was gathered, whether the link's ACLs can
// be applied (and whether offset migration had lost some of them), which backend calls bring
// the link to its spec, and, for a dry run, all of it in words. No I/O.
import {
  describeOwnedAclsPlan,
  type OwnedAclsInput,
  type OwnedAclsPlan,
  planOwnedAcls,
} from "../../access/plan-owned-acls.ts";
import type { LinkObservation, LinkRecord } from "../../ports/link-backend.ts";
import type { AclOwnershipReason } from "../shared/reasons.ts";
import { offsetMigrationDrift } from "./link-acls.ts";

/** Changes listed in a dry run's status.plan. */
export const LISTED_CHANGES = 100;

export type LinkAclDecision =
  /** A claim cannot be applied (the namespace's limits, an unusable cluster): nothing is. */
  | { readonly action: "refused"; readonly reason: AclOwnershipReason; readonly message: string }
  | {
      readonly action: "apply";
      readonly plan: OwnedAclsPlan<AclOwnershipReason>;
      /** Offset-migration bindings this link had applied that were gone, each in words. */
      readonly migrationDrift: readonly string[];
    };

export function planLinkAcls(
  gathered: OwnedAclsInput<AclOwnershipReason>,
  migrationKeys: ReadonlySet<string>,
): LinkAclDecision {
  const plan = planOwnedAcls(gathered);
  const blocked = plan.entries.flatMap((e) => (e.state === "blocked" ? [e] : []));
  if (blocked.length > 0) {
    const message = blocked.map((e) => `${e.claim.principal} on ${e.claim.cluster}: ${e.message}`).join("; ");
    return { action: "refused", reason: blocked[0]!.reason, message: `Nothing applied: ${message}` };
  }
  return { action: "apply", plan, migrationDrift: offsetMigrationDrift(plan, migrationKeys) };
}

/** A backend call that brings the link closer to its spec; "create" pauses new parts of a paused link itself. */
export type LinkStep = "create" | "update" | "pause" | "resume";

export function planLinkSteps(isPaused: boolean, observed: LinkObservation): LinkStep[] {
  if (!observed.exists) return ["create"];
  const steps: LinkStep[] = observed.isUpToDate ? [] : ["update"];
  if (isPaused && !observed.isPaused) steps.push("pause");
  if (!isPaused && observed.isPaused) steps.push("resume");
  return steps;
}

/**
 * What status.backendRecord holds once `steps` ran: after a create or update that succeeded,
 * the observation's record (what the backend then wrote); after one that stopped once its
 * record was covered, that record (`written`); otherwise, as nothing it covers was written,
 * the record before.
 */
export function backendRecordAfter(
  previous: LinkRecord | undefined,
  steps: readonly LinkStep[],
  applied: { readonly problem?: unknown; readonly written?: LinkRecord },
  observed: LinkObservation,
): LinkRecord | undefined {
  const wroteLink = steps.includes("create") || steps.includes("update");
  if (!wroteLink) return previous;
  if (applied.problem === undefined) return observed.record;
  return applied.written ?? previous;
}

/** A dry run's plan: the ACL changes and the link's, in words; `isEmpty` when applying would change nothing. */
export function describeLinkPlan(
  aclPlan: OwnedAclsPlan<string>,
  steps: readonly LinkStep[],
  observed: LinkObservation,
): { summary: string; changes: string[]; isEmpty: boolean } {
  const acls = describeOwnedAclsPlan(aclPlan, LISTED_CHANGES);
  const linkChanges = [
    ...(steps.includes("create") || steps.includes("update") ? observed.differences : []),
    ...(steps.includes("pause") ? ["pause the link"] : []),
    ...(steps.includes("resume") ? ["resume the link"] : []),
  ];
  const changes = [
    ...acls.create.map((binding) => `create ACL: ${binding}`),
    ...acls.delete.map((binding) => `delete ACL: ${binding}`),
    ...linkChanges,
  ];
  const linkSummary = steps.length === 0 ? "the link is as declared" : `link: ${steps.join(", ")}`;
  return {
    summary: `ACLs: ${acls.summary}; ${linkSummary}`,
    changes: changes.slice(0, LISTED_CHANGES),
    isEmpty: acls.isEmpty && steps.length === 0,
  };
}
