// The kinds whose steady state the bench measures beside KafkaAcl's: each is a few lines saying
// which resource it is and which objects to create, in the operator's namespace, before the
// operator starts. The bench waits until they are Ready, then counts over the resync rounds
// that every one of them is left alone: no write to Kafka, Connect or the API server.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { StackInfo } from "../local-stack/stack.ts";
import type { ResourceType } from "../src/controller/resource.ts";
import { CONNECT_CLUSTER_RESOURCE } from "../src/kinds/connect-cluster/reconciler.ts";
import { KAFKA_CLUSTER_RESOURCE } from "../src/kinds/shared/kafka-cluster-reference.ts";

export interface SteadyStateKind {
  readonly resource: ResourceType;
  /**
   * The objects to create in `namespace`, where a KafkaCluster "destination" (the stack's
   * destination cluster, the operator's admin over SCRAM) and its Secret "admin" exist.
   */
  objects(stack: StackInfo, namespace: string): KubernetesObject[];
}

const object = (resource: ResourceType, name: string, spec: object): KubernetesObject =>
  ({
    apiVersion: `${resource.group}/${resource.version}`,
    kind: resource.kind,
    metadata: { name },
    spec,
  }) as KubernetesObject;

export const STEADY_STATE_KINDS: readonly SteadyStateKind[] = [
  // The KafkaCluster every other kind uses; created by the bench itself.
  { resource: KAFKA_CLUSTER_RESOURCE, objects: () => [] },
  {
    // Workers of the stack's Connect cluster, each managing its own worker ACLs.
    resource: CONNECT_CLUSTER_RESOURCE,
    objects: (stack, namespace) =>
      Array.from({ length: 5 }, (_, i) =>
        object(CONNECT_CLUSTER_RESOURCE, `connect-${i}`, {
          restUrl: stack.connect.restUrl,
          kafkaClusterRef: { name: "destination" },
          workerPrincipal: `User:${namespace}-worker-${i}`,
          groupId: `${namespace}-group-${i}`,
          configTopic: `${namespace}-configs-${i}`,
          offsetTopic: `${namespace}-offsets-${i}`,
          statusTopic: `${namespace}-status-${i}`,
          manageWorkerAcls: true,
        }),
      ),
  },
];
