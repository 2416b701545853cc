// The operator's ACL bindings in the words of the Metadata Service's centralized ACLs
// (contracts/confluent-mds-v1.openapi.yaml: AclBinding, AclBindingFilter, KafkaScope), and the
// shapes of its answers as zod schemas. Enum fields of answers are read as plain strings, so
// an entry outside the vocabulary becomes a foreign ACL instead of failing the whole read.
import { z } from "zod";
import type { AclBinding } from "../../access/acl-binding.ts";
import type { ForeignAcl } from "../../access/observed-acls.ts";
import {
  OPERATION_NAMES,
  PATTERN_TYPE_NAMES,
  PERMISSION_NAMES,
  RESOURCE_TYPE_NAMES,
} from "./kafka-acl-names.ts";

/** `names` without the words of `left`. */
const without = <K extends string>(names: Readonly<Record<K, string>>, left: readonly NoInfer<K>[]) =>
  Object.fromEntries(Object.entries(names).filter(([word]) => !left.includes(word as K))) as Partial<
    Record<K, string>
  >;

/** MDS has no delegation-token resource (AclResourceType). */
const RESOURCE_TYPE_WORDS = without(RESOURCE_TYPE_NAMES, ["delegationToken"]);
/** MDS has no token operations (AclOperation). */
const OPERATION_WORDS = without(OPERATION_NAMES, ["CreateTokens", "DescribeTokens"]);
const PATTERN_TYPE_WORDS = PATTERN_TYPE_NAMES;
const PERMISSION_WORDS = PERMISSION_NAMES;

const inverse = <K extends string>(words: Partial<Record<K, string>>) =>
  new Map(Object.entries(words).map(([word, wire]) => [wire as string, word as K]));
const RESOURCE_TYPE_BY_WIRE = inverse(RESOURCE_TYPE_WORDS);
const OPERATION_BY_WIRE = inverse(OPERATION_WORDS);
const PATTERN_TYPE_BY_WIRE = inverse(PATTERN_TYPE_WORDS);
const PERMISSION_BY_WIRE = inverse(PERMISSION_WORDS);

export const mdsAclBindingSchema = z.object({
  pattern: z.object({ resourceType: z.string(), name: z.string(), patternType: z.string() }),
  entry: z.object({
    principal: z.string(),
    host: z.string(),
    operation: z.string(),
    permissionType: z.string(),
  }),
});
export type MdsAclBinding = z.infer<typeof mdsAclBindingSchema>;

/** POST /security/1.0/acls:search and DELETE /security/1.0/acls answer with the bindings found. */
export const mdsAclBindingsSchema = z.array(mdsAclBindingSchema);

/** GET /security/1.0/authenticate. */
export const mdsTokenSchema = z.object({
  auth_token: z.string().min(1),
  token_type: z.string().optional(),
  /** Seconds the token is valid for. */
  expires_in: z.number().positive().optional(),
});

/** The scope every request names: one Kafka cluster, by the id it reports. */
export function kafkaScope(kafkaClusterId: string) {
  return { clusters: { "kafka-cluster": kafkaClusterId } };
}

/** Why MDS cannot hold `binding`, or undefined when it can. */
export function whyMdsCannotHold(binding: AclBinding): string | undefined {
  if (RESOURCE_TYPE_WORDS[binding.resourceType] === undefined) {
    return `centralized ACLs have no ${binding.resourceType} resource type`;
  }
  if (OPERATION_WORDS[binding.operation] === undefined) {
    return `centralized ACLs have no ${binding.operation} operation`;
  }
  return undefined;
}

/** The binding on the wire; only for bindings `whyMdsCannotHold` accepts. */
export function toMdsAclBinding(binding: AclBinding): MdsAclBinding {
  return {
    pattern: {
      resourceType: RESOURCE_TYPE_WORDS[binding.resourceType]!,
      name: binding.resourceName,
      patternType: PATTERN_TYPE_WORDS[binding.patternType],
    },
    entry: {
      principal: binding.principal,
      host: binding.host,
      operation: OPERATION_WORDS[binding.operation]!,
      permissionType: PERMISSION_WORDS[binding.permission],
    },
  };
}

/** A filter matching exactly `binding` and nothing wider. */
export function toExactMdsFilter(binding: AclBinding) {
  const { pattern, entry } = toMdsAclBinding(binding);
  return { patternFilter: pattern, entryFilter: entry };
}

/** A filter matching every ACL of the scope. */
export const MATCH_EVERY_ACL = {
  patternFilter: { resourceType: "ANY", patternType: "ANY" },
  entryFilter: { operation: "ANY", permissionType: "ANY" },
} as const;

/** MDS bindings as the operator's bindings, and those outside its vocabulary as foreign ACLs. */
export function fromMdsAclBindings(found: readonly MdsAclBinding[]): {
  bindings: AclBinding[];
  foreign: ForeignAcl[];
} {
  const bindings: AclBinding[] = [];
  const foreign: ForeignAcl[] = [];
  for (const { pattern, entry } of found) {
    const resourceType = RESOURCE_TYPE_BY_WIRE.get(pattern.resourceType);
    const patternType = PATTERN_TYPE_BY_WIRE.get(pattern.patternType);
    const operation = OPERATION_BY_WIRE.get(entry.operation);
    const permission = PERMISSION_BY_WIRE.get(entry.permissionType);
    const why =
      resourceType === undefined
        ? `resource type ${pattern.resourceType}`
        : patternType === undefined
          ? `pattern type ${pattern.patternType}`
          : operation === undefined
            ? `operation ${entry.operation}`
            : permission === undefined
              ? `permission ${entry.permissionType}`
              : undefined;
    if (why === undefined) {
      bindings.push({
        resourceType: resourceType!,
        resourceName: pattern.name,
        patternType: patternType!,
        principal: entry.principal,
        host: entry.host,
        operation: operation!,
        permission: permission!,
      });
    } else {
      foreign.push({
        resourceType: pattern.resourceType,
        resourceName: pattern.name,
        patternType: pattern.patternType,
        principal: entry.principal,
        host: entry.host,
        operation: entry.operation,
        permission: entry.permissionType,
        why,
      });
    }
  }
  return { bindings, foreign };
}
