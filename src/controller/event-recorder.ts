// Kubernetes Events for the changes a controller makes. The same event for the same object
// within the dedupe window bumps a count instead of piling up new Events. Recording never fails
// a reconcile: an Event that cannot be written is logged and dropped.
import {
  CoreV1Api,
  type CoreV1Event,
  type KubeConfig,
  type KubernetesObject,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import type { Logger } from "pino";

export type EventType = "Normal" | "Warning";

export interface EventRecorder {
  record(object: KubernetesObject, type: EventType, reason: string, message: string): void;
  /** Resolves once every pending Event write has finished. */
  flush(): Promise<void>;
}

export function createEventRecorder(
  kubeConfig: KubeConfig,
  {
    component,
    logger,
    dedupeWindowMs = 10 * 60_000,
    maxConcurrentWrites = 4,
    maxQueued = 1000,
    onPending,
  }: {
    component: string;
    logger: Logger;
    dedupeWindowMs?: number;
    /** Event writes in flight at once. */
    maxConcurrentWrites?: number;
    /** Events waiting beyond this drop the oldest. */
    maxQueued?: number;
    /** Told how many Events wait or are being written, whenever that changes (a gauge). */
    onPending?: (count: number) => void;
  },
): EventRecorder {
  const api = kubeConfig.makeApiClient(CoreV1Api);
  const recent = new Map<string, { name: string; namespace: string; count: number; at: number }>();

  const write = async (object: KubernetesObject, type: EventType, reason: string, message: string) => {
    const namespace = object.metadata?.namespace ?? "default";
    const key = `${object.metadata?.uid}|${type}|${reason}|${message}`;
    const now = Date.now();
    const seen = recent.get(key);
    const timestamp = new Date(now);
    if (seen && now - seen.at < dedupeWindowMs) {
      seen.count += 1;
      seen.at = now;
      await api.patchNamespacedEvent(
        {
          name: seen.name,
          namespace,
          body: [
            { op: "replace", path: "/count", value: seen.count },
            { op: "replace", path: "/lastTimestamp", value: timestamp.toISOString() },
          ],
        },
        setHeaderOptions("Content-Type", PatchStrategy.JsonPatch),
      );
      return;
    }
    const event: CoreV1Event = {
      metadata: { generateName: `${object.metadata?.name ?? "object"}.`, namespace },
      involvedObject: {
        apiVersion: object.apiVersion,
        kind: object.kind,
        name: object.metadata?.name,
        namespace,
        uid: object.metadata?.uid,
        resourceVersion: object.metadata?.resourceVersion,
      },
      type,
      reason,
      message: message.slice(0, 1024),
      count: 1,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      source: { component },
      reportingComponent: component,
    };
    const created = await api.createNamespacedEvent({ namespace, body: event });
    recent.set(key, { name: created.metadata?.name ?? "", namespace, count: 1, at: now });
    if (recent.size > 10_000) for (const [k, v] of recent) if (now - v.at >= dedupeWindowMs) recent.delete(k);
  };

  // Events wait in a bounded queue and go out a few at a time, so a burst (thousands of
  // resources turning Ready after a start) never crowds out the status writes that matter
  // more; past the bound the oldest are dropped, as client-go's broadcaster does.
  const queue: Array<() => Promise<void>> = [];
  let inFlight = 0;
  let dropped = 0;
  const reportPending = () => onPending?.(queue.length + inFlight);
  const pump = () => {
    while (inFlight < maxConcurrentWrites && queue.length > 0) {
      const next = queue.shift() as () => Promise<void>;
      inFlight += 1;
      void next().finally(() => {
        inFlight -= 1;
        pump();
        reportPending();
        settleIfIdle();
      });
    }
  };
  let drained: Array<() => void> = [];
  const settleIfIdle = () => {
    if (queue.length > 0 || inFlight > 0) return;
    for (const resolve of drained) resolve();
    drained = [];
  };

  return {
    record(object, type, reason, message) {
      if (queue.length >= maxQueued) {
        queue.shift();
        dropped += 1;
        if (dropped % 100 === 1) logger.warn({ dropped }, "too many events queued; dropping the oldest");
      }
      queue.push(() =>
        write(object, type, reason, message).catch((err) =>
          logger.warn({ err, reason }, "cannot record event"),
        ),
      );
      pump();
      reportPending();
    },
    async flush() {
      if (queue.length === 0 && inFlight === 0) return;
      await new Promise<void>((resolve) => drained.push(resolve));
    },
  };
}
