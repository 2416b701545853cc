// What a ConnectorPrincipal claims of the shared ACL ownership (kinds/shared/owned-acls.ts):
// its principal's bindings on the KafkaCluster its connector's workers run on. The bindings
// depend on the connector's config, which only Connect knows; at start-up, before Connect is
// asked, a resource wants what its status ledgers say it applied last.
import { parseBindingKey } from "../../access/acl-binding.ts";
import type { AclClaim, OwnedLedger } from "../../access/plan-owned-acls.ts";
import type { ConnectorPrincipalPlan } from "./plan.ts";

/** The claim of a ready plan, on the KafkaCluster `kafkaCluster` ("namespace/name"). */
export function principalClaims(
  kafkaCluster: string,
  plan: Extract<ConnectorPrincipalPlan, { state: "ready" }>,
): AclClaim[] {
  return [{ cluster: kafkaCluster, principal: plan.principal, bindings: plan.bindings }];
}

/** The claims the ledgers stand for: each one's bindings it names (a ledger names at most 256). */
export function claimsFromLedgers(ledgers: readonly OwnedLedger[]): AclClaim[] {
  return ledgers.map((ledger) => ({
    cluster: ledger.cluster,
    principal: ledger.principal,
    bindings: ledger.bindings.flatMap((key) => parseBindingKey(key) ?? []),
  }));
}
