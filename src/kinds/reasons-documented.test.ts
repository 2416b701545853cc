// The README's reason tables are the reasons the kinds can report, no more and no fewer, so a
// new reason cannot go undocumented and a documented one cannot be stale.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLUSTER_LINK_REASONS } from "./cluster-link/reasons.ts";
import { CONNECT_CLUSTER_REASONS } from "./connect-cluster/reasons.ts";
import { CONNECTOR_PRINCIPAL_REASONS } from "./connector-principal/reasons.ts";
import { KAFKA_ACL_REASONS } from "./kafka-acl/reasons.ts";
import { KAFKA_CLUSTER_REASONS } from "./kafka-cluster/reasons.ts";
import { ACL_OWNERSHIP_REASONS } from "./shared/reasons.ts";

const readme = readFileSync("README.md", "utf8");

/** The backticked names in the first column of the table under `### heading`. */
function documentedReasons(heading: string): string[] {
  const start = readme.indexOf(`\n### ${heading}\n`);
  if (start === -1) throw new Error(`README has no section "### ${heading}"`);
  const section = readme.slice(start + 1).split(/\n#{2,3} /)[0]!;
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) => [...line.split("|")[1]!.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]!));
}

const sorted = (names: Iterable<string>) => [...new Set(names)].sort();
const ownership = documentedReasons("Reasons of every resource that owns ACLs");

describe("the README's reason tables", () => {
  it("list the ownership reasons every ACL-owning kind reports", () => {
    expect(sorted(ownership)).toEqual(sorted(ACL_OWNERSHIP_REASONS));
  });

  it.each([
    {
      kind: "KafkaCluster",
      heading: "KafkaCluster reasons",
      reasons: KAFKA_CLUSTER_REASONS,
      ownsAcls: false,
    },
    { kind: "KafkaAcl", heading: "KafkaAcl reasons", reasons: KAFKA_ACL_REASONS, ownsAcls: true },
    {
      kind: "ConnectCluster",
      heading: "ConnectCluster reasons",
      reasons: CONNECT_CLUSTER_REASONS,
      ownsAcls: true,
    },
    {
      kind: "ClusterLink",
      heading: "ClusterLink reasons",
      reasons: CLUSTER_LINK_REASONS,
      ownsAcls: true,
    },
    {
      kind: "ConnectorPrincipal",
      heading: "ConnectorPrincipal reasons",
      reasons: CONNECTOR_PRINCIPAL_REASONS,
      ownsAcls: true,
    },
  ])("list exactly the reasons $kind can report", ({ heading, reasons, ownsAcls }) => {
    const documented = [...documentedReasons(heading), ...(ownsAcls ? ownership : [])];
    expect(sorted(documented)).toEqual(sorted(reasons));
  });
});
