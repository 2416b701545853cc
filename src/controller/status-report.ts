// The end of every reconcile: fold the kind's condition updates into the object's conditions,
// write the status only if it changed, and when Ready changed, say so in an Event (Warning when
// it is not True) and the log. Kinds build their status fields; this writes them.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { type Condition, type ConditionUpdate, findCondition, setCondition } from "./conditions.ts";
import type { EventRecorder } from "./event-recorder.ts";
import type { ObjectWriter } from "./object-writer.ts";

type WithConditions = KubernetesObject & { status?: { conditions?: Condition[] } };

export async function reportStatus<S extends { conditions?: Condition[]; observedGeneration?: number }>(
  { writer, events, logger }: { writer: ObjectWriter; events: EventRecorder; logger: Logger },
  object: WithConditions,
  updates: readonly ConditionUpdate[],
  fields: Omit<S, "conditions" | "observedGeneration">,
): Promise<void> {
  const generation = object.metadata?.generation;
  let conditions: Condition[] = object.status?.conditions ?? [];
  for (const update of updates) conditions = setCondition(conditions, update, generation);
  const status = { ...object.status, ...fields, observedGeneration: generation, conditions };
  if (!(await writer.writeStatus(object, status))) return;
  const before = findCondition(object.status?.conditions, "Ready");
  const after = findCondition(conditions, "Ready");
  if (after && (before?.status !== after.status || before?.reason !== after.reason)) {
    events.record(object, after.status === "True" ? "Normal" : "Warning", after.reason, after.message);
    logger.info({ ready: after.status, reason: after.reason }, "status changed");
  }
}
