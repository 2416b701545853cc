// Every cross-field (CEL) rule of every CRD in crds/ has a manifest that breaks it and expects
// its message: one in the rejected corpus (test/bad-input/rejected/), at the rule's own field,
// or, for ClusterLink, a row of the table its schema and CRD tests share
// (test/fixtures/cluster-link-specs.ts, whose rows expect the start of a message and name no
// field, so a ClusterLink rule is covered by its message wherever it sits). A new rule without
// a case fails here.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { rejectedManifests } from "../bad-input/corpus.ts";
import { rejectedSpecs } from "../fixtures/cluster-link-specs.ts";

const CRDS = resolve(import.meta.dirname, "..", "..", "crds");

interface Rule {
  /** The field the rule sits on, as the API server names it with indices dropped: `spec.roles`. */
  readonly field: string;
  readonly message: string;
}

function celRules(crdFile: string): { kind: string; rules: Rule[] } {
  const crd = parse(readFileSync(join(CRDS, crdFile), "utf8"));
  const rules: Rule[] = [];
  const walk = (schema: Record<string, unknown>, field: string) => {
    for (const v of (schema["x-kubernetes-validations"] as { message: string }[] | undefined) ?? [])
      rules.push({ field, message: v.message });
    for (const [name, child] of Object.entries((schema.properties as Record<string, object>) ?? {}))
      walk(child as Record<string, unknown>, field ? `${field}.${name}` : name);
    if (schema.items) walk(schema.items as Record<string, unknown>, field);
  };
  walk(crd.spec.versions[0].schema.openAPIV3Schema, "");
  return { kind: crd.spec.names.kind, rules };
}

const cases = rejectedManifests().map((c) => ({
  kind: /^kind: (\w+)$/m.exec(readFileSync(c.path, "utf8"))?.[1],
  field: c.field.replace(/\[\d+\]/g, ""),
  message: c.message,
}));
const clusterLinkMessages = new Set(
  rejectedSpecs.flatMap((r) => [r.message, r.apiServerMessage ?? r.message]),
);

describe.each(readdirSync(CRDS).filter((f) => f.endsWith(".yaml")))("%s", (file) => {
  const { kind, rules } = celRules(file);
  it("has a refused manifest for each of its CEL rules", () => {
    // ClusterLink's table rows name no field, so its rules are covered by their message.
    const byMessage = kind === "ClusterLink";
    const uncovered = rules.filter(
      (rule) =>
        !cases.some(
          (c) => c.kind === kind && (byMessage || c.field === rule.field) && c.message === rule.message,
        ) && !(byMessage && [...clusterLinkMessages].some((m) => rule.message.includes(m))),
    );
    expect(uncovered).toEqual([]);
  });
});
