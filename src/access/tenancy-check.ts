// Whether a namespace may use a cluster, and whether bindings stay inside the limits the
// cluster's tenancy policy sets for that namespace, so a tenant cannot grant itself access the
// platform team did not delegate. Pure: the policy comes in as data (the KafkaCluster spec's
// `tenancy` block, whose field names these types follow), violations go out as data.
import { type AclBinding, describeBinding } from "./acl-binding.ts";
import type { Operation, ResourceType } from "./acl-vocabulary.ts";

/** The limits one `tenancy.namespaces[]` entry of a KafkaCluster sets. */
export interface NamespaceAclLimits {
  /** A namespace name, or "*" for every namespace not listed by name. */
  readonly name: string;
  /** Principal patterns ("User:team-a-*", `*` matching any characters); any principal when absent. */
  readonly principals?: readonly string[];
  /** Allowed name prefixes per resource type; any name for a type without a list. */
  readonly resourcePrefixes?: {
    readonly topic?: readonly string[];
    readonly group?: readonly string[];
    readonly transactionalId?: readonly string[];
  };
  /** Operations the namespace may bind; all when absent. */
  readonly operations?: readonly Operation[];
  readonly allowClusterResource?: boolean;
  readonly denyOnly?: boolean;
  /**
   * Principal patterns this namespace may hold in exclusive mode (remove the principal's ACLs no
   * resource declares); none when absent. Exclusive removal is a right of its own: bindings a
   * namespace may grant say nothing about what it may take away from others.
   */
  readonly exclusivePrincipals?: readonly string[];
}

export interface AclTenancyPolicy {
  readonly namespaces: readonly NamespaceAclLimits[];
}

export type NamespaceAccess =
  | { readonly isAllowed: true; readonly limits: NamespaceAclLimits | undefined }
  | { readonly isAllowed: false; readonly message: string };

/**
 * Whether `namespace` may use the cluster and within which limits. Without a policy only the
 * cluster resource's own namespace may, without limits. With one, an entry naming the
 * namespace wins over "*"; a namespace in neither may not, the cluster's own included.
 */
export function limitsForNamespace(input: {
  policy: AclTenancyPolicy | undefined;
  namespace: string;
  cluster: { readonly namespace: string; readonly name: string };
}): NamespaceAccess {
  const { policy, namespace, cluster } = input;
  if (!policy) {
    return namespace === cluster.namespace
      ? { isAllowed: true, limits: undefined }
      : {
          isAllowed: false,
          message: `cluster "${cluster.namespace}/${cluster.name}" has no tenancy policy, so only namespace ${cluster.namespace} may use it`,
        };
  }
  const limits =
    policy.namespaces.find((entry) => entry.name === namespace) ??
    policy.namespaces.find((entry) => entry.name === "*");
  return limits
    ? { isAllowed: true, limits }
    : {
        isAllowed: false,
        message: `cluster "${cluster.namespace}/${cluster.name}" does not allow namespace ${namespace} in its tenancy policy`,
      };
}

/**
 * What the namespace that owns a resource may do on one cluster, as a deletion needs to know:
 * its limits, or that it may do nothing there (its namespace is no longer admitted).
 */
export type TenancyScope =
  | { readonly namespace: string; readonly isAdmitted: true; readonly limits: NamespaceAclLimits | undefined }
  | { readonly namespace: string; readonly isAdmitted: false; readonly message: string };

/** The scope `limitsForNamespace` gives `namespace`. */
export function tenancyScope(namespace: string, access: NamespaceAccess): TenancyScope {
  return access.isAllowed
    ? { namespace, isAdmitted: true, limits: access.limits }
    : { namespace, isAdmitted: false, message: access.message };
}

/**
 * Why the namespace of `scope` may not remove `binding`, or undefined when it may: a namespace
 * removes only what it could itself have granted, so neither an exclusive resource nor a
 * ledger (status data, possibly edited or left from before a tenancy change) can make the
 * operator delete access outside its limits.
 */
export function removalProblem(binding: AclBinding, scope: TenancyScope): string | undefined {
  if (!scope.isAdmitted) return `binding ${describeBinding(binding)}: ${scope.message}`;
  const violations = checkTenancy([binding], scope.limits, scope.namespace);
  return violations.length === 0 ? undefined : violations.map((v) => v.message).join("; ");
}

/**
 * Why `namespace` may not hold `principal` at all (even with no binding yet), or undefined.
 */
export function principalProblem(
  principal: string,
  limits: NamespaceAclLimits | undefined,
  namespace: string,
): string | undefined {
  const why = principalRule(principal, limits, namespace);
  return why && `principal ${principal}: ${why}`;
}

function principalRule(
  principal: string,
  limits: NamespaceAclLimits | undefined,
  namespace: string,
): string | undefined {
  if (!limits?.principals || limits.principals.some((pattern) => matchesGlob(pattern, principal))) {
    return undefined;
  }
  return limits.principals.length === 0
    ? `namespace ${namespace} may not grant to any principal`
    : `principals for namespace ${namespace} must match ${quoteAll(limits.principals)}`;
}

