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
 * Operations Kafka's authorizer checks on each resource type (Kafka's "Operations and
 * Resources on Protocols" table); anything else can be bound but never grants anything.
 */
export const OPERATIONS_BY_RESOURCE_TYPE: Readonly<Record<ResourceType, readonly Operation[]>> = {
  topic: ["All", "Read", "Write", "Create", "Delete", "Alter", "Describe", "DescribeConfigs", "AlterConfigs"],
  group: ["All", "Read", "Delete", "Describe"],
  cluster: [
    "All",
    "Create",
    "Alter",
    "Describe",
    "ClusterAction",
    "DescribeConfigs",
    "AlterConfigs",
    "IdempotentWrite",
    "CreateTokens",
    "DescribeTokens",
  ],
  transactionalId: ["All", "Write", "Describe"],
  delegationToken: ["All", "Describe"],
};

/** The only name Kafka gives the cluster resource. */
export const CLUSTER_RESOURCE_NAME = "kafka-cluster";
