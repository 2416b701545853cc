import { describe, expect, it } from "vitest";
import { type AclBinding, bindingKey, parseBindingKey } from "../access/acl-binding.ts";
import { desiredBindings } from "../kinds/kafka-acl/desired-bindings.ts";
import { kafkaAclSpecSchema } from "../kinds/kafka-acl/schema.ts";
import { kafkaAclManifests, manifestName, whyNotDeclarable } from "./kafka-acl-manifests.ts";

const b = (key: string) => parseBindingKey(key)!;
const P = "User:alice";
const topicOps = (topic: string, ops: string[], permission = "allow", host = "*") =>
  ops.map((op) => b(`${permission}|${op}|topic|literal|${topic}|${P}|${host}`));

/** What the manifests declare, expanded the way the operator expands them. */
function declared(manifests: ReturnType<typeof kafkaAclManifests>["manifests"]): string[] {
  return manifests
    .flatMap((m) => desiredBindings(kafkaAclSpecSchema.parse(m.spec)).bindings.map(bindingKey))
    .sort();
}

describe("kafkaAclManifests", () => {
  it.each<[string, AclBinding[], { roles: number; entries: number; parts: number }]>([
    [
      "a consumer's ACLs become one role",
      [...topicOps("orders", ["Read", "Describe"]), b(`allow|Read|group|literal|billing|${P}|*`)],
      { roles: 1, entries: 0, parts: 1 },
    ],
    [
      "operations on one resource share one entry; allow and deny do not",
      [...topicOps("orders", ["Alter", "AlterConfigs"]), ...topicOps("orders", ["Delete"], "deny")],
      { roles: 0, entries: 2, parts: 1 },
    ],
    [
      "each host gets its own entry",
      [
        ...topicOps("orders", ["Read"], "allow", "10.0.0.1"),
        ...topicOps("orders", ["Read"], "allow", "10.0.0.2"),
      ],
      { roles: 0, entries: 2, parts: 1 },
    ],
    [
      "a cluster binding is written without a name",
      [b(`allow|Describe|cluster|literal|kafka-cluster|${P}|*`)],
      { roles: 0, entries: 1, parts: 1 },
    ],
    [
      "more resources than one KafkaAcl may list are split over several",
      Array.from({ length: 300 }, (_, i) =>
        topicOps(`t${String(i).padStart(3, "0")}`, ["Write"], "deny"),
      ).flat(),
      { roles: 0, entries: 300, parts: 2 },
    ],
  ])("%s, declaring exactly the bindings given", (_why, bindings, expected) => {
    const result = kafkaAclManifests({ principal: P, bindings, namespace: "team-a", cluster: "team-a/prod" });
    expect(result.manifests).toHaveLength(expected.parts);
    for (const manifest of result.manifests)
      expect(kafkaAclSpecSchema.safeParse(manifest.spec).success).toBe(true);
    const entries = result.manifests.reduce((sum, m) => sum + (m.spec.bindings?.length ?? 0), 0);
    const roles = result.manifests.reduce((sum, m) => sum + (m.spec.roles?.length ?? 0), 0);
    expect({ roles, entries }).toEqual({ roles: expected.roles, entries: expected.entries });
    expect(declared(result.manifests)).toEqual(bindings.map(bindingKey).sort());
  });

  it("refers to a cluster in another namespace with its namespace, and names parts after the first", () => {
    const bindings = Array.from({ length: 257 }, (_, i) => topicOps(`t${i}`, ["Read"], "deny")).flat();
    const { manifests } = kafkaAclManifests({
      principal: P,
      bindings,
      namespace: "team-a",
      cluster: "kafka/prod",
    });
    expect(manifests.map((m) => m.metadata.name)).toEqual(["alice", "alice-2"]);
    expect(manifests[0]!.spec.clusterRef).toEqual({ name: "prod", namespace: "kafka" });
  });
});

describe("manifestName", () => {
  it.each([
    ["a plain name is kept", "User:alice", /^alice$/],
    [
      "upper case and punctuation become a slug and a hash",
      "User:CN=Alice,O=Acme",
      /^cn-alice-o-acme-[0-9a-f]{8}$/,
    ],
    ["User:* is everyone", "User:*", /^everyone-[0-9a-f]{8}$/],
    ["a long name is cut and hashed", `User:${"a".repeat(80)}`, /^a{40}-[0-9a-f]{8}$/],
  ])("%s", (_why, principal, expected) => {
    expect(manifestName(principal)).toMatch(expected);
    expect(manifestName(principal)).toBe(manifestName(principal));
  });

  it("tells apart principals that differ only in case", () => {
    expect(manifestName("User:Alice")).not.toBe(manifestName("User:ALICE"));
  });
});

describe("whyNotDeclarable", () => {
  it.each([
    ["an ordinary binding", "allow|Read|topic|literal|orders|User:alice|*", undefined],
    ["a principal with a space", "allow|Read|topic|literal|orders|User:CN=a b|*", /principal/],
    [
      "a host name instead of an address",
      "allow|Read|topic|literal|orders|User:alice|broker.example",
      /host/,
    ],
    [
      "a name longer than the schema takes",
      `allow|Read|topic|literal|${"x".repeat(1025)}|User:alice|*`,
      /name/,
    ],
    [
      "Write on a group, which Kafka never checks",
      "allow|Write|group|literal|g|User:alice|*",
      /never|not one Kafka checks/,
    ],
  ])("%s", (_why, key, expected) => {
    const reason = whyNotDeclarable(b(key));
    if (expected === undefined) expect(reason).toBeUndefined();
    else expect(reason).toMatch(expected);
  });
});
