import { describe, expect, it } from "vitest";
import { type AclBinding, bindingKey, parseBindingKey } from "./acl-binding.ts";
import { DesiredBindingIndex } from "./desired-binding-index.ts";
import { ObservedAcls } from "./observed-acls.ts";
import { recordLedger } from "./ownership-ledger.ts";
import {
  type AclClaim,
  type ClusterView,
  checkClaim,
  declaredBindings,
  describeOwnedAclsPlan,
  type ExclusiveClaimant,
  exclusiveEntries,
  exclusiveHolder,
  type OwnedLedger,
  planOwnedAcls,
} from "./plan-owned-acls.ts";
import type { NamespaceAclLimits, TenancyScope } from "./tenancy-check.ts";

const b = (key: string) => parseBindingKey(key)!;
const read = (topic: string, principal = "User:team-a-app") =>
  b(`allow|Read|topic|literal|${topic}|${principal}|*`);
const teamA: NamespaceAclLimits = {
  name: "team-a",
  principals: ["User:team-a-*"],
  resourcePrefixes: { topic: ["team-a."] },
};

const claim = (bindings: AclBinding[], rest: Partial<AclClaim> = {}): AclClaim => ({
  cluster: "kafka/main",
  principal: "User:team-a-app",
  bindings,
  ...rest,
});
const ledger = (cluster: string, bindings: AclBinding[], principal = "User:team-a-app"): OwnedLedger => ({
  ...recordLedger({ cluster, applied: bindings, desired: [] }),
  principal,
});
const usable = (
  observed: AclBinding[],
  limits: NamespaceAclLimits | undefined = teamA,
): ClusterView<string> => {
  const index = new DesiredBindingIndex();
  index.markComplete();
  return { isUsable: true, limits, observed: new ObservedAcls(observed), index };
};

/** Entries and releases in words: "planned create team-a.x", "release delete old", ... */
function summarize(plan: ReturnType<typeof planOwnedAcls>): string[] {
  return [
    ...plan.entries.flatMap((e) =>
      e.state === "blocked"
        ? [`blocked ${e.reason}`]
        : e.plan.actions.map((a) => `${a.type} ${"binding" in a ? a.binding.resourceName : ""}`),
    ),
    ...plan.releases.flatMap((r) =>
      r.state === "blocked"
        ? [`release blocked: ${r.message}`]
        : [...r.deletions.map((d) => `release ${d.resourceName}`), ...r.kept.map(() => "release keeps one")],
    ),
  ];
}

