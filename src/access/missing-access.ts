// What access a principal still lacks: required bindings (from the requirements catalog) held
// against what a cluster has, read the way Kafka's authorizer reads ACLs. A requirement can
// be met by a wider grant (a prefix, the literal "*", User:*, the All operation, Read implying
// Describe), and a matching deny wins over every allow. Used where the operator may not apply
// the requirements itself and must say precisely what is missing.
import { ANY_PRINCIPAL, matchOperation } from "./acl-authorizer.ts";
import { type AclBinding, ANY_HOST, describeBinding } from "./acl-binding.ts";
import type { ObservedAclsView } from "./observed-acls.ts";

export interface MissingAccess {
  readonly required: AclBinding;
  /** `missing`: no allow covers it. `denied`: a deny binding matches it, whatever allows it. */
  readonly state: "missing" | "denied";
  readonly deniedBy?: AclBinding;
  readonly message: string;
}

/**
 * The required bindings `observed` does not grant, in the order given. A required deny binding
 * counts as missing unless that exact binding is present.
 */
export function findMissingAccess(
  required: readonly AclBinding[],
  observed: ObservedAclsView,
): MissingAccess[] {
  const missing: MissingAccess[] = [];
  for (const requirement of required) {
    const candidates = [
      ...observed.forPrincipal(requirement.principal).values(),
      ...(requirement.principal === ANY_PRINCIPAL ? [] : observed.forPrincipal(ANY_PRINCIPAL).values()),
    ];
    if (requirement.permission === "deny") {
      if (!candidates.some((binding) => isSameBinding(binding, requirement))) {
        missing.push({
          required: requirement,
          state: "missing",
          message: `missing ${describeBinding(requirement)}`,
        });
      }
      continue;
    }
    const deniedBy = candidates.find(
      (binding) => binding.permission === "deny" && denies(binding, requirement),
    );
    if (deniedBy) {
      missing.push({
        required: requirement,
        state: "denied",
        deniedBy,
        message: `${describeBinding(requirement)} is denied by ${describeBinding(deniedBy)}`,
      });
    } else if (
      !candidates.some((binding) => binding.permission === "allow" && grants(binding, requirement))
    ) {
      missing.push({
        required: requirement,
        state: "missing",
        message: `missing ${describeBinding(requirement)}`,
      });
    }
  }
  return missing;
}

function isSameBinding(a: AclBinding, b: AclBinding): boolean {
  return (
    a.resourceType === b.resourceType &&
    a.resourceName === b.resourceName &&
    a.patternType === b.patternType &&
    a.principal === b.principal &&
    a.host === b.host &&
    a.operation === b.operation &&
    a.permission === b.permission
  );
}

/** Whether an allow binding grants everything the requirement asks for. */
function grants(allow: AclBinding, requirement: AclBinding): boolean {
  return (
    allow.resourceType === requirement.resourceType &&
    coversAllOf(allow, requirement) &&
    (allow.host === ANY_HOST || allow.host === requirement.host) &&
    matchOperation(allow.operation, requirement.operation, "allow") !== undefined
  );
}

/** Whether a deny binding takes away any part of what the requirement asks for. */
function denies(deny: AclBinding, requirement: AclBinding): boolean {
  return (
    deny.resourceType === requirement.resourceType &&
    overlaps(deny, requirement) &&
    (deny.host === ANY_HOST || requirement.host === ANY_HOST || deny.host === requirement.host) &&
    matchOperation(deny.operation, requirement.operation, "deny") !== undefined
  );
}

type Pattern = Pick<AclBinding, "resourceName" | "patternType">;

function isEverything(pattern: Pattern): boolean {
  return pattern.patternType === "literal" && pattern.resourceName === "*";
}

/** Whether every resource name `inner` matches is matched by `outer`. */
function coversAllOf(outer: Pattern, inner: Pattern): boolean {
  if (isEverything(outer)) return true;
  if (outer.patternType === "prefixed") return inner.resourceName.startsWith(outer.resourceName);
  return inner.patternType === "literal" && inner.resourceName === outer.resourceName;
}

/** Whether some resource name is matched by both patterns. */
function overlaps(a: Pattern, b: Pattern): boolean {
  if (isEverything(a) || isEverything(b)) return true;
  if (a.patternType === "prefixed" && b.patternType === "prefixed") {
    return a.resourceName.startsWith(b.resourceName) || b.resourceName.startsWith(a.resourceName);
  }
  if (a.patternType === "prefixed") return b.resourceName.startsWith(a.resourceName);
  if (b.patternType === "prefixed") return a.resourceName.startsWith(b.resourceName);
  return a.resourceName === b.resourceName;
}
