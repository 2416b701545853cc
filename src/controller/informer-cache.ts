// A watched, in-memory copy of one resource type: @kubernetes/client-node's ListWatch (list,
// then watch from the list's resourceVersion, re-list on 410 Gone), restarted with backoff when
// the watch fails for any other reason (an API server restart), so no change is lost for long.
//
// ListWatch's own store is the cache: each object is held once, as it came off the wire minus
// what the operator never reads, removed before ListWatch stores it (client-go's transform):
// `metadata.managedFields` (server-side apply bookkeeping, often the larger part of a small
// object, as controller-runtime's TransformStripManagedFields removes it) and kubectl's
// last-applied-configuration annotation (a second copy of the whole object as JSON text, on
// everything applied with client-side `kubectl apply` or a GitOps tool that works like it). With `metadataOnly` the API server sends only each
// object's metadata (PartialObjectMetadata, as client-go's metadata informers ask for): enough
// to know that an object exists and changed, without holding what it contains.
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
  /** Hold only each object's metadata (PartialObjectMetadata), never its content. */
  metadataOnly?: boolean;
}

/**
 * What a list and a watch that want only metadata accept: a list as a PartialObjectMetadataList,
 * each watch event as a PartialObjectMetadata (a watch offered the list type ends at once).
 */
const METADATA_ONLY_ACCEPT = {
  list: "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json",
  watch: "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json",
};

/** The same KubeConfig (and its request counting), asking every request for metadata only. */
function askingForMetadataOnly(kubeConfig: KubeConfig): KubeConfig {
  const metadataOnly = Object.create(kubeConfig) as KubeConfig;
  metadataOnly.applySecurityAuthentication = async (context) => {
    await kubeConfig.applySecurityAuthentication(context);
    const isWatch = new URL(context.getUrl()).searchParams.get("watch") === "true";
    context.setHeaderParam("Accept", isWatch ? METADATA_ONLY_ACCEPT.watch : METADATA_ONLY_ACCEPT.list);
  };
  return metadataOnly;
}

const MAX_RESTART_DELAY_MS = 30_000;

/**
 * Starts list+watch and resolves once the first list is in the store, however long the API
 * server takes to answer it (a failed list is retried): callers never act on a cache that is
 * empty only because nothing was listed yet. The cache stays usable while a watch restarts; it
 * catches up by resuming the watch, or by a re-list that reports what changed meanwhile.
 */
export async function startInformer<T extends KubernetesObject>(
  givenKubeConfig: KubeConfig,
  resource: ResourceType,
  options: InformerOptions,
): Promise<InformerCache<T>> {
  const kubeConfig = options.metadataOnly ? askingForMetadataOnly(givenKubeConfig) : givenKubeConfig;
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
    // An empty metadata-only list comes with `items: null`, which ListWatch cannot read.
    listed.items ??= [];
    for (const object of listed.items) withoutUnreadFields(object);
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

/** The Watch ListWatch uses, handing it every object without what the operator never reads. */
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
        callback(phase, withoutUnreadFields(object), watchObj);
      },
      done,
    );
  }
}

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

function withoutUnreadFields<T extends KubernetesObject>(object: T): T {
  const metadata = object.metadata;
  if (!metadata) return object;
  delete metadata.managedFields;
  if (metadata.annotations?.[LAST_APPLIED] !== undefined) {
    delete metadata.annotations[LAST_APPLIED];
    if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  }
  return object;
}
