// The resources `make dev` applies (the local clusters' KafkaClusters, a ConnectCluster, the
// example connector's Secret and examples/), moved into namespaces of their own, and the example
// connector and its user under names of their own, so install tests share the API server, the
// brokers and the Connect worker with the other tests; and the Ready verdict each must reach.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { createExampleConnector, EXAMPLE_CONNECTOR } from "../../local-stack/example-connector.ts";
import { createExampleLinkTopic } from "../../local-stack/example-link-topic.ts";
import { localClusterManifests } from "../../local-stack/local-clusters.ts";
import type { StackInfo } from "../../local-stack/stack.ts";

type Manifest = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

export interface ExampleSet {
  /** Namespace of the KafkaClusters and the ConnectCluster (kafka-system in the examples). */
  readonly clusterNamespace: string;
  /** Namespace of the tenant's KafkaAcls (team-a in the examples). */
  readonly tenantNamespace: string;
  /** Every manifest, Namespaces first. */
  readonly manifests: readonly Manifest[];
  /** `kind/namespace/name` → the `status/reason` its Ready condition must reach ("True/" = any reason). */
  readonly verdicts: ReadonlyMap<string, string>;
}

/** The Ready verdicts of the examples that are not Ready by design, as `make dev` shows them. */
const EXAMPLE_VERDICTS: Record<string, string> = {
  "carol-reads-orders-planned": "False/DryRunPlanned",
  "dave-reads-payments": "False/TenancyViolation",
};

/**
 * The examples with fresh namespaces, every custom resource labelled `labels` (to test a shard's
 * label selector), and the ConnectCluster managing its worker ACLs (so it holds a finalizer).
 * Creates the example link's source topic and the example connector, as `make dev` does, the
 * connector under this set's names.
 */
export async function exampleSet(stack: StackInfo, labels: Record<string, string> = {}): Promise<ExampleSet> {
  const suffix = randomBytes(3).toString("hex");
  const clusterNamespace = `kafka-system-${suffix}`;
  const tenantNamespace = `team-a-${suffix}`;
  const renamed: Record<string, string> = {
    "kafka-system": clusterNamespace,
    [EXAMPLE_CONNECTOR.namespace]: tenantNamespace,
    // The principal's user and Secret, and the ConnectorPrincipal itself, share the user's name.
    [EXAMPLE_CONNECTOR.user]: `${EXAMPLE_CONNECTOR.user}-${suffix}`,
    [EXAMPLE_CONNECTOR.connector]: `${EXAMPLE_CONNECTOR.connector}-${suffix}`,
  };
  await createExampleLinkTopic(stack);
  const connectorManifests = (await createExampleConnector(stack, {
    ...EXAMPLE_CONNECTOR,
    user: renamed[EXAMPLE_CONNECTOR.user]!,
    connector: renamed[EXAMPLE_CONNECTOR.connector]!,
  })) as Manifest[];
  const examples = readdirSync("examples")
    .filter((f) => f.endsWith(".yaml"))
    .flatMap((f) => parseAllDocuments(readFileSync(join("examples", f), "utf8")).map((d) => d.toJS()))
    .filter(Boolean) as Manifest[];
  const connectorSecrets = connectorManifests.filter((m) => m.kind === "Secret");
  const all = [...localClusterManifests(stack, "kafka-system"), ...connectorSecrets, ...examples].map((m) => {
    const moved = renameNamespaces(m, renamed) as Manifest;
    if (moved.apiVersion.startsWith("kafkaaccess.io/")) {
      moved.metadata.labels = { ...moved.metadata.labels, ...labels };
    }
    if (moved.kind === "ConnectCluster") (moved.spec as Record<string, unknown>).manageWorkerAcls = true;
    return moved;
  });
  const manifests = [
    ...all.filter((m) => m.kind === "Namespace"),
    ...all.filter((m) => m.kind !== "Namespace"),
  ];
  const verdicts = new Map(
    manifests
      .filter((m) => m.apiVersion.startsWith("kafkaaccess.io/"))
      .map((m) => [
        `${m.kind.toLowerCase()}/${m.metadata.namespace}/${m.metadata.name}`,
        EXAMPLE_VERDICTS[m.metadata.name] ?? "True/",
      ]),
  );
  return { clusterNamespace, tenantNamespace, manifests, verdicts };
}

/** Every string equal to a key of `renamed` replaced: namespaces, clusterRefs, tenancy rules. */
function renameNamespaces(value: unknown, renamed: Record<string, string>): unknown {
  if (typeof value === "string") return renamed[value] ?? value;
  if (Array.isArray(value)) return value.map((v) => renameNamespaces(v, renamed));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameNamespaces(v, renamed)]));
  }
  return value;
}
