// An ACL binding as the operator reasons about it: one resource pattern, one principal, one
// host, one operation, allow or deny. Kafka ACLs carry no identity or metadata, so a binding
// is identified by its fields alone; `bindingKey` is that identity as one string, used for
// every set operation (plans, the desired-binding index, the ledger kept in status).
// Nothing here knows a wire format; adapters map to and from Kafka's codes.
import {
  OPERATIONS,
  type Operation,
  PATTERN_TYPES,
  type PatternType,
  PERMISSIONS,
  type Permission,
  RESOURCE_TYPES,
  type ResourceType,
} from "./acl-vocabulary.ts";

export interface AclBinding {
  readonly resourceType: ResourceType;
  readonly resourceName: string;
  readonly patternType: PatternType;
  /** "User:<name>", or "User:*" for every principal. */
  readonly principal: string;
  /** "*" for every host. */
  readonly host: string;
  readonly operation: Operation;
  readonly permission: Permission;
}

/** Kafka's host value matching every client address. */
export const ANY_HOST = "*";

/**
 * One entry of a resource's ACL list: many operations on one resource. Expanded into one
 * binding per operation by `expandAclEntries`.
 */
export interface AclEntry {
  readonly resource: {
    readonly type: ResourceType;
    readonly name: string;
    readonly patternType?: PatternType;
  };
  readonly operations: readonly Operation[];
  readonly permission?: Permission;
  readonly host?: string;
}

const SEPARATOR = "|";

// Only the separator and the escape character itself are escaped, so keys of ordinary
// names stay readable in status (`allow|Read|topic|literal|orders|User:alice|*`).
function escapeField(value: string): string {
  return value.replaceAll("%", "%25").replaceAll(SEPARATOR, "%7C");
}

function unescapeField(value: string): string {
  return value.replaceAll("%7C", SEPARATOR).replaceAll("%25", "%");
}

/**
 * The canonical identity of a binding: equal keys mean the same Kafka ACL. Reversible with
 * `parseBindingKey`, so a key alone (as recorded in status) is enough to delete the binding.
 */
export function bindingKey(binding: AclBinding): string {
  return [
    binding.permission,
    binding.operation,
    binding.resourceType,
    binding.patternType,
    escapeField(binding.resourceName),
    escapeField(binding.principal),
    escapeField(binding.host),
  ].join(SEPARATOR);
}

/**
 * The binding a key names, or undefined when the text is not a key `bindingKey` produced
 * (e.g. a status edited by hand, or a word outside the vocabulary).
 */
export function parseBindingKey(key: string): AclBinding | undefined {
  const fields = key.split(SEPARATOR);
  if (fields.length !== 7) return undefined;
  const [permission, operation, resourceType, patternType, resourceName, principal, host] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (
    !isOneOf(RESOURCE_TYPES, resourceType) ||
    !isOneOf(PATTERN_TYPES, patternType) ||
    !isOneOf(OPERATIONS, operation) ||
    !isOneOf(PERMISSIONS, permission)
  ) {
    return undefined;
  }
  const binding: AclBinding = {
    resourceType,
    resourceName: unescapeField(resourceName),
    patternType,
    principal: unescapeField(principal),
    host: unescapeField(host),
    operation,
    permission,
  };
  // A stray "%" that is not one of our escapes would decode to a different key.
  return bindingKey(binding) === key ? binding : undefined;
}

function isOneOf<T extends string>(words: readonly T[], value: string): value is T {
  return (words as readonly string[]).includes(value);
}

/**
 * One binding per operation of each entry, without duplicates, in entry order. Host defaults
 * to every host, pattern type to literal, permission to allow.
 */
export function expandAclEntries(principal: string, entries: readonly AclEntry[]): AclBinding[] {
  const bindings = new Map<string, AclBinding>();
  for (const entry of entries) {
    for (const operation of entry.operations) {
      const binding: AclBinding = {
        resourceType: entry.resource.type,
        resourceName: entry.resource.name,
        patternType: entry.resource.patternType ?? "literal",
        principal,
        host: entry.host ?? ANY_HOST,
        operation,
        permission: entry.permission ?? "allow",
      };
      bindings.set(bindingKey(binding), binding);
    }
  }
  return [...bindings.values()];
}

const RESOURCE_NOUNS: Record<ResourceType, [singular: string, plural: string]> = {
  topic: ["topic", "topics"],
  group: ["group", "groups"],
  cluster: ["cluster", "clusters"],
  transactionalId: ["transactional id", "transactional ids"],
  delegationToken: ["delegation token", "delegation tokens"],
};

/** The resource a binding applies to, in words: `topic "orders"`, `topics prefixed "team-a."`. */
export function describeResource(binding: Pick<AclBinding, "resourceType" | "resourceName" | "patternType">) {
  const [singular, plural] = RESOURCE_NOUNS[binding.resourceType];
  if (binding.resourceType === "cluster") return "the cluster";
  return binding.patternType === "prefixed"
    ? `${plural} prefixed "${binding.resourceName}"`
    : `${singular} "${binding.resourceName}"`;
}

/**
 * A binding in words for messages, status and Events:
 * `ALLOW Write on topic "orders" for User:alice`, with ` from host 10.0.0.1` when not every host.
 */
export function describeBinding(binding: AclBinding): string {
  const host = binding.host === ANY_HOST ? "" : ` from host ${binding.host}`;
  return `${binding.permission.toUpperCase()} ${binding.operation} on ${describeResource(binding)} for ${binding.principal}${host}`;
}

/** Orders bindings by key, so plans, status lists and hashes do not depend on input order. */
export function sortBindings(bindings: Iterable<AclBinding>): AclBinding[] {
  return [...bindings]
    .map((binding) => [bindingKey(binding), binding] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, binding]) => binding);
}
