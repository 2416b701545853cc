// What a KafkaAcl spec asks for, as bindings: its written bindings plus its roles expanded
// through the access catalog, once each. Pure; the reconciler and dry runs share it.
import { consumer, producer, transactionalProducer, withPrincipal } from "../../access/access-roles.ts";
import {
  type AclBinding,
  bindingKey,
  describeBinding,
  describeResource,
  expandAclEntries,
} from "../../access/acl-binding.ts";
import { CLUSTER_RESOURCE_NAME } from "../../access/acl-vocabulary.ts";
import type { KafkaAclSpec, RoleSpec } from "./schema.ts";

export interface RoleExpansion {
  /** The role in words: `consumer of topic "orders" in group "billing"`. */
  readonly role: string;
  readonly bindings: readonly AclBinding[];
}

export interface DesiredBindings {
  /** Every binding, written and from roles, once each, in spec order. */
  readonly bindings: readonly AclBinding[];
  readonly roles: readonly RoleExpansion[];
}

export function desiredBindings(
  spec: Pick<KafkaAclSpec, "principal" | "bindings" | "roles">,
): DesiredBindings {
  const written = expandAclEntries(
    spec.principal,
    spec.bindings.map((b) => ({
      resource: {
        type: b.resourceType,
        name: b.resourceType === "cluster" ? CLUSTER_RESOURCE_NAME : (b.name ?? ""),
        patternType: b.patternType,
      },
      operations: b.operations,
      permission: b.permission,
      host: b.host,
    })),
  );
  const roles = spec.roles.map((role) => ({
    role: describeRole(role),
    bindings: withPrincipal(roleRequirements(role), spec.principal),
  }));
  const unique = new Map<string, AclBinding>();
  for (const binding of [...written, ...roles.flatMap((r) => r.bindings)])
    unique.set(bindingKey(binding), binding);
  return { bindings: [...unique.values()], roles };
}

function roleRequirements(role: RoleSpec) {
  switch (role.type) {
    case "consumer":
      // The schema requires group for consumers; `?? role.topic` only satisfies the type.
      return consumer({ topic: role.topic, group: role.group ?? role.topic });
    case "producer":
      return producer({ topic: role.topic, ...(role.idempotent ? { idempotent: true } : {}) });
    case "transactionalProducer":
      return transactionalProducer({
        topic: role.topic,
        transactionalId: role.transactionalId ?? role.topic,
      });
  }
}

function describeRole(role: RoleSpec): string {
  const topic = describeResource({
    resourceType: "topic",
    resourceName: role.topic.name,
    patternType: role.topic.patternType,
  });
  switch (role.type) {
    case "consumer": {
      const group = role.group
        ? ` in ${describeResource({ resourceType: "group", resourceName: role.group.name, patternType: role.group.patternType })}`
        : "";
      return `consumer of ${topic}${group}`;
    }
    case "producer":
      return `${role.idempotent ? "idempotent " : ""}producer to ${topic}`;
    case "transactionalProducer": {
      const id = role.transactionalId
        ? ` with ${describeResource({ resourceType: "transactionalId", resourceName: role.transactionalId.name, patternType: role.transactionalId.patternType })}`
        : "";
      return `transactional producer to ${topic}${id}`;
    }
  }
}

/** Role expansions in words, for status. */
export function describeRoles(roles: readonly RoleExpansion[]) {
  return roles.map((r) => ({ role: r.role, bindings: r.bindings.map(describeBinding) }));
}
