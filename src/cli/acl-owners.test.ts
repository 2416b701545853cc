import { describe, expect, it } from "vitest";
import { parseBindingKey } from "../access/acl-binding.ts";
import { recordLedger } from "../access/ownership-ledger.ts";
import { aclOwnerOf, ledgerRecordsOf } from "./acl-owners.ts";

const read = (topic: string) => parseBindingKey(`allow|Read|topic|literal|${topic}|User:alice|*`)!;
const ledger = recordLedger({ cluster: "kafka/prod", applied: [read("orders")], desired: [read("orders")] });
const kafkaAclSpec = {
  clusterRef: { name: "prod", namespace: "kafka" },
  principal: "User:alice",
  bindings: [{ resourceType: "topic", name: "orders", operations: ["Read"] }],
};
const objectOf = (kind: string, spec: object, status: Record<string, unknown>) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind,
  metadata: { namespace: "team-a", name: "alice" },
  spec,
  status,
});

describe("aclOwnerOf", () => {
  it.each([
    {
      why: "status.aclLedgers, as this version writes it",
      status: { aclLedgers: [{ ...ledger, principal: "User:alice" }] },
    },
    {
      why: "a KafkaAcl's single ledger of an earlier version, read on upgrade",
      status: { aclLedger: ledger },
    },
    {
      why: "a ConnectCluster's earlier single ledger: found by its shape, whatever its field",
      status: { workerAclLedger: ledger },
    },
  ])("reads the ledgers in $why", ({ status }) => {
    expect(aclOwnerOf("KafkaAcl", objectOf("KafkaAcl", kafkaAclSpec, status)).ledgers).toEqual([
      { ...ledger, principal: "User:alice" },
    ]);
  });

  it("claims what the kind's reconciler claims from the spec", () => {
    const owner = aclOwnerOf("KafkaAcl", objectOf("KafkaAcl", kafkaAclSpec, {}));
    expect(owner).toMatchObject({ name: "KafkaAcl team-a/alice", isClaimedFromLedgers: false });
    expect(owner.claims).toEqual([
      { cluster: "kafka/prod", principal: "User:alice", bindings: [read("orders")] },
    ]);
  });

  it("claims no binding for a spec it cannot read, as the reconciler declares none", () => {
    expect(aclOwnerOf("KafkaAcl", objectOf("KafkaAcl", { principal: 1 }, {})).claims).toEqual([]);
  });

  it("claims what its ledgers hold for a kind whose claims need another server (a ConnectorPrincipal)", () => {
    const owner = aclOwnerOf(
      "ConnectorPrincipal",
      objectOf("ConnectorPrincipal", {}, { aclLedgers: [{ ...ledger, principal: "User:alice" }] }),
    );
    expect(owner.isClaimedFromLedgers).toBe(true);
    expect(owner.claims).toEqual([
      { cluster: "kafka/prod", principal: "User:alice", bindings: [read("orders")] },
    ]);
  });
});

describe("ledgerRecordsOf", () => {
  it("gives each ledger the bindings its owner claims for the same cluster and principal, to fill a cut list", () => {
    const owner = aclOwnerOf(
      "KafkaAcl",
      objectOf("KafkaAcl", kafkaAclSpec, { aclLedgers: [{ ...ledger, principal: "User:alice" }] }),
    );
    expect(ledgerRecordsOf([owner])).toEqual([
      {
        owner: "KafkaAcl team-a/alice",
        ledger: { ...ledger, principal: "User:alice" },
        desired: [read("orders")],
      },
    ]);
  });
});
