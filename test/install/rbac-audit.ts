// What RBAC grants a ServiceAccount in rendered manifests, and what that ServiceAccount really
// asked the API server for, from the server's audit log and from the operator's own request
// counter: the two sides of the least-privilege check. A permission is
// "verb group/resource[/subresource]" (core group written as "").
import { readFileSync } from "node:fs";
import type { K8sObject } from "./helm.ts";

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
}

interface Binding extends K8sObject {
  roleRef: { kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
}

/** Permissions the Roles and ClusterRoles bound to ServiceAccount `namespace/name` grant. */
export function grantedPermissions(
  objects: readonly K8sObject[],
  namespace: string,
  name: string,
): Set<string> {
  const granted = new Set<string>();
  const bindings = objects.filter(
    (o): o is Binding =>
      (o.kind === "RoleBinding" || o.kind === "ClusterRoleBinding") &&
      ((o as Binding).subjects ?? []).some(
        (s) => s.kind === "ServiceAccount" && s.name === name && s.namespace === namespace,
      ),
  );
  for (const binding of bindings) {
    const role = objects.find(
      (o) =>
        o.kind === binding.roleRef.kind &&
        o.metadata.name === binding.roleRef.name &&
        (o.kind === "ClusterRole" || o.metadata.namespace === binding.metadata.namespace),
    );
    for (const rule of (role?.rules as Rule[] | undefined) ?? []) {
      for (const group of rule.apiGroups ?? [""]) {
        for (const resource of rule.resources ?? []) {
          for (const verb of rule.verbs) granted.add(`${verb} ${group}/${resource}`);
        }
      }
    }
  }
  return granted;
}

export interface AuditedRequests {
  /** Permissions the user's resource requests needed. */
  readonly used: Set<string>;
  /** Requests the server refused with 403, as "verb group/resource namespace/name". */
  readonly forbidden: string[];
}

interface AuditEvent {
  verb: string;
  user?: { username?: string };
  objectRef?: {
    apiGroup?: string;
    resource?: string;
    subresource?: string;
    namespace?: string;
    name?: string;
  };
  responseStatus?: { code?: number };
}

/** The resource requests `username` made, from the API server's JSON-lines audit log. */
export function auditedRequests(auditLogPath: string, username: string): AuditedRequests {
  const used = new Set<string>();
  const forbidden: string[] = [];
  for (const line of readFileSync(auditLogPath, "utf8").split("\n")) {
    if (!line) continue;
    const event = JSON.parse(line) as AuditEvent;
    const ref = event.objectRef;
    // Discovery (/apis/...) has no object reference: every authenticated user may read it.
    if (event.user?.username !== username || !ref?.resource) continue;
    const permission = `${event.verb} ${ref.apiGroup ?? ""}/${ref.resource}${ref.subresource ? `/${ref.subresource}` : ""}`;
    if (event.responseStatus?.code === 403)
      forbidden.push(`${permission} ${ref.namespace ?? ""}/${ref.name ?? ""}`);
    else used.add(permission);
  }
  return { used, forbidden };
}

/** The permissions the operator's requests needed, from its kafka_access_operator_kube_requests_total. */
export function requestedPermissions(metricsText: string): Set<string> {
  const requested = new Set<string>();
  for (const [, labels] of metricsText.matchAll(
    /^kafka_access_operator_kube_requests_total\{([^}]*)\} \S+$/gm,
  )) {
    const label = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(labels as string)?.[1] ?? "";
    requested.add(`${label("verb")} ${label("group")}/${label("resource")}`);
  }
  return requested;
}

export interface UnusedGrants {
  /** Granted, never used, on a resource the operator serves or on one that is not a custom kind. */
  readonly unused: string[];
  /** Custom kinds (group/plural) with grants the operator never watched: not served yet. */
  readonly unservedKinds: string[];
}

/**
 * Grants `used` does not need. A custom kind (of `customKinds`, as group/plural) the operator
 * never watched is set apart rather than reported grant by grant: the chart grants every kind
 * in crds/, and a kind whose reconciler is still to come is not served yet.
 */
export function unusedGrants(
  granted: ReadonlySet<string>,
  used: ReadonlySet<string>,
  customKinds: ReadonlySet<string>,
): UnusedGrants {
  const kindOf = (permission: string) => permission.split(" ")[1]!.split("/").slice(0, 2).join("/");
  const isServed = (kind: string) => used.has(`watch ${kind}`);
  const unused: string[] = [];
  const unserved = new Set<string>();
  for (const permission of granted) {
    if (used.has(permission)) continue;
    const kind = kindOf(permission);
    if (customKinds.has(kind) && !isServed(kind)) unserved.add(kind);
    else unused.push(permission);
  }
  return { unused: unused.sort(), unservedKinds: [...unserved].sort() };
}
