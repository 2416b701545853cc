// Roles read back from bindings: which consumer, producer and transactional producer roles of
// the access catalog (access-roles.ts) one principal's bindings hold, so an import can write
// "a consumer of orders in group billing" instead of three bindings. A role is recognised only
// when every binding its catalog expansion yields is there, and the roles plus the bindings
// left over expand to exactly the bindings given: nothing is granted or lost by the rewrite.
// Pure; it asks the catalog, it does not restate it.
import { consumer, producer, transactionalProducer, withPrincipal } from "./access-roles.ts";
import { type AclBinding, bindingKey } from "./acl-binding.ts";
import type { PatternType, ResourceType } from "./acl-vocabulary.ts";
import type { AccessRequirement } from "./requirements-catalog.ts";

export interface NamePattern {
  readonly name: string;
  readonly patternType: PatternType;
}

export type RecognizedRole =
  | { readonly type: "consumer"; readonly topic: NamePattern; readonly group: NamePattern }
  | { readonly type: "producer"; readonly topic: NamePattern; readonly idempotent: boolean }
  | {
      readonly type: "transactionalProducer";
      readonly topic: NamePattern;
      readonly transactionalId: NamePattern;
    };

export interface RoleRecognition {
  /** In a stable order: transactional producers, producers, consumers, each by name. */
  readonly roles: RecognizedRole[];
  /** The bindings no role accounts for, in key order. */
  readonly remaining: AclBinding[];
}

/** The catalog's expansion of a role, without its principal. */
function roleRequirements(role: RecognizedRole): AccessRequirement[] {
  switch (role.type) {
    case "consumer":
      return consumer({ topic: role.topic, group: role.group });
    case "producer":
      return producer({ topic: role.topic, idempotent: role.idempotent });
    case "transactionalProducer":
      return transactionalProducer({ topic: role.topic, transactionalId: role.transactionalId });
  }
}

/**
 * The roles `bindings` (all of one principal) hold and what is left. Roles of several names
 * that share a group or transactional id are paired name by name; any pairing expands to the
 * same bindings, since ACLs do not tie a topic to a group.
 */
export function recognizeRoles(principal: string, bindings: readonly AclBinding[]): RoleRecognition {
  const present = new Set(bindings.map(bindingKey));
  const expand = (role: RecognizedRole) => withPrincipal(roleRequirements(role), principal);
  const isHeld = (role: RecognizedRole) => expand(role).every((b) => present.has(bindingKey(b)));
  const topics = patternsOf(bindings, "topic");
  const groups = patternsOf(bindings, "group");
  const transactionalIds = patternsOf(bindings, "transactionalId");
  const roles: RecognizedRole[] = [];

  const producerTopics = topics.filter((topic) => isHeld({ type: "producer", topic, idempotent: false }));
  const idempotent =
    producerTopics.length > 0 && isHeld({ type: "producer", topic: producerTopics[0]!, idempotent: true });
  // A pattern joins a paired role when some partner completes it; the topic's bindings do not
  // depend on the group, so any pairing of the usable ones is held too.
  const usableIds = transactionalIds.filter((transactionalId) =>
    producerTopics.some((topic) => isHeld({ type: "transactionalProducer", topic, transactionalId })),
  );
  if (usableIds.length > 0) {
    for (const [topic, transactionalId] of pairUp(producerTopics, usableIds)) {
      roles.push({ type: "transactionalProducer", topic, transactionalId });
    }
  } else {
    for (const topic of producerTopics) roles.push({ type: "producer", topic, idempotent });
  }

  const consumerTopics = topics.filter((topic) =>
    groups.some((group) => isHeld({ type: "consumer", topic, group })),
  );
  const consumerGroups = groups.filter((group) =>
    consumerTopics.some((topic) => isHeld({ type: "consumer", topic, group })),
  );
  for (const [topic, group] of pairUp(consumerTopics, consumerGroups)) {
    roles.push({ type: "consumer", topic, group });
  }

  const covered = new Set(roles.flatMap((role) => expand(role).map(bindingKey)));
  const remaining = bindings
    .filter((binding) => !covered.has(bindingKey(binding)))
    .sort((a, c) => compare(bindingKey(a), bindingKey(c)));
  return { roles, remaining };
}

/** Distinct name patterns of one resource type, literal before prefixed, then by name. */
function patternsOf(bindings: readonly AclBinding[], type: ResourceType): NamePattern[] {
  const patterns = new Map<string, NamePattern>();
  for (const binding of bindings) {
    if (binding.resourceType !== type) continue;
    const pattern = { name: binding.resourceName, patternType: binding.patternType };
    patterns.set(`${pattern.patternType}|${pattern.name}`, pattern);
  }
  return [...patterns.entries()].sort(([a], [c]) => compare(a, c)).map(([, pattern]) => pattern);
}

/** Pairs the i-th of each list, the shorter list repeating its last entry; empty if either is. */
function pairUp<A, B>(first: readonly A[], second: readonly B[]): Array<[A, B]> {
  if (first.length === 0 || second.length === 0) return [];
  const count = Math.max(first.length, second.length);
  return Array.from({ length: count }, (_, i) => [
    first[Math.min(i, first.length - 1)]!,
    second[Math.min(i, second.length - 1)]!,
  ]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
