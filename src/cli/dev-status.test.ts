import { describe, expect, it } from "vitest";
import { changedRows, renderStatusTable, statusRow } from "./dev-status.ts";

const ready = (status: string, reason: string, observedGeneration?: number) => ({
  type: "Ready",
  status,
  reason,
  ...(observedGeneration === undefined ? {} : { observedGeneration }),
});
const object = (generation: number, status?: object) => ({
  metadata: { namespace: "team-a", name: "alice", generation },
  ...(status ? { status } : {}),
});

describe("statusRow", () => {
  it.each([
    { why: "no status yet: not reconciled", obj: object(1), isReconciled: false },
    {
      why: "a verdict for the generation, as kstatus reads it",
      obj: object(2, { observedGeneration: 2, conditions: [ready("True", "AclsApplied", 2)] }),
      isReconciled: true,
    },
    {
      why: "a verdict on an older generation: the spec changed since",
      obj: object(3, { observedGeneration: 2, conditions: [ready("True", "AclsApplied", 2)] }),
      isReconciled: false,
    },
    {
      why: "observedGeneration written, but no Ready condition yet",
      obj: object(1, { observedGeneration: 1, conditions: [] }),
      isReconciled: false,
    },
    {
      why: "a Ready condition left from an older generation beside a newer status",
      obj: object(2, { observedGeneration: 2, conditions: [ready("False", "KafkaClusterNotReady", 1)] }),
      isReconciled: false,
    },
  ])("$why", ({ obj, isReconciled }) => {
    expect(statusRow("KafkaAcl", obj).isReconciled).toBe(isReconciled);
  });
});

describe("renderStatusTable", () => {
  it("aligns every column, with a dash where Ready is not set yet", () => {
    const rows = [
      statusRow("KafkaCluster", {
        metadata: { namespace: "kafka-system", name: "destination", generation: 1 },
        status: { observedGeneration: 1, conditions: [ready("True", "ClusterReady", 1)] },
      }),
      statusRow("KafkaAcl", object(1)),
    ];
    expect(renderStatusTable(rows)).toBe(
      [
        "KIND           NAMESPACE      NAME          READY   REASON",
        "KafkaCluster   kafka-system   destination   True    ClusterReady",
        "KafkaAcl       team-a         alice         -       -",
        "",
      ].join("\n"),
    );
  });
});

describe("changedRows", () => {
  const row = (name: string, status: string, reason: string) =>
    statusRow("KafkaAcl", {
      metadata: { namespace: "team-a", name, generation: 1 },
      status: { observedGeneration: 1, conditions: [ready(status, reason, 1)] },
    });

  it("names a new verdict, a new resource and a gone one, and nothing that stayed", () => {
    const before = [
      row("same", "True", "AclsApplied"),
      row("flips", "False", "AclsFailed"),
      row("gone", "True", "AclsApplied"),
    ];
    const after = [
      row("same", "True", "AclsApplied"),
      row("flips", "True", "AclsApplied"),
      row("new", "False", "DryRunPlanned"),
    ];
    const { changed, gone } = changedRows(before, after);
    expect(changed.map((r) => r.name)).toEqual(["flips", "new"]);
    expect(gone.map((r) => r.name)).toEqual(["gone"]);
  });
});
