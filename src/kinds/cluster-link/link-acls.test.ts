import { describe, expect, it } from "vitest";
import { ObservedAcls } from "../../access/observed-acls.ts";
import { expandRows } from "../../access/requirements-catalog.ts";
import type { NamespaceAclLimits, TenancyScope } from "../../access/tenancy-check.ts";
import type { DesiredLink } from "../../ports/link-backend.ts";
import type { LinkAccessNeed } from "../../ports/link-backend-factory.ts";
import { linkAccess, missingOnCheckedEnds, type SourceEnd } from "./link-acls.ts";

const link = { destination: { kafkaCluster: "kafka/destination" } } as DesiredLink;
const mirroring = (side: "source" | "destination", principal: string, topic: string): LinkAccessNeed => ({
  side,
  principal,
  purpose: "mirroring",
  requirements: expandRows(["mm2.source.topics"], { topics: [topic] }),
});
const migration: LinkAccessNeed = {
  side: "destination",
  principal: "User:link",
  purpose: "offsetMigration",
  requirements: expandRows(["mm2.target.groups"], { groups: ["billing"] }),
};
const needs = [
  mirroring("source", "User:link", "orders"),
  mirroring("destination", "User:link", "orders"),
  migration,
];
const admitted = (limits?: NamespaceAclLimits): TenancyScope => ({
  namespace: "team-a",
  isAdmitted: true,
  limits,
});
const onCluster = (scope: TenancyScope): SourceEnd => ({
  kind: "kafkaCluster",
  cluster: "kafka/source",
  scope,
});

/** "cluster principal: N" per entry, for compact rows. */
const entries = (list: readonly { cluster: string; principal: string; bindings: readonly unknown[] }[]) =>
  list.map((e) => `${e.cluster} ${e.principal}: ${e.bindings.length}`);

describe("linkAccess", () => {
  it.each<{ why: string; source: SourceEnd; claims: string[]; checked: string[]; unchecked: string[] }>([
    {
      why: "a source KafkaCluster the namespace may use without limits is claimed like the destination, whose two needs for one principal become one claim",
      source: onCluster(admitted()),
      claims: ["kafka/destination User:link: 4", "kafka/source User:link: 2"],
      checked: [],
      unchecked: [],
    },
    {
      why: "a source whose limits do not cover the topics is only checked, never written",
      source: onCluster(admitted({ name: "team-a", resourcePrefixes: { topic: ["team-a."] } })),
      claims: ["kafka/destination User:link: 4"],
      checked: ["kafka/source User:link: 2"],
      unchecked: [],
    },
    {
      why: "a source KafkaCluster that does not admit the namespace is only checked",
      source: onCluster({ namespace: "team-a", isAdmitted: false, message: "not admitted" }),
      claims: ["kafka/destination User:link: 4"],
      checked: ["kafka/source User:link: 2"],
      unchecked: [],
    },
    {
      why: "a source given by bootstrap servers can be neither written nor read: its needs are listed as unchecked",
      source: { kind: "bootstrapServers", endpoint: "cloud:9092" },
      claims: ["kafka/destination User:link: 4"],
      checked: [],
      unchecked: ["cloud:9092 User:link: 2"],
    },
  ])("$why", ({ source, claims, checked, unchecked }) => {
    const access = linkAccess(link, needs, { source, namespace: "team-a" });
    expect(entries(access.claims)).toEqual(claims);
    expect(entries(access.checked)).toEqual(checked);
    expect(entries(access.unchecked)).toEqual(unchecked);
  });

  it("marks exactly the offset-migration bindings, on their cluster", () => {
    const access = linkAccess(link, needs, { source: onCluster(admitted()), namespace: "team-a" });
    expect([...access.migrationKeys].sort()).toEqual([
      "kafka/destination|allow|Describe|group|literal|billing|User:link|*",
      "kafka/destination|allow|Read|group|literal|billing|User:link|*",
    ]);
  });
});

describe("missingOnCheckedEnds", () => {
  it("lists per principal only what the checked cluster does not grant (another principal's grant does not count)", () => {
    const access = linkAccess(link, needs, {
      source: onCluster({ namespace: "team-a", isAdmitted: false, message: "not admitted" }),
      namespace: "team-a",
    });
    const [read] = access.checked[0]!.bindings;
    const observed = new ObservedAcls([
      read!,
      { ...read!, principal: "User:other", operation: "DescribeConfigs" },
    ]);
    const missing = missingOnCheckedEnds(access.checked, () => observed);
    expect(missing.map((e) => e.bindings.map((b) => `${b.operation} ${b.resourceName}`))).toEqual([
      ["DescribeConfigs orders"],
    ]);
  });
});
