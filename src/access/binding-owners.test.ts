import { describe, expect, it } from "vitest";
import { bindingKey, parseBindingKey } from "./acl-binding.ts";
import { indexBindingOwners } from "./binding-owners.ts";
import { recordLedger } from "./ownership-ledger.ts";

const b = (key: string) => parseBindingKey(key)!;
const read = (topic: string) => b(`allow|Read|topic|literal|${topic}|User:alice|*`);
const ledgerOf = (cluster: string, topics: string[], limit?: number) =>
  recordLedger({
    cluster,
    applied: topics.map(read),
    desired: topics.map(read),
    ...(limit ? { limit } : {}),
  });
const always = () => true;

describe("indexBindingOwners", () => {
  it("names every resource whose ledger on the cluster holds the binding", () => {
    const owners = indexBindingOwners(
      [
        { owner: "KafkaAcl a/first", ledger: ledgerOf("kafka/prod", ["orders", "payments"]) },
        { owner: "KafkaAcl b/second", ledger: ledgerOf("kafka/prod", ["orders"]) },
        { owner: "ConnectCluster kafka/connect", ledger: ledgerOf("kafka/staging", ["orders"]) },
      ],
      "kafka/prod",
      always,
    );
    expect(owners.ownersOf(bindingKey(read("orders")))).toEqual(["KafkaAcl a/first", "KafkaAcl b/second"]);
    expect(owners.ownersOf(bindingKey(read("payments")))).toEqual(["KafkaAcl a/first"]);
    expect(owners.ownersOf(bindingKey(read("unowned")))).toEqual([]);
    expect(owners.incompleteOwners).toEqual([]);
  });

  it("fills a truncated ledger from the resource's spec, and says when it cannot", () => {
    const ledger = ledgerOf("kafka/prod", ["a", "b", "c"], 1);
    const filled = indexBindingOwners(
      [{ owner: "KafkaAcl a/big", ledger, desired: ["a", "b", "c"].map(read) }],
      "kafka/prod",
      always,
    );
    expect(filled.ownersOf(bindingKey(read("c")))).toEqual(["KafkaAcl a/big"]);
    const unfilled = indexBindingOwners([{ owner: "KafkaAcl a/big", ledger }], "kafka/prod", always);
    expect(unfilled.incompleteOwners).toEqual(["KafkaAcl a/big"]);
  });
});
