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
  }: { component: string; logger: Logger; dedupeWindowMs?: number },
): EventRecorder {
  const api = kubeConfig.makeApiClient(CoreV1Api);
  const recent = new Map<string, { name: string; namespace: string; count: number; at: number }>();
  const pending = new Set<Promise<void>>();

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

  return {
    record(object, type, reason, message) {
      const done = write(object, type, reason, message)
        .catch((err) => logger.warn({ err, reason }, "cannot record event"))
        .finally(() => pending.delete(done));
      pending.add(done);
    },
    async flush() {
      await Promise.all([...pending]);
    },
  };
}
