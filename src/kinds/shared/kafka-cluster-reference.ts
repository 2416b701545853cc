// What kinds that refer to a KafkaCluster read of it: its resource type, tenancy policy, cluster
// id and Ready condition. Kept here so that no kind imports another.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { AclTenancyPolicy } from "../../access/tenancy-check.ts";
import type { ResourceType } from "../../controller/resource.ts";
import { API_GROUP, API_VERSION, type Condition } from "./schema-parts.ts";

export const KAFKA_CLUSTER_RESOURCE: ResourceType = {
  group: API_GROUP,
  version: API_VERSION,
  kind: "KafkaCluster",
  plural: "kafkaclusters",
};

export type ReferencedKafkaCluster = KubernetesObject & {
  spec: { tenancy?: AclTenancyPolicy };
  status?: { clusterId?: string; conditions?: Condition[] };
};
