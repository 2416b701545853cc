// Every manifest of the rejected corpus (corpus.ts) sent to the real API server with the
// generated CRDs: each is refused, naming the field and saying why in the rule's own words.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import { rejectedManifests } from "./corpus.ts";

const { kube } = await useStack("kube");
const kubectl = (args: string[]) =>
  spawnSync("kubectl", ["--kubeconfig", kube.kubeconfigPath, ...args], { encoding: "utf8" });
const namespace = "bad-input";

beforeAll(() => {
  const crds = resolve(import.meta.dirname, "..", "..", "crds");
  const applied = kubectl(["apply", "--server-side", "--field-manager=kafka-access-operator", "-f", crds]);
  expect(applied.status, applied.stderr).toBe(0);
  const established = kubectl(["wait", "--for=condition=Established", "--all", "crd", "--timeout=60s"]);
  expect(established.status, established.stderr).toBe(0);
  kubectl(["create", "namespace", namespace]);
});

describe("the API server", () => {
  it.each(rejectedManifests())("refuses $name", ({ path, field, message }) => {
    const created = kubectl(["-n", namespace, "create", "--dry-run=server", "-f", path]);
    expect(created.status, created.stdout).not.toBe(0);
    const refusal = created.stderr.replace(/\s+/g, " ");
    expect(refusal).toContain(`${field}: `);
    expect(refusal).toContain(message);
  });
});
