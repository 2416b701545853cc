// A watched, in-memory copy of one resource type: @kubernetes/client-node's ListWatch (list,
// then watch from the list's resourceVersion, re-list on 410 Gone), restarted with backoff when
// the watch fails for any other reason (an API server restart), so no change is lost for long.
//
// ListWatch's own store is the cache: each object is held once, as it came off the wire minus
// `metadata.managedFields` (server-side apply bookkeeping the operator never reads, often the
// larger part of a small object), removed before ListWatch stores it, as controller-runtime's
// TransformStripManagedFields does.
import {
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  ListWatch,
  Watch,
} from "@kubernetes/client-node";
import type { Logger } from "pino";
import { apiVersionOf, collectionPath, type ResourceType } from "./resource.ts";

export type CacheEvent = "add" | "update" | "delete";

/** The objects of one resource type, as reconcilers read them. */
export interface CachedObjects<T extends KubernetesObject = KubernetesObject> {
  get(namespace: string, name: string): T | undefined;
  list(): readonly T[];
}

export interface InformerCache<T extends KubernetesObject = KubernetesObject> extends CachedObjects<T> {
  stop(): Promise<void>;
}

export interface InformerOptions {
  /** Watch one namespace; all namespaces when absent. */
  namespace?: string;
  labelSelector?: string;
  logger: Logger;
  /** Called after the store holds the change; `object` is the stored one. */
  onEvent(event: CacheEvent, object: KubernetesObject): void;
  /** Delay before restarting a failed list or watch; doubles up to 30 s, reset by progress. */
  restartDelayMs?: number;
}

const MAX_RESTART_DELAY_MS = 30_000;

/**
 * Starts list+watch and resolves once the first list is in the store, however long the API
 * server takes to answer it (a failed list is retried): callers never act on a cache that is
 * empty only because nothing was listed yet. The cache stays usable while a watch restarts; it
 * catches up by resuming the watch, or by a re-list that reports what changed meanwhile.
 */
export async function startInformer<T extends KubernetesObject>(
  kubeConfig: KubeConfig,
  resource: ResourceType,
  options: InformerOptions,
): Promise<InformerCache<T>> {
  const initialDelayMs = options.restartDelayMs ?? 500;
  let restartDelayMs = initialDelayMs;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  let isStopped = false;
  const progressed = () => {
    restartDelayMs = initialDelayMs;
  };

  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  const list = async () => {
    const listed = await api.list<T>(
      apiVersionOf(resource),
      resource.kind,
      options.namespace,
      undefined,
      undefined,
      undefined,
      undefined,
      options.labelSelector,
    );
    for (const object of listed.items) stripManagedFields(object);
    progressed();
    return listed;
  };
  let markListStored!: () => void;
  const firstListStored = new Promise<void>((resolve) => {
    markListStored = resolve;
  });
  const watch = new StrippingWatch(kubeConfig, {
    // ListWatch opens a watch only once the list it resumes from is stored.
    onOpen: () => markListStored(),
    onObject: progressed,
  });
  const store = new ListWatch<T>(
    collectionPath(resource, options.namespace),
    watch,
    list,
    false,
    options.labelSelector,
  );

  store.on("add", (o) => options.onEvent("add", o));
  store.on("update", (o) => options.onEvent("update", o));
  store.on("delete", (o) => options.onEvent("delete", o));
  const restart = (err: unknown) => {
    if (isStopped) return;
    options.logger.warn({ err, kind: resource.kind, retryInMs: restartDelayMs }, "watch failed; restarting");
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      store.start().catch(restart);
    }, restartDelayMs);
    restartDelayMs = Math.min(restartDelayMs * 2, MAX_RESTART_DELAY_MS);
  };
  store.on("error", restart);

  store.start().catch(restart);
  await firstListStored;
  return {
    get: (namespace, name) => store.get(name, namespace),
    list: () => store.list(),
    async stop() {
      isStopped = true;
      clearTimeout(restartTimer);
      await store.stop();
    },
  };
}

/** The Watch ListWatch uses, handing it every object without managedFields. */
class StrippingWatch extends Watch {
  readonly #hooks: { onOpen(): void; onObject(): void };

  constructor(kubeConfig: KubeConfig, hooks: { onOpen(): void; onObject(): void }) {
    super(kubeConfig);
    this.#hooks = hooks;
  }

  override watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: KubernetesObject, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    this.#hooks.onOpen();
    return super.watch(
      path,
      queryParams,
      (phase, object: KubernetesObject, watchObj) => {
        this.#hooks.onObject();
        callback(phase, stripManagedFields(object), watchObj);
      },
      done,
    );
  }
}

function stripManagedFields<T extends KubernetesObject>(object: T): T {
  if (object.metadata) delete object.metadata.managedFields;
  return object;
}
