// Identifies a Kubernetes resource type, and the object keys the controller works with.
import type { KubernetesObject } from "@kubernetes/client-node";

export interface ResourceType {
  /** "" for the core group. */
  group: string;
  version: string;
  kind: string;
  plural: string;
}

export function apiVersionOf(resource: Pick<ResourceType, "group" | "version">): string {
  return resource.group === "" ? resource.version : `${resource.group}/${resource.version}`;
}

/** URL path of the resource collection, in one namespace or across all. */
export function collectionPath(resource: ResourceType, namespace?: string): string {
  const base =
    resource.group === "" ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  return namespace ? `${base}/namespaces/${namespace}/${resource.plural}` : `${base}/${resource.plural}`;
}

/** "namespace/name", the key the queue and caches use. */
export function objectKey(object: Pick<KubernetesObject, "metadata">): string {
  return `${object.metadata?.namespace ?? ""}/${object.metadata?.name ?? ""}`;
}

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf("/");
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
