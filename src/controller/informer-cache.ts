// A watched, in-memory copy of one resource type: list+watch through @kubernetes/client-node's
// ListWatch (resourceVersion resume, re-list on 410 Gone), restarted with backoff when the
// watch fails for any other reason (an API server restart), so no event is lost for long: the
// re-list after a restart replays every change as add/update/delete.
import {
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  makeInformer,
} from "@kubernetes/client-node";
import type { Logger } from "pino";
import { apiVersionOf, collectionPath, objectKey, type ResourceType } from "./resource.ts";

export type CacheEvent = "add" | "update" | "delete";

export interface InformerCache<T extends KubernetesObject = KubernetesObject> {
  readonly resource: ResourceType;
  get(namespace: string, name: string): T | undefined;
  list(): T[];
  hasSynced(): boolean;
  stop(): Promise<void>;
}

export interface InformerOptions {
  /** Watch one namespace; all namespaces when absent. */
  namespace?: string;
  labelSelector?: string;
  logger: Logger;
  onEvent(event: CacheEvent, object: KubernetesObject): void;
  /** Delay before restarting a failed watch; doubles up to 30 s. */
  restartDelayMs?: number;
}

export async function startInformer<T extends KubernetesObject>(
  kubeConfig: KubeConfig,
  resource: ResourceType,
  options: InformerOptions,
): Promise<InformerCache<T>> {
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  const list = () =>
    api.list<T>(
      apiVersionOf(resource),
      resource.kind,
      options.namespace,
      undefined,
      undefined,
      undefined,
      undefined,
      options.labelSelector,
    );
  const informer = makeInformer<T>(
    kubeConfig,
    collectionPath(resource, options.namespace),
    list,
    options.labelSelector,
  );
  const objects = new Map<string, T>();
  let isSynced = false;
  let isStopped = false;
  let restartDelayMs = options.restartDelayMs ?? 500;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;

  informer.on("add", (o) => {
    objects.set(objectKey(o), o);
    options.onEvent("add", o);
  });
  informer.on("update", (o) => {
    objects.set(objectKey(o), o);
    restartDelayMs = options.restartDelayMs ?? 500;
    options.onEvent("update", o);
  });
  informer.on("delete", (o) => {
    objects.delete(objectKey(o));
    options.onEvent("delete", o);
  });
  informer.on("error", (err) => {
    if (isStopped) return;
    options.logger.warn({ err, kind: resource.kind, retryInMs: restartDelayMs }, "watch failed; restarting");
    restartTimer = setTimeout(() => {
      informer.start().catch(() => undefined);
    }, restartDelayMs);
    restartDelayMs = Math.min(restartDelayMs * 2, 30_000);
  });

  await informer.start();
  // start() also returns when its first list failed (the error handler restarts it). Callers
  // must not act on an empty cache that is only empty because the list never happened, so this
  // waits, for as long as the API server takes to answer.
  const listWatch = informer as unknown as { latestResourceVersion(): string };
  while (listWatch.latestResourceVersion() === "") {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  isSynced = true;
  return {
    resource,
    get: (namespace, name) => objects.get(`${namespace}/${name}`),
    list: () => [...objects.values()],
    hasSynced: () => isSynced,
    async stop() {
      isStopped = true;
      clearTimeout(restartTimer);
      await informer.stop();
    },
  };
}
