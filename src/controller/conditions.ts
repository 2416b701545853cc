// Status conditions as cert-manager and kstatus expect them: one setter that keeps
// lastTransitionTime unless the status flips, always records the generation it judged, and
// returns the same array when nothing changed, so callers can skip the status write.

export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

/** What a reconcile sets; `Reason` is the kind's closed set of reasons. */
export type ConditionUpdate<Reason extends string = string> = Omit<
  Condition,
  "lastTransitionTime" | "observedGeneration" | "reason"
> & { reason: Reason };

/**
 * The one way conditions are built: `condition<KafkaAclReason>("Ready", "False", "TenancyViolation", message)`.
 * Kinds pass their closed reason type, so a reason outside it does not compile.
 */
export function condition<Reason extends string>(
  type: string,
  status: Condition["status"],
  reason: Reason,
  message: string,
): ConditionUpdate<Reason> {
  return { type, status, reason, message };
}

export function setCondition(
  conditions: readonly Condition[] | undefined,
  update: ConditionUpdate,
  generation: number | undefined,
  now: () => Date = () => new Date(),
): Condition[] {
  const current = conditions ?? [];
  const existing = current.find((c) => c.type === update.type);
  if (
    existing &&
    existing.status === update.status &&
    existing.reason === update.reason &&
    existing.message === update.message &&
    existing.observedGeneration === generation
  ) {
    return current as Condition[];
  }
  const next: Condition = {
    ...update,
    ...(generation === undefined ? {} : { observedGeneration: generation }),
    lastTransitionTime:
      existing && existing.status === update.status
        ? existing.lastTransitionTime
        : now()
            .toISOString()
            .replace(/\.\d+Z$/, "Z"),
  };
  return existing ? current.map((c) => (c.type === update.type ? next : c)) : [...current, next];
}

export function findCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}
