// helm (built from its Go module into the cache by helm/build.sh) and the chart rendered
// through it, for the install tests.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

export const CHART = "charts/kafka-access-operator";

let helmBinary: string | undefined;

/** Path of the helm binary; builds it on first use (a no-op when the cache is current). */
export function helmPath(): string {
  helmBinary ??= execFileSync("bash", ["test/install/helm/build.sh"], { encoding: "utf8" }).trim();
  return helmBinary;
}

export function helm(args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(helmPath(), [...args], { encoding: "utf8" });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface RenderOptions {
  release?: string;
  namespace?: string;
  /** Passed as a values file (JSON is YAML). */
  values?: object;
}

/** `helm template` of the chart; throws with helm's message when it fails. */
export function renderChart({
  release = "kao",
  namespace = "kafka-system",
  values = {},
}: RenderOptions = {}) {
  const r = spawnSync(helmPath(), ["template", release, CHART, "--namespace", namespace, "--values", "-"], {
    encoding: "utf8",
    input: JSON.stringify(values),
  });
  if (r.status !== 0) throw new Error(`helm template failed: ${r.stderr}`);
  return r.stdout;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

/** The KAO_* settings of a rendered Deployment, as the pod would see them. */
export function deploymentSettings(objects: readonly K8sObject[], identity: string): Record<string, string> {
  const deployment = objects.find((o) => o.kind === "Deployment") as
    | { spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } } }
    | undefined;
  const env = deployment?.spec.template.spec.containers[0]?.env ?? [];
  return Object.fromEntries(env.map((e) => [e.name, e.value ?? (e.name === "KAO_IDENTITY" ? identity : "")]));
}

/** The custom kinds the CRDs in `dir` define (the chart's by default), as "group/plural". */
export function customKinds(dir = join(CHART, "crds")): Set<string> {
  return new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith(".yaml"))
      .flatMap((f) => parseManifests(readFileSync(join(dir, f), "utf8")))
      .map((crd) => {
        const spec = crd.spec as { group: string; names: { plural: string } };
        return `${spec.group}/${spec.names.plural}`;
      }),
  );
}