describe("planOwnedAcls", () => {
  it.each<{
    why: string;
    claims: AclClaim[];
    ledgers?: OwnedLedger[];
    declaredBefore?: [string, AclBinding[]][];
    clusters: [string, ClusterView<string>][];
    expected: string[];
  }>([
    {
      why: "a claim within the limits is planned against the cluster",
      claims: [claim([read("team-a.orders")])],
      clusters: [["kafka/main", usable([])]],
      expected: ["create team-a.orders"],
    },
    {
      why: "a claim for another principal is refused even with no bindings (an empty exclusive KafkaAcl)",
      claims: [claim([], { principal: "User:victim", exclusive: { pendingRemovals: [], graceMs: 0 } })],
      clusters: [["kafka/main", usable([read("victim-topic", "User:victim")])]],
      expected: ["blocked TenancyViolation"],
    },
    {
      why: "exclusive mode without a grant is refused, for the namespace's own principal too",
      claims: [claim([read("team-a.orders")], { exclusive: { pendingRemovals: [], graceMs: 0 } })],
      clusters: [["kafka/main", usable([])]],
      expected: ["blocked TenancyViolation"],
    },
    {
      why: "an unusable cluster blocks the entry with the cluster's reason",
      claims: [claim([read("team-a.orders")])],
      clusters: [["kafka/main", { isUsable: false, reason: "KafkaClusterNotReady", message: "not Ready" }]],
      expected: ["blocked KafkaClusterNotReady"],
    },
    {
      why: "a ledger of a cluster no longer claimed is released (a clusterRef change)",
      claims: [claim([read("team-a.orders")])],
      ledgers: [ledger("kafka/old", [read("team-a.orders")])],
      clusters: [
        ["kafka/main", usable([])],
        ["kafka/old", usable([read("team-a.orders")])],
      ],
      expected: ["create team-a.orders", "release team-a.orders"],
    },
    {
      why: "a ledger of a principal no longer claimed is released (a principal change)",
      claims: [claim([read("team-a.orders", "User:team-a-new")], { principal: "User:team-a-new" })],
      ledgers: [ledger("kafka/main", [read("team-a.orders")])],
      clusters: [["kafka/main", usable([read("team-a.orders")])]],
      expected: ["create team-a.orders", "release team-a.orders"],
    },
    {
      why: "a released ledger naming another tenant's binding keeps it (an edited status)",
      claims: [],
      ledgers: [ledger("kafka/main", [read("team-a.orders"), read("victim-topic", "User:victim")])],
      clusters: [["kafka/main", usable([read("team-a.orders"), read("victim-topic", "User:victim")])]],
      expected: ["release team-a.orders", "release keeps one"],
    },
    {
      why: "a namespace the cluster no longer admits releases nothing and reads nothing",
      claims: [],
      ledgers: [ledger("kafka/main", [read("team-a.orders")])],
      clusters: [
        [
          "kafka/main",
          {
            isUsable: false,
            reason: "TenancyViolation",
            message: "not admitted",
            scope: { namespace: "team-a", isAdmitted: false, message: "not admitted" },
          },
        ],
      ],
      expected: ["release keeps one"],
    },
    {
      why: "an unreachable cluster blocks its release, so deletion waits",
      claims: [],
      ledgers: [ledger("kafka/main", [read("team-a.orders")])],
      clusters: [
        ["kafka/main", { isUsable: false, reason: "ClusterUnreachable", message: "no broker answered" }],
      ],
      expected: ["release blocked: no broker answered"],
    },
    {
      why: "a binding it declared while present, handed over by a released owner, goes when it stops wanting it",
      claims: [claim([])],
      declaredBefore: [["kafka/main", [read("team-a.orders")]]],
      clusters: [["kafka/main", usable([read("team-a.orders")])]],
      expected: ["delete team-a.orders"],
    },
    {
      why: "a binding it declared but that was never present is no reason for a ledger entry",
      claims: [claim([])],
      declaredBefore: [["kafka/main", [read("team-a.orders")]]],
      clusters: [["kafka/main", usable([])]],
      expected: [],
    },
    {
      why: "a principal it declared for and no longer claims releases what it declared (no ledger yet)",
      claims: [],
      declaredBefore: [["kafka/main", [read("team-a.orders")]]],
      clusters: [["kafka/main", usable([read("team-a.orders")])]],
      expected: ["release team-a.orders"],
    },
  ])("$why", ({ claims, ledgers = [], declaredBefore = [], clusters, expected }) => {
    const plan = planOwnedAcls({
      ownerKey: "KafkaAcl/team-a/x",
      namespace: "team-a",
      claims,
      ledgers,
      declaredBefore: new Map(declaredBefore),
      clusters: new Map(clusters),
      now: new Date("2026-01-01T00:00:00Z"),
    });
    expect(summarize(plan)).toEqual(expected);
  });

  it("releases nothing before every owner is known after a start", () => {
    const index = new DesiredBindingIndex();
    const plan = planOwnedAcls<string>({
      ownerKey: "KafkaAcl/team-a/x",
      namespace: "team-a",
      claims: [],
      ledgers: [ledger("kafka/main", [read("team-a.orders")])],
      clusters: new Map([
        [
          "kafka/main",
          { isUsable: true, limits: teamA, observed: new ObservedAcls([read("team-a.orders")]), index },
        ],
      ]),
      now: new Date(),
    });
    expect(summarize(plan)).toEqual(["release blocked: not every owner is known yet after a start"]);
  });
});

