// Kafka's numeric ACL codes (the wire protocol's, as in Kafka's AclOperation, ResourceType,
// PatternType and AclPermissionType) and the translation between them and the operator's
// vocabulary. The tables are Kafka's own, not kafkajs's enums, which stop at IDEMPOTENT_WRITE
// and DELEGATION_TOKEN: a describe can return codes the client library has no name for.
import type { AclEntry, AclFilter, DescribeAclResource } from "kafkajs";
import type { AclBinding } from "../../access/acl-binding.ts";
import type { Operation, PatternType, Permission, ResourceType } from "../../access/acl-vocabulary.ts";
import type { ForeignAcl } from "../../access/observed-acls.ts";

const RESOURCE_TYPE_CODES: Record<ResourceType, number> = {
  topic: 2,
  group: 3,
  cluster: 4,
  transactionalId: 5,
  delegationToken: 6,
};
const RESOURCE_TYPE_NAMES = [
  "UNKNOWN",
  "ANY",
  "TOPIC",
  "GROUP",
  "CLUSTER",
  "TRANSACTIONAL_ID",
  "DELEGATION_TOKEN",
  "USER",
];

const PATTERN_TYPE_CODES: Record<PatternType, number> = { literal: 3, prefixed: 4 };
const PATTERN_TYPE_NAMES = ["UNKNOWN", "ANY", "MATCH", "LITERAL", "PREFIXED"];

const OPERATION_CODES: Record<Operation, number> = {
  All: 2,
  Read: 3,
  Write: 4,
  Create: 5,
  Delete: 6,
  Alter: 7,
  Describe: 8,
  ClusterAction: 9,
  DescribeConfigs: 10,
  AlterConfigs: 11,
  IdempotentWrite: 12,
  CreateTokens: 13,
  DescribeTokens: 14,
};
const OPERATION_NAMES = [
  "UNKNOWN",
  "ANY",
  "ALL",
  "READ",
  "WRITE",
  "CREATE",
  "DELETE",
  "ALTER",
  "DESCRIBE",
  "CLUSTER_ACTION",
  "DESCRIBE_CONFIGS",
  "ALTER_CONFIGS",
  "IDEMPOTENT_WRITE",
  "CREATE_TOKENS",
  "DESCRIBE_TOKENS",
  "TWO_PHASE_COMMIT",
];

const PERMISSION_CODES: Record<Permission, number> = { deny: 2, allow: 3 };
const PERMISSION_NAMES = ["UNKNOWN", "ANY", "DENY", "ALLOW"];

/** The code Kafka's filters use to match any value of a field. */
export const ANY_CODE = 1;

/** The highest operation code kafkajs 2.2 accepts in CreateAcls and DeleteAcls. */
const HIGHEST_CLIENT_OPERATION = OPERATION_CODES.IdempotentWrite;

function reverse<T extends string>(codes: Record<T, number>): Map<number, T> {
  return new Map(Object.entries(codes).map(([word, code]) => [code as number, word as T]));
}
const RESOURCE_TYPES_BY_CODE = reverse(RESOURCE_TYPE_CODES);
const PATTERN_TYPES_BY_CODE = reverse(PATTERN_TYPE_CODES);
const OPERATIONS_BY_CODE = reverse(OPERATION_CODES);
const PERMISSIONS_BY_CODE = reverse(PERMISSION_CODES);

/**
 * Whether kafkajs can send this binding: it rejects operation codes above IDEMPOTENT_WRITE
 * before any request is made.
 */
export function isSendableByClient(binding: AclBinding): boolean {
  return OPERATION_CODES[binding.operation] <= HIGHEST_CLIENT_OPERATION;
}

/** A binding as kafkajs sends it in CreateAcls. */
export function toWireAcl(binding: AclBinding): AclEntry {
  return {
    resourceType: RESOURCE_TYPE_CODES[binding.resourceType],
    resourceName: binding.resourceName,
    resourcePatternType: PATTERN_TYPE_CODES[binding.patternType],
    principal: binding.principal,
    host: binding.host,
    operation: OPERATION_CODES[binding.operation],
    permissionType: PERMISSION_CODES[binding.permission],
  } as AclEntry;
}

/** A DeleteAcls filter matching this binding and nothing else: every field set, no ANY, no MATCH. */
export function toExactFilter(binding: AclBinding): AclFilter {
  return toWireAcl(binding) as AclFilter;
}

/** The DescribeAcls filter matching every ACL of a cluster. */
export const MATCH_EVERYTHING = {
  resourceType: ANY_CODE,
  resourcePatternType: ANY_CODE,
  operation: ANY_CODE,
  permissionType: ANY_CODE,
} as AclFilter;

/**
 * A DescribeAcls answer in the operator's words. Entries with a code outside the vocabulary
 * (a USER resource, MATCH pattern, an operation code from a newer Kafka) become foreign ACLs
 * instead of failing the whole answer.
 */
export function fromDescribedResources(resources: readonly DescribeAclResource[]): {
  bindings: AclBinding[];
  foreign: ForeignAcl[];
} {
  const bindings: AclBinding[] = [];
  const foreign: ForeignAcl[] = [];
  for (const resource of resources) {
    const resourceType = RESOURCE_TYPES_BY_CODE.get(resource.resourceType);
    const patternType = PATTERN_TYPES_BY_CODE.get(resource.resourcePatternType);
    for (const acl of resource.acls) {
      const operation = OPERATIONS_BY_CODE.get(acl.operation);
      const permission = PERMISSIONS_BY_CODE.get(acl.permissionType);
      if (resourceType && patternType && operation && permission) {
        bindings.push({
          resourceType,
          resourceName: resource.resourceName,
          patternType,
          principal: acl.principal,
          host: acl.host,
          operation,
          permission,
        });
        continue;
      }
      const outside = [
        !resourceType && `resource type ${codeName(RESOURCE_TYPE_NAMES, resource.resourceType)}`,
        !patternType && `pattern type ${codeName(PATTERN_TYPE_NAMES, resource.resourcePatternType)}`,
        !operation && `operation ${codeName(OPERATION_NAMES, acl.operation)}`,
        !permission && `permission ${codeName(PERMISSION_NAMES, acl.permissionType)}`,
      ].filter(Boolean);
      foreign.push({
        resourceType: codeName(RESOURCE_TYPE_NAMES, resource.resourceType),
        resourceName: resource.resourceName,
        patternType: codeName(PATTERN_TYPE_NAMES, resource.resourcePatternType),
        principal: acl.principal,
        host: acl.host,
        operation: codeName(OPERATION_NAMES, acl.operation),
        permission: codeName(PERMISSION_NAMES, acl.permissionType),
        why: `${outside.join(", ")} not modeled`,
      });
    }
  }
  return { bindings, foreign };
}

function codeName(names: readonly string[], code: number): string {
  return names[code] ?? `UNKNOWN(${code})`;
}
