// The operator's ACL words as Kafka's own enum names (ResourceType, PatternType, AclOperation,
// AclPermissionType), which Confluent's HTTP APIs and link configs take: centralized ACLs (MDS)
// and a cluster link's acl.filters. Each user picks the names it can hold.
import type { Operation, PatternType, Permission, ResourceType } from "../../access/acl-vocabulary.ts";

export const RESOURCE_TYPE_NAMES: Readonly<Record<ResourceType, string>> = {
  topic: "TOPIC",
  group: "GROUP",
  cluster: "CLUSTER",
  transactionalId: "TRANSACTIONAL_ID",
  delegationToken: "DELEGATION_TOKEN",
};

export const OPERATION_NAMES: Readonly<Record<Operation, string>> = {
  All: "ALL",
  Read: "READ",
  Write: "WRITE",
  Create: "CREATE",
  Delete: "DELETE",
  Alter: "ALTER",
  Describe: "DESCRIBE",
  ClusterAction: "CLUSTER_ACTION",
  DescribeConfigs: "DESCRIBE_CONFIGS",
  AlterConfigs: "ALTER_CONFIGS",
  IdempotentWrite: "IDEMPOTENT_WRITE",
  CreateTokens: "CREATE_TOKENS",
  DescribeTokens: "DESCRIBE_TOKENS",
};

export const PATTERN_TYPE_NAMES: Readonly<Record<PatternType, string>> = {
  literal: "LITERAL",
  prefixed: "PREFIXED",
};

export const PERMISSION_NAMES: Readonly<Record<Permission, string>> = { allow: "ALLOW", deny: "DENY" };
