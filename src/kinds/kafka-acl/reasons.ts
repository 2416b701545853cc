// Condition reasons of KafkaAcl: when each applies and what the user should do. The README's
// KafkaAcl reason table lists exactly these (a unit test checks it).
import { ACL_OWNERSHIP_REASONS } from "../shared/reasons.ts";

export const KAFKA_ACL_REASONS = [
  /** Every binding is on the cluster. */
  "AclsApplied",
  /** dryRun (or --dry-run): status.plan lists what would change, nothing was; Ready only when nothing would. */
  "DryRunPlanned",
  /** The spec cannot be read (the API server's validation was bypassed); fix it. Reported once, not retried. */
  "InvalidSpec",
  /** Kafka refused some bindings; the message and status.failures name each with Kafka's error. Retried. */
  "AclsFailed",
  /** exclusive: every ACL of the principal is declared by some resource. */
  "OnlyDeclaredAcls",
  /** exclusive: unknown ACLs of the principal are reported and will be removed (status.pendingRemovals). */
  "UnknownAclsPending",
  /** exclusive: the principal has ACLs the operator cannot model; they are never removed (status.unmodeled). */
  "UnmodeledAcls",
  /**
   * exclusive: another resource asking for exclusive mode for the same principal on the same
   * cluster was created earlier and holds it (named); this one applies its bindings and removes
   * nothing as exclusive. Delete one of them, or drop exclusive here.
   */
  "ExclusiveHeldElsewhere",
  ...ACL_OWNERSHIP_REASONS,
] as const;
export type KafkaAclReason = (typeof KAFKA_ACL_REASONS)[number];
