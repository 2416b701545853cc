// "A changed X re-queues the objects that refer to it" as a manager dependency, for any kind
// of referenced resource (KafkaCluster, ConnectCluster).
import type { KubernetesObject } from "@kubernetes/client-node";
import type { InformerCache } from "../../controller/informer-cache.ts";
import { objectKey, type ResourceType } from "../../controller/resource.ts";
import type { ClusterRef } from "./schema-parts.ts";

/**
 * A dependency on `resource`: a changed object of it re-queues the objects of `cache` whose
 * reference (`refOf`, resolved from their own namespace when it names none) points at it.
 */
export function onReferencedChange<T extends KubernetesObject>(
  resource: ResourceType,
  cache: Pick<InformerCache<T>, "list">,
  refOf: (object: T) => ClusterRef | undefined,
) {
  return {
    resource,
    keysFor: (changed: KubernetesObject) => {
      const changedKey = objectKey(changed);
      return cache
        .list()
        .filter((object) => {
          const ref = refOf(object);
          return (
            ref !== undefined &&
            `${ref.namespace ?? object.metadata?.namespace ?? ""}/${ref.name}` === changedKey
          );
        })
        .map(objectKey);
    },
  };
}
