// Writes crds/<plural>.<group>.yaml from the zod schemas of every kind. With --check it writes
// nothing and exits 1 naming each stale or missing file, so CI catches a hand edit.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { toCustomResourceDefinition } from "../crd/kind-definition.ts";
import { allKinds } from "../kinds/all-kinds.ts";

const HEADER = "# Generated from src/kinds/*/schema.ts by `make crds`; do not edit.\n";

/** File name → YAML text of every CRD. */
export function renderCrdFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const kind of allKinds) {
    const crd = toCustomResourceDefinition(kind);
    files.set(`${kind.plural}.${kind.group}.yaml`, HEADER + stringify(crd, { lineWidth: 0 }));
  }
  return files;
}

export async function generateCrds(args: readonly string[], crdDir = "crds"): Promise<number> {
  const isCheck = args.includes("--check");
  const stale: string[] = [];
  for (const [name, text] of renderCrdFiles()) {
    const path = join(crdDir, name);
    const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    if (current === text) continue;
    if (isCheck) stale.push(path);
    else writeFileSync(path, text);
  }
  if (stale.length > 0) {
    console.error(`stale CRDs (run \`make crds\`): ${stale.join(", ")}`);
    return 1;
  }
  return 0;
}

if (import.meta.main) {
  process.exitCode = await generateCrds(process.argv.slice(2));
}