describe("exclusiveHolder", () => {
  const at = (ownerKey: string, createdAt?: string): ExclusiveClaimant => ({ ownerKey, createdAt });
  it.each([
    { why: "nobody asks: nobody holds it", claimants: [], expected: undefined },
    {
      why: "the oldest holds it, whatever order the claimants come in",
      claimants: [
        at("KafkaAcl/b/new", "2026-02-01T00:00:00.000Z"),
        at("KafkaAcl/z/old", "2026-01-01T00:00:00.000Z"),
      ],
      expected: "KafkaAcl/z/old",
    },
    {
      why: "created in the same second: the owner key decides, so every reconcile names the same one",
      claimants: [
        at("KafkaAcl/b/x", "2026-01-01T00:00:00.000Z"),
        at("KafkaAcl/a/x", "2026-01-01T00:00:00.000Z"),
      ],
      expected: "KafkaAcl/a/x",
    },
    {
      why: "one without a creation time (a manifest not yet applied) counts as the newest",
      claimants: [at("KafkaAcl/a/unapplied"), at("KafkaAcl/b/live", "2026-01-01T00:00:00.000Z")],
      expected: "KafkaAcl/b/live",
    },
  ])("$why", ({ claimants, expected }) => {
    expect(exclusiveHolder(claimants)?.ownerKey).toBe(expected);
  });
});

describe("two owners asking exclusive mode for one principal on one cluster", () => {
  const exclusiveTeamA: NamespaceAclLimits = { ...teamA, exclusivePrincipals: ["User:team-a-*"] };
  const unknown = read("team-a.unknown");
  // Reported a year ago, so past its grace: due for removal by whoever holds exclusive mode.
  const pendingRemovals = [{ binding: bindingKey(unknown), firstSeen: "2025-01-01T00:00:00Z" }];
  const plan = (ownerKey: string) =>
    planOwnedAcls({
      ownerKey,
      namespace: "team-a",
      claims: [claim([read("team-a.orders")], { exclusive: { pendingRemovals, graceMs: 0 } })],
      ledgers: [],
      clusters: new Map([["kafka/main", usable([read("team-a.orders"), unknown], exclusiveTeamA)]]),
      exclusiveClaimants: new Map([
        [
          "kafka/main|User:team-a-app",
          [
            { ownerKey: "KafkaAcl/team-a/old", createdAt: "2026-01-01T00:00:00.000Z" },
            { ownerKey: "KafkaAcl/team-a/new", createdAt: "2026-01-02T00:00:00.000Z" },
          ],
        ],
      ]),
      now: new Date("2026-01-03T00:00:00Z"),
    });

  it("the older removes the unknown binding that is due", () => {
    const p = plan("KafkaAcl/team-a/old");
    expect(summarize(p)).toEqual(["delete team-a.unknown"]);
    expect(p.entries[0]).not.toHaveProperty("exclusiveHeldBy");
  });

  it("the newer removes nothing, reports nothing as exclusive, and names the holder", () => {
    const p = plan("KafkaAcl/team-a/new");
    expect(summarize(p)).toEqual([]);
    expect(p.entries[0]).toMatchObject({ state: "planned", exclusiveHeldBy: "KafkaAcl/team-a/old" });
  });
});

describe("exclusiveEntries", () => {
  const scopes: Record<string, TenancyScope | undefined> = {
    "kafka/main": {
      namespace: "team-a",
      isAdmitted: true,
      limits: { ...teamA, exclusivePrincipals: ["User:team-a-app"] },
    },
    "kafka/closed": { namespace: "team-a", isAdmitted: false, message: "not admitted" },
  };
  const exclusive = { pendingRemovals: [], graceMs: 0 };
  it.each([
    {
      why: "an exclusive claim within the limits counts",
      claims: [claim([], { exclusive })],
      expected: ["kafka/main|User:team-a-app"],
    },
    { why: "a claim without exclusive mode does not", claims: [claim([])], expected: [] },
    {
      why: "a refused exclusive claim takes exclusive mode from nobody (principal without a grant)",
      claims: [claim([], { exclusive, principal: "User:team-a-other" })],
      expected: [],
    },
    {
      why: "nor does one on a cluster that does not admit the namespace",
      claims: [claim([], { exclusive, cluster: "kafka/closed" })],
      expected: [],
    },
  ])("$why", ({ claims, expected }) => {
    expect(exclusiveEntries(claims, "team-a", (c) => scopes[c])).toEqual(expected);
  });
});

