// Property tests of tenancy: for random limits a KafkaCluster could set for a namespace and
// random bindings, claims, ledgers (possibly edited) and cluster contents, no binding outside
// the limits is admitted, and no deletion outside them is planned, whatever the plan deletes
// for (a spec change, exclusive mode, a release). "Outside" is decided here by a plain reading
// of each limit, apart from the code under test.
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { type AclBinding, bindingKey } from "./acl-binding.ts";
import { OPERATIONS_BY_RESOURCE_TYPE, type Operation, type ResourceType } from "./acl-vocabulary.ts";
import { DesiredBindingIndex } from "./desired-binding-index.ts";
import { ObservedAcls } from "./observed-acls.ts";
import { recordLedger } from "./ownership-ledger.ts";
import { type AclClaim, checkClaim, type OwnedLedger, planOwnedAcls } from "./plan-owned-acls.ts";
import { checkTenancy, matchesGlob, type NamespaceAclLimits } from "./tenancy-check.ts";

/** Runs of each property; `KAO_PROPERTY_RUNS` raises them for a longer hunt (allowed minutes). */
const RUNS = Number(process.env.KAO_PROPERTY_RUNS ?? 300);
const TIMEOUT_MS = 600_000;
const NAMESPACE = "team-a";
const CLUSTER = "platform/main";

/** Few letters, so patterns, prefixes and names match each other often. */
const word = fc.stringMatching(/^[ab.*-]{0,4}$/);
const principalArbitrary = fc.stringMatching(/^[ab-]{0,3}$/).map((name) => `User:${name}`);

