// The writes a controller makes to the API server (status, finalizers, Events), counted in the
// external-calls metric under system "kubernetes", so a steady state can be shown to write
// nothing there. Only writes that happened count: a status equal to the cached
// one, or a finalizer already as wanted, is no write.
import type { OperatorMetrics } from "../observability/metrics.ts";
import type { EventRecorder } from "./event-recorder.ts";
import type { ObjectWriter } from "./object-writer.ts";

const SYSTEM = "kubernetes";

export function countedWriter(
  writer: ObjectWriter,
  metrics: Pick<OperatorMetrics, "externalCalls">,
): ObjectWriter {
  const counted =
    (operation: string) =>
    async (write: () => Promise<boolean>): Promise<boolean> => {
      try {
        const isWritten = await write();
        if (isWritten) metrics.externalCalls.inc({ system: SYSTEM, operation, result: "ok" });
        return isWritten;
      } catch (err) {
        metrics.externalCalls.inc({ system: SYSTEM, operation, result: "error" });
        throw err;
      }
    };
  return {
    writeStatus: (object, status) => counted("WriteStatus")(() => writer.writeStatus(object, status)),
    setFinalizer: (object, finalizer, isWanted) =>
      counted("SetFinalizer")(() => writer.setFinalizer(object, finalizer, isWanted)),
  };
}

/** Counts every Event recorded (a repeated one is a patch of its count: a write too). */
export function countedEvents(
  events: EventRecorder,
  metrics: Pick<OperatorMetrics, "externalCalls">,
): EventRecorder {
  return {
    record(object, type, reason, message) {
      metrics.externalCalls.inc({ system: SYSTEM, operation: "RecordEvent", result: "ok" });
      events.record(object, type, reason, message);
    },
    flush: () => events.flush(),
  };
}
