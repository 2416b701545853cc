// What the CLI's offline commands read from the API server: objects and Secrets, through a
// kubeconfig. It has no method that writes, so `plan`, `explain` and `import-acls` cannot
// change the cluster they look at. An API server shedding load answers 429 and says when to
// come back: each read waits and tries again a few times, as client-go does.

import { setTimeout as sleep } from "node:timers/promises";
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  type V1Secret,
} from "@kubernetes/client-node";
import { apiVersionOf, type ResourceType } from "../controller/resource.ts";

export interface KubeReader {
  /** The object, or undefined when it does not exist. */
  get<T extends KubernetesObject>(
    resource: ResourceType,
    namespace: string,
    name: string,
  ): Promise<T | undefined>;
  /** Every object of the type, in one namespace or (undefined) all of them. */
  list<T extends KubernetesObject>(resource: ResourceType, namespace?: string): Promise<T[]>;
  /** A Secret, or undefined when it does not exist. */
  secret(namespace: string, name: string): Promise<V1Secret | undefined>;
  /** The namespace the kubeconfig's context names, "default" when none. */
  readonly defaultNamespace: string;
}

/** A reader over the kubeconfig at `path`, or the default one (KUBECONFIG, ~/.kube/config). */
export function createKubeReader(path: string | undefined): KubeReader {
  const kubeConfig = new KubeConfig();
  if (path) kubeConfig.loadFromFile(path);
  else kubeConfig.loadFromDefault();
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const context = kubeConfig.getContextObject(kubeConfig.getCurrentContext());
  return {
    defaultNamespace: context?.namespace ?? "default",
    async get<T extends KubernetesObject>(resource: ResourceType, namespace: string, name: string) {
      return orUndefinedWhenAbsent(() =>
        objects.read<T>({
          apiVersion: apiVersionOf(resource),
          kind: resource.kind,
          metadata: { namespace, name },
        }),
      );
    },
    async list<T extends KubernetesObject>(resource: ResourceType, namespace?: string) {
      const listed = await retryingThrottled(() =>
        objects.list<T>(apiVersionOf(resource), resource.kind, namespace),
      );
      return listed.items;
    },
    secret: (namespace, name) => orUndefinedWhenAbsent(() => core.readNamespacedSecret({ namespace, name })),
  };
}

async function orUndefinedWhenAbsent<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await retryingThrottled(read);
  } catch (err) {
    if (err instanceof ApiException && err.code === 404) return undefined;
    throw err;
  }
}

const THROTTLED_ATTEMPTS = 5;

/** `read`, tried again after the server's Retry-After (1 s when absent, 10 s at most) while it answers 429. */
async function retryingThrottled<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof ApiException) || err.code !== 429 || attempt === THROTTLED_ATTEMPTS) throw err;
      const seconds = Number(err.headers?.["retry-after"]);
      await sleep(1000 * (seconds > 0 ? Math.min(seconds, 10) : 1));
    }
  }
}
