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

export type ConditionUpdate = Omit<Condition, "lastTransitionTime" | "observedGeneration">;

/** A condition update in one call: `condition("Ready", "False", "TenancyViolation", message)`. */
export function condition<Reason extends string>(
  type: string,
  status: Condition["status"],
  reason: Reason,
  message: string,
): ConditionUpdate {
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