const limitsArbitrary: fc.Arbitrary<NamespaceAclLimits> = fc.record(
  {
    name: fc.constant(NAMESPACE),
    principals: fc.array(
      word.map((p) => `User:${p}`),
      { maxLength: 2 },
    ),
    resourcePrefixes: fc.record(
      {
        topic: fc.array(fc.stringMatching(/^[ab.]{0,2}$/), { maxLength: 2 }),
        group: fc.array(fc.stringMatching(/^[ab.]{0,2}$/), { maxLength: 2 }),
        transactionalId: fc.array(fc.stringMatching(/^[ab.]{0,2}$/), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
    operations: fc.subarray(["Read", "Write", "Describe", "All", "IdempotentWrite"] as Operation[]),
    allowClusterResource: fc.boolean(),
    denyOnly: fc.boolean(),
    exclusivePrincipals: fc.array(
      word.map((p) => `User:${p}`),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ["name"] },
);

const bindingArbitrary: fc.Arbitrary<AclBinding> = fc
  .record({
    resourceType: fc.constantFrom<ResourceType>("topic", "group", "transactionalId", "cluster"),
    resourceName: fc.stringMatching(/^[ab.*]{0,3}$/),
    patternType: fc.constantFrom("literal", "prefixed" as const),
    principal: principalArbitrary,
    permission: fc.constantFrom("allow", "deny" as const),
    operation: fc.nat(),
  })
  .map(({ resourceType, resourceName, patternType, principal, permission, operation }) => {
    const operations = OPERATIONS_BY_RESOURCE_TYPE[resourceType];
    return {
      resourceType,
      resourceName: resourceType === "cluster" ? "kafka-cluster" : resourceName,
      patternType: resourceType === "cluster" ? "literal" : patternType,
      principal,
      host: "*",
      operation: operations[operation % operations.length]!,
      permission,
    };
  });

/** `*` matches any run of characters, as the limits' patterns promise. */
const globOracle = (pattern: string, text: string) =>
  new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`, "s").test(text);
function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const isPrincipalInside = (principal: string, limits: NamespaceAclLimits) =>
  limits.principals === undefined || limits.principals.some((p) => globOracle(p, principal));

/** Whether each limit, read plainly, lets the namespace hold `b`. */
function isInside(b: AclBinding, limits: NamespaceAclLimits): boolean {
  if (!isPrincipalInside(b.principal, limits)) return false;
  if (b.resourceType === "cluster" && !limits.allowClusterResource) return false;
  if (limits.operations && !limits.operations.includes(b.operation)) return false;
  if (limits.denyOnly && b.permission !== "deny") return false;
  if (b.resourceType === "topic" || b.resourceType === "group" || b.resourceType === "transactionalId") {
    const prefixes = limits.resourcePrefixes?.[b.resourceType];
    if (prefixes) {
      // Kafka reads a literal "*" as every name; a prefix must itself lie inside an allowed one.
      if (b.patternType === "literal" && b.resourceName === "*") return false;
      if (!prefixes.some((p) => b.resourceName.startsWith(p))) return false;
    }
  }
  return true;
}

test.prop([word, fc.stringMatching(/^[ab.*-]{0,6}$/)], { numRuns: RUNS * 10 })(
  "a principal pattern matches exactly the texts its `*` can stretch over",
  (pattern, text) => {
    expect(matchesGlob(pattern, text)).toBe(globOracle(pattern, text));
  },
  TIMEOUT_MS,
);

test.prop([limitsArbitrary, fc.array(bindingArbitrary, { maxLength: 8 })], { numRuns: RUNS })(
  "a binding is refused exactly when some limit leaves it outside",
  (limits, bindings) => {
    const refused = new Set(checkTenancy(bindings, limits, NAMESPACE).map((v) => bindingKey(v.binding)));
    for (const b of bindings) expect(refused.has(bindingKey(b)), bindingKey(b)).toBe(!isInside(b, limits));
  },
  TIMEOUT_MS,
);

test.prop([limitsArbitrary, principalArbitrary, fc.boolean(), fc.array(bindingArbitrary, { maxLength: 8 })], {
  numRuns: RUNS,
})(
  "a claim admits only bindings inside the limits, and passes only when all of it is",
  (limits, principal, exclusive, raw) => {
    const bindings = raw.map((b) => ({ ...b, principal }));
    const claim: AclClaim = {
      cluster: CLUSTER,
      principal,
      bindings,
      ...(exclusive ? { exclusive: { pendingRemovals: [], graceMs: 0 } } : {}),
    };
    const { admissible, violations } = checkClaim(claim, limits, NAMESPACE);
    for (const b of admissible) expect(isInside(b, limits)).toBe(true);
    const isExclusiveGranted = (limits.exclusivePrincipals ?? []).some((p) => globOracle(p, principal));
    const isWhole =
      isPrincipalInside(principal, limits) &&
      (!exclusive || isExclusiveGranted) &&
      bindings.every((b) => isInside(b, limits));
    expect(violations.length === 0).toBe(isWhole);
  },
  TIMEOUT_MS,
);

test.prop(
  [
    limitsArbitrary,
    principalArbitrary,
    fc.boolean(),
    fc.array(bindingArbitrary, { maxLength: 6 }),
    fc.array(bindingArbitrary, { maxLength: 8 }),
    fc.array(bindingArbitrary, { maxLength: 10 }),
    fc.array(bindingArbitrary, { maxLength: 4 }),
  ],
  { numRuns: RUNS },
)(
  "no plan deletes or creates anything outside the limits, even from an edited ledger",
  (limits, principal, exclusive, desiredRaw, ledgerBindings, clusterBindings, otherOwners) => {
    const desired = desiredRaw.map((b) => ({ ...b, principal }));
    const index = new DesiredBindingIndex();
    index.replaceOwner("KafkaAcl/other/x", otherOwners);
    index.markComplete();
    // The ledger is status data: it may name anything, on this principal or another.
    const principals = [...new Set(ledgerBindings.map((b) => b.principal))];
    const ledgers: OwnedLedger[] = principals.map((p) => ({
      ...recordLedger({
        cluster: CLUSTER,
        applied: ledgerBindings.filter((b) => b.principal === p),
        desired: [],
      }),
      principal: p,
    }));
    const observed = new ObservedAcls([...clusterBindings, ...ledgerBindings]);
    // Reported long ago: due for removal now.
    const pendingRemovals = [...observed.forPrincipal(principal).keys()].map((binding) => ({
      binding,
      firstSeen: "2020-01-01T00:00:00Z",
    }));
    const plan = planOwnedAcls<string>({
      ownerKey: "KafkaAcl/team-a/x",
      namespace: NAMESPACE,
      claims: [
        {
          cluster: CLUSTER,
          principal,
          bindings: desired,
          ...(exclusive ? { exclusive: { pendingRemovals, graceMs: 0 } } : {}),
        },
      ],
      ledgers,
      clusters: new Map([[CLUSTER, { isUsable: true, limits, observed, index }]]),
      declaredBefore: new Map([[CLUSTER, ledgerBindings]]),
      now: new Date("2026-01-01T00:00:00Z"),
    });
    const written = [
      ...plan.entries.flatMap((e) =>
        e.state === "planned"
          ? e.plan.actions.flatMap((a) => (a.type === "create" || a.type === "delete" ? [a.binding] : []))
          : [],
      ),
      ...plan.releases.flatMap((r) => (r.state === "planned" ? r.deletions : [])),
    ];
    for (const b of written) expect(isInside(b, limits), bindingKey(b)).toBe(true);
  },
  TIMEOUT_MS,
);
