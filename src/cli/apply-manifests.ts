// Server-side apply of manifests, as `kubectl apply --server-side` does, under the operator's
// field manager. Used by the CLI commands that set up resources (dev); the operator itself
// writes through its controller package.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
} from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";

export const FIELD_MANAGER = "kafka-access-operator";

/** Every YAML document of every .yaml file in `dir`, in file-name order. */
export function readManifests(dir: string): KubernetesObject[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
    .sort()
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(dir, f), "utf8")).map((d) => d.toJS() as KubernetesObject),
    )
    .filter((o) => o !== null && typeof o === "object");
}

export async function applyManifests(
  kubeConfig: KubeConfig,
  manifests: readonly KubernetesObject[],
): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  for (const manifest of manifests) {
    await api.patch(manifest, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  }
}