describe("checkClaim", () => {
  it("admits the bindings within the limits and names every violation, the principal's first", () => {
    const { admissible, violations } = checkClaim(
      claim([read("team-a.ok", "User:victim"), read("other", "User:victim")], { principal: "User:victim" }),
      teamA,
      "team-a",
    );
    expect(admissible).toEqual([]);
    expect(violations[0]).toBe(
      'principal User:victim: principals for namespace team-a must match "User:team-a-*"',
    );
    expect(violations).toHaveLength(4);
  });
});

describe("declaredBindings", () => {
  const admitted: TenancyScope = { namespace: "team-a", isAdmitted: true, limits: teamA };
  const scopes: Record<string, TenancyScope | undefined> = {
    "kafka/main": admitted,
    "kafka/closed": { namespace: "team-a", isAdmitted: false, message: "not admitted" },
  };
  const declared = (claims: AclClaim[], ledgers: OwnedLedger[] = []) =>
    Object.fromEntries(
      [...declaredBindings(claims, ledgers, "team-a", (c) => scopes[c])].map(([cluster, bindings]) => [
        cluster,
        bindings.map((x) => x.resourceName),
      ]),
    );

  it.each([
    {
      why: "only what the namespace may grant counts as wanted",
      claims: [claim([read("team-a.orders"), read("payments")])],
      ledgers: [],
      expected: { "kafka/main": ["team-a.orders"] },
    },
    {
      why: "a cluster that does not admit the namespace, or does not exist, gets no entry",
      claims: [
        claim([read("team-a.orders")], { cluster: "kafka/closed" }),
        claim([read("x")], { cluster: "kafka/gone" }),
      ],
      ledgers: [],
      expected: {},
    },
    {
      why: "a cluster only a ledger names gets nothing, so the owner stops keeping bindings alive there",
      claims: [claim([read("team-a.orders")])],
      ledgers: [ledger("kafka/old", [read("team-a.orders")])],
      expected: { "kafka/old": [], "kafka/main": ["team-a.orders"] },
    },
    {
      why: "two claims on one cluster (two principals) add up",
      claims: [
        claim([read("team-a.a")]),
        claim([read("team-a.b", "User:team-a-other")], { principal: "User:team-a-other" }),
      ],
      ledgers: [],
      expected: { "kafka/main": ["team-a.a", "team-a.b"] },
    },
  ])("$why", ({ claims, ledgers, expected }) => {
    expect(declared(claims, ledgers)).toEqual(expected);
  });
});

describe("describeOwnedAclsPlan", () => {
  it.each([
    { why: "nothing to change is an empty plan", observed: [read("team-a.orders")], isEmpty: true },
    { why: "a creation makes it not empty", observed: [], isEmpty: false },
  ])("$why", ({ observed, isEmpty }) => {
    const plan = planOwnedAcls({
      ownerKey: "o",
      namespace: "team-a",
      claims: [claim([read("team-a.orders")])],
      ledgers: [],
      clusters: new Map([["kafka/main", usable(observed)]]),
      now: new Date(),
    });
    expect(describeOwnedAclsPlan(plan, 10).isEmpty).toBe(isEmpty);
  });

  it("lists releases among the deletions", () => {
    const plan = planOwnedAcls({
      ownerKey: "o",
      namespace: "team-a",
      claims: [],
      ledgers: [ledger("kafka/main", [read("team-a.old")])],
      clusters: new Map([["kafka/main", usable([read("team-a.old")])]]),
      now: new Date(),
    });
    expect(describeOwnedAclsPlan(plan, 10)).toMatchObject({
      isEmpty: false,
      delete: ['ALLOW Read on topic "team-a.old" for User:team-a-app'],
      summary: "0 to create, 1 to delete, 0 unknown to report",
    });
  });
});
