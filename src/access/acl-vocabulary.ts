// The words of Kafka's ACL model the operator speaks: resource types, pattern types,
// operations and permissions, in the casing resources use. Mapping to kafkajs or REST
// numbers and names belongs to the adapters.

export const RESOURCE_TYPES = ["topic", "group", "cluster", "transactionalId", "delegationToken"] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const PATTERN_TYPES = ["literal", "prefixed"] as const;
export type PatternType = (typeof PATTERN_TYPES)[number];

export const OPERATIONS = [
  "All",
  "Read",
  "Write",
  "Create",
  "Delete",
  "Alter",
  "Describe",
  "ClusterAction",
  "DescribeConfigs",
  "AlterConfigs",
  "IdempotentWrite",
  "CreateTokens",
  "DescribeTokens",
] as const;
export type Operation = (typeof OPERATIONS)[number];

export const PERMISSIONS = ["allow", "deny"] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Operations Kafka accepts on each resource type (Kafka 4.3's AclEntry.supportedOperations,
 * plus All); kafka-acls refuses any other. CreateTokens and DescribeTokens belong to USER
 * resources, and TwoPhaseCommit (transactional ids, Kafka 4) is not modeled: ACLs with them
 * are read back as foreign.
 */
export const OPERATIONS_BY_RESOURCE_TYPE: Readonly<Record<ResourceType, readonly Operation[]>> = {
  topic: ["All", "Read", "Write", "Create", "Delete", "Alter", "Describe", "DescribeConfigs", "AlterConfigs"],
  group: ["All", "Read", "Delete", "Describe", "DescribeConfigs", "AlterConfigs"],
  cluster: [
    "All",
    "Create",
    "Alter",
    "Describe",
    "ClusterAction",
    "DescribeConfigs",
    "AlterConfigs",
    "IdempotentWrite",
  ],
  transactionalId: ["All", "Write", "Describe"],
  delegationToken: ["All", "Describe"],
};

/** The only name Kafka gives the cluster resource. */
export const CLUSTER_RESOURCE_NAME = "kafka-cluster";
