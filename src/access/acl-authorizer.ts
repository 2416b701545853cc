// Kafka's authorization decision, as the StandardAuthorizer of a KRaft cluster makes it
// (Apache Kafka, metadata/.../authorizer/StandardAuthorizerData.java), computed from a
// cluster's ACL bindings: may this principal perform this operation on this resource? Pure;
// `explain` shows its answer with the bindings that decided it.
//
// The rules, in Kafka's order:
// - a super user (broker setting `super.users`) is allowed everything; ACLs cannot show who
//   is one, so the settings must be given to know;
// - a binding applies when its resource pattern matches the name (literal: equal; prefixed:
//   a prefix of it; the literal name `*`: every name of the type), its principal is the
//   request's or `User:*`, its host is the client's address or `*`, and its operation is the
//   requested one or All. An allow binding of Read, Write, Delete or Alter also grants
//   Describe, and one of AlterConfigs grants DescribeConfigs; a deny binding implies nothing;
// - any applying deny binding denies, whatever allows it; otherwise any applying allow binding
//   allows;
// - with no binding applying: allowed only when `allow.everyone.if.no.acl.found` is on and no
//   binding at all (any principal, host, operation) has a pattern matching the resource.
import { type AclBinding, ANY_HOST } from "./acl-binding.ts";
import type { Operation, ResourceType } from "./acl-vocabulary.ts";

/** Kafka's principal matching every principal. */
export const ANY_PRINCIPAL = "User:*";

/** The resource name matching every resource of its type, in a literal binding. */
export const ANY_RESOURCE_NAME = "*";

// StandardAuthorizerData's IMPLIES_DESCRIBE and IMPLIES_DESCRIBE_CONFIGS, for allow bindings.
const IMPLIED_BY: Partial<Record<Operation, readonly Operation[]>> = {
  Describe: ["Read", "Write", "Delete", "Alter"],
  DescribeConfigs: ["AlterConfigs"],
};

/** How a binding's operation covers the requested one. */
export type OperationMatch = "exact" | "all" | "implied";

/**
 * Whether a binding with `granted` as operation covers `requested`, and how; undefined when
 * it does not. Only allow bindings imply Describe and DescribeConfigs.
 */
export function matchOperation(
  granted: Operation,
  requested: Operation,
  permission: AclBinding["permission"],
): OperationMatch | undefined {
  if (granted === "All") return "all";
  if (granted === requested) return "exact";
  if (permission === "allow" && (IMPLIED_BY[requested]?.includes(granted) ?? false)) return "implied";
  return undefined;
}

/** How a binding's resource pattern matches a resource name. */
export type ResourceMatch = "literal" | "prefixed" | "wildcard";

/** Whether the binding's resource pattern matches `name` of `type`, and how. */
export function matchResource(
  binding: Pick<AclBinding, "resourceType" | "resourceName" | "patternType">,
  type: ResourceType,
  name: string,
): ResourceMatch | undefined {
  if (binding.resourceType !== type) return undefined;
  if (binding.patternType === "prefixed")
    return name.startsWith(binding.resourceName) ? "prefixed" : undefined;
  if (binding.resourceName === name) return "literal";
  return binding.resourceName === ANY_RESOURCE_NAME ? "wildcard" : undefined;
}

export interface AuthorizationRequest {
  /** "User:alice". */
  readonly principal: string;
  /** A concrete operation; All is only ever a binding's. */
  readonly operation: Exclude<Operation, "All">;
  readonly resourceType: ResourceType;
  readonly resourceName: string;
  /**
   * The client's IP address as the broker sees it. Undefined: a client from an address no
   * host-specific binding names, so only bindings for every host apply.
   */
  readonly host?: string;
}

/** The broker settings that decide beyond ACLs; undefined fields are not known. */
export interface AuthorizerSettings {
  /** `super.users`, e.g. ["User:admin"]. */
  readonly superUsers?: readonly string[];
  /** `allow.everyone.if.no.acl.found`; Kafka's default is false. */
  readonly allowEveryoneIfNoAclFound?: boolean;
}

/** A binding that applies to the request, and why. */
export interface ApplyingBinding {
  readonly binding: AclBinding;
  readonly resource: ResourceMatch;
  readonly operation: OperationMatch;
}

/**
 * Why the decision fell as it did:
 * `superUser`: the principal is in `super.users`; ACLs are not consulted.
 * `denyBinding`: a deny binding applies (`deciding` lists every one).
 * `allowBinding`: an allow binding applies and no deny does (`deciding` lists every one).
 * `noAclForResource`: no binding has a pattern matching the resource; the default decides.
 * `noApplyingBinding`: bindings exist for the resource, none for this principal, host and operation.
 */
export type AuthorizationRule =
  | "superUser"
  | "denyBinding"
  | "allowBinding"
  | "noAclForResource"
  | "noApplyingBinding";

export interface AuthorizationDecision {
  readonly isAllowed: boolean;
  readonly rule: AuthorizationRule;
  /** The bindings behind the rule: the applying denies, or else the applying allows. */
  readonly deciding: readonly ApplyingBinding[];
  /** Allow bindings that would grant the request but lose to a deny. */
  readonly overridden: readonly ApplyingBinding[];
  /**
   * Bindings that would apply from another client address: with `host` given, those naming
   * another address; without, every host-specific one.
   */
  readonly otherHosts: readonly ApplyingBinding[];
  /** False when `super.users` was not given: a super user would be allowed whatever this says. */
  readonly isSuperUserKnown: boolean;
  /** Whether the default for unmatched resources came from the settings or was assumed (false). */
  readonly isDefaultKnown: boolean;
}

/** Kafka's decision for `request` given every binding of the cluster. */
export function authorize(
  request: AuthorizationRequest,
  bindings: Iterable<AclBinding>,
  settings: AuthorizerSettings = {},
): AuthorizationDecision {
  const isSuperUserKnown = settings.superUsers !== undefined;
  const isDefaultKnown = settings.allowEveryoneIfNoAclFound !== undefined;
  const known = { isSuperUserKnown, isDefaultKnown };
  if (settings.superUsers?.includes(request.principal)) {
    return { isAllowed: true, rule: "superUser", deciding: [], overridden: [], otherHosts: [], ...known };
  }
  const denies: ApplyingBinding[] = [];
  const allows: ApplyingBinding[] = [];
  const otherHosts: ApplyingBinding[] = [];
  let hasResourceAcls = false;
  for (const binding of bindings) {
    const resource = matchResource(binding, request.resourceType, request.resourceName);
    if (!resource) continue;
    hasResourceAcls = true;
    if (binding.principal !== request.principal && binding.principal !== ANY_PRINCIPAL) continue;
    const operation = matchOperation(binding.operation, request.operation, binding.permission);
    if (!operation) continue;
    const applying = { binding, resource, operation };
    if (binding.host !== ANY_HOST && binding.host !== request.host) otherHosts.push(applying);
    else if (binding.permission === "deny") denies.push(applying);
    else allows.push(applying);
  }
  if (denies.length > 0) {
    return {
      isAllowed: false,
      rule: "denyBinding",
      deciding: denies,
      overridden: allows,
      otherHosts,
      ...known,
    };
  }
  if (allows.length > 0) {
    return { isAllowed: true, rule: "allowBinding", deciding: allows, overridden: [], otherHosts, ...known };
  }
  return {
    isAllowed: !hasResourceAcls && settings.allowEveryoneIfNoAclFound === true,
    rule: hasResourceAcls ? "noApplyingBinding" : "noAclForResource",
    deciding: [],
    overridden: [],
    otherHosts,
    ...known,
  };
}