/**
 * Why `namespace` may not hold `principal` in exclusive mode, or undefined. Needs an explicit
 * grant (`exclusivePrincipals`); only a namespace without limits (the cluster's own, when the
 * cluster has no tenancy policy) needs none.
 */
export function exclusiveProblem(
  principal: string,
  limits: NamespaceAclLimits | undefined,
  namespace: string,
): string | undefined {
  if (!limits || limits.exclusivePrincipals?.some((pattern) => matchesGlob(pattern, principal))) {
    return undefined;
  }
  return `exclusive mode for ${principal}: namespace ${namespace} may hold ${
    limits.exclusivePrincipals?.length
      ? `only ${quoteAll(limits.exclusivePrincipals)} exclusively`
      : "no principal exclusively (the cluster's tenancy lists no exclusivePrincipals for it)"
  }`;
}

export interface TenancyViolation {
  readonly binding: AclBinding;
  readonly rule: "principal" | "resourceName" | "clusterResource" | "operation" | "denyOnly";
  /** `binding ALLOW Write on topic "orders" for User:x: topic names for namespace team-a must start with "team-a."` */
  readonly message: string;
}

const PREFIXED_TYPES = ["topic", "group", "transactionalId"] as const;
type PrefixedType = (typeof PREFIXED_TYPES)[number];

const NAME_NOUNS: Record<PrefixedType, string> = {
  topic: "topic",
  group: "group",
  transactionalId: "transactional id",
};

/** Every way each binding breaks `limits`; none when `limits` is undefined (no limits). */
export function checkTenancy(
  bindings: readonly AclBinding[],
  limits: NamespaceAclLimits | undefined,
  namespace: string,
): TenancyViolation[] {
  if (!limits) return [];
  const violations: TenancyViolation[] = [];
  for (const binding of bindings) {
    const violate = (rule: TenancyViolation["rule"], why: string) =>
      violations.push({ binding, rule, message: `binding ${describeBinding(binding)}: ${why}` });

    const principalWhy = principalRule(binding.principal, limits, namespace);
    if (principalWhy) violate("principal", principalWhy);
    if (binding.resourceType === "cluster" && !limits.allowClusterResource) {
      violate("clusterResource", `namespace ${namespace} may not bind the cluster resource`);
    }
    const nameProblem = resourceNameProblem(binding, limits, namespace);
    if (nameProblem) violate("resourceName", nameProblem);
    if (limits.operations && !limits.operations.includes(binding.operation)) {
      violate(
        "operation",
        limits.operations.length === 0
          ? `namespace ${namespace} may not bind any operation`
          : `namespace ${namespace} may only bind ${limits.operations.join(", ")}`,
      );
    }
    if (limits.denyOnly && binding.permission !== "deny") {
      violate("denyOnly", `namespace ${namespace} may only add deny bindings`);
    }
  }
  return violations;
}

function resourceNameProblem(
  binding: AclBinding,
  limits: NamespaceAclLimits,
  namespace: string,
): string | undefined {
  if (!isPrefixedType(binding.resourceType)) return undefined;
  const prefixes = limits.resourcePrefixes?.[binding.resourceType];
  if (!prefixes) return undefined;
  const noun = NAME_NOUNS[binding.resourceType];
  if (prefixes.length === 0) return `namespace ${namespace} may not bind any ${noun}`;
  const rule = `must start with ${quoteAll(prefixes)}`;
  // Kafka reads the literal name "*" as every resource of the type.
  if (binding.patternType === "literal" && binding.resourceName === "*") {
    return `the literal name "*" matches every ${noun}; ${noun} names for namespace ${namespace} ${rule}`;
  }
  // A prefixed binding covers every name starting with its prefix, so the prefix itself must
  // lie inside an allowed prefix; otherwise `prefixed ""` would cover everything.
  if (!prefixes.some((prefix) => binding.resourceName.startsWith(prefix))) {
    const what = binding.patternType === "prefixed" ? `${noun} prefixes` : `${noun} names`;
    return `${what} for namespace ${namespace} ${rule}`;
  }
  return undefined;
}

function isPrefixedType(type: ResourceType): type is PrefixedType {
  return (PREFIXED_TYPES as readonly ResourceType[]).includes(type);
}

function quoteAll(values: readonly string[]): string {
  const quoted = values.map((value) => `"${value}"`);
  return quoted.length === 1 ? quoted[0]! : `one of ${quoted.join(", ")}`;
}

/** Whether `text` matches `pattern`, where `*` matches any run of characters, even none. */
export function matchesGlob(pattern: string, text: string): boolean {
  const parts = pattern.split("*");
  if (parts.length === 1) return pattern === text;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last)) {
    return false;
  }
  let position = first.length;
  const end = text.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, position);
    if (found === -1 || found + middle.length > end) return false;
    position = found + middle.length;
  }
  return true;
}
