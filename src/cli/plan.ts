// `kafka-access-operator plan`: what applying manifests would make the operator create and
// delete on Kafka, for a CI job to show on a merge request and gate it by exit code. Reads the
// manifests, every resource of every kind that owns ACLs and the KafkaClusters from the API
// server, and one DescribeAcls per cluster involved; plans with manifest-plan.ts. Reads only.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { Logger } from "pino";
import type { ObservedAclsView } from "../access/observed-acls.ts";
import { allKinds } from "../kinds/all-kinds.ts";
import { kafkaAclKind } from "../kinds/kafka-acl/schema.ts";
import { kafkaClusterKind } from "../kinds/kafka-cluster/schema.ts";
import type { ReferencedKafkaCluster } from "../kinds/shared/kafka-cluster-reference.ts";
import { API_GROUP, API_VERSION } from "../kinds/shared/schema-parts.ts";
import { OperatorError } from "../ports/operator-error.ts";
import { readAclOwners } from "./acl-owners.ts";
import { KUBECONFIG_FLAG, openKafkaClusterConnection } from "./cluster-connection.ts";
import {
  type CommandHelp,
  LOG_LEVEL_FLAG,
  OUTPUT_FLAG,
  outputFormat,
  type ParsedArgs,
  stringFlag,
  UsageError,
} from "./command-flags.ts";
import { createKubeReader, type KubeReader } from "./kube-reader.ts";
import { type ManifestObject, readManifestFiles } from "./manifest-files.ts";
import { clustersToRead, planManifests } from "./manifest-plan.ts";
import { renderPlan } from "./plan-report.ts";
import { runCliCommand } from "./run-cli-command.ts";

export const EXIT_CHANGES = 2;

export const planHelp: CommandHelp = {
  usage: "plan PATH... [flags]",
  description: [
    "Shows what applying the manifests in PATH (files, or directories read recursively, as a GitOps repository holds them) would make the operator create and delete on Kafka: per KafkaAcl, each binding to create or delete, bindings another resource keeps alive, bindings taken over without a write, and what the KafkaCluster's tenancy would refuse, deletions and exclusive mode included. It plans with the operator's own functions, against the live clusters and every live resource that owns ACLs (of every kind), with the manifests' versions in place.",
    "Reads only: the API server through the kubeconfig (the resources of every kind, KafkaClusters, the Secrets of the KafkaClusters' credentials) and one DescribeAcls per cluster.",
  ],
  flags: {
    ...KUBECONFIG_FLAG,
    namespace: {
      type: "string",
      value: "NAMESPACE",
      description: "namespace of manifests that name none; the kubeconfig context's when absent",
    },
    prune: {
      type: "boolean",
      description:
        "plan the deletion of live KafkaAcls that the manifests' namespaces hold and the manifests do not (as Argo CD and Flux prune)",
    },
    ...OUTPUT_FLAG,
    ...LOG_LEVEL_FLAG,
  },
  exitCodes: [
    [0, "no changes: the operator would create and delete nothing"],
    [EXIT_CHANGES, "changes: the operator would create or delete ACLs"],
    [
      1,
      "error: bad arguments, unreadable manifests or API server, or a KafkaAcl the operator would refuse or could not apply now (invalid spec, outside the cluster's tenancy, its KafkaCluster missing or not Ready, its cluster unreadable)",
    ],
  ],
};

export function plan(args: readonly string[]): Promise<number> {
  return runCliCommand(args, planHelp, planWith);
}

const API_VERSION_TEXT = `${API_GROUP}/${API_VERSION}`;

const isOurs = (object: KubernetesObject) => object.apiVersion === API_VERSION_TEXT;

function isKind(object: KubernetesObject, kind: string): boolean {
  return isOurs(object) && object.kind === kind;
}

async function planWith(parsed: ParsedArgs, logger: Logger): Promise<number> {
  const format = outputFormat(parsed);
  if (parsed.positionals.length === 0) throw new UsageError("give the manifests: files or directories");
  const kube = createKubeReader(stringFlag(parsed, "kubeconfig"));
  const namespace = stringFlag(parsed, "namespace") ?? kube.defaultNamespace;
  const objects = readManifestFiles(parsed.positionals).map((m) => withNamespace(m, namespace));
  const ownerKinds = new Set(allKinds.filter((k) => k !== kafkaClusterKind).map((k) => k.kind));
  const manifests = uniqueByKey(
    objects.filter((m) => isOurs(m.object) && ownerKinds.has(m.object.kind ?? "")),
  );
  const manifestClusters = objects
    .filter((m) => isKind(m.object, kafkaClusterKind.kind))
    .map((m) => m.object);

  const { owners: live, unlistedKinds } = await readAclOwners(kube);
  if (unlistedKinds.includes(kafkaAclKind.kind)) {
    throw new UsageError("the kubeconfig may not list KafkaAcls, which plan must read (see --help)");
  }
  const kafkaClusters = withSpecsOf(
    await kube.list<ReferencedKafkaCluster>(kafkaClusterKind),
    manifestClusters,
  );
  const manifestKeys = new Set(manifests.map((m) => ownerKey(m.object)));
  const prunedNamespaces = new Set(manifests.map((m) => m.object.metadata?.namespace));
  const pruned = parsed.values.prune
    ? live.filter(
        (o) => o.kind === kafkaAclKind.kind && prunedNamespaces.has(o.namespace) && !manifestKeys.has(o.name),
      )
    : [];

  const observed = new Map<string, ObservedAclsView | OperatorError>();
  for (const cluster of clustersToRead({ manifests, live, pruned })) {
    observed.set(cluster, await readCluster(kube, cluster, logger));
  }
  const result = planManifests({ manifests, live, pruned, kafkaClusters, observed, now: new Date() });
  const clusters = [...observed].map(([cluster, acls]) => ({
    cluster,
    ...(acls instanceof OperatorError ? {} : { aclCount: acls.size }),
  }));
  process.stdout.write(
    format === "json"
      ? `${JSON.stringify({ clusters, ...result, unlistedKinds }, null, 2)}\n`
      : renderPlan(result, clusters),
  );
  for (const kind of unlistedKinds) {
    console.error(`note: ${kind} resources could not be listed; bindings they keep alive are not counted`);
  }
  return result.hasErrors ? 1 : result.hasChanges ? EXIT_CHANGES : 0;
}

/** The cluster's ACLs, or why they cannot be read, as the operator's reads fail. */
async function readCluster(kube: KubeReader, cluster: string, logger: Logger) {
  try {
    const connection = await openKafkaClusterConnection(kube, cluster, logger);
    try {
      return await connection.readAcls();
    } finally {
      await connection.close();
    }
  } catch (err) {
    if (err instanceof OperatorError) return err;
    const message = `cannot read the ACLs of ${cluster}: ${(err as Error).message}`;
    return new OperatorError(message, { reason: "Unexpected", isRetryable: false, cause: err });
  }
}

const keyOf = (object: KubernetesObject) => `${object.metadata?.namespace}/${object.metadata?.name}`;
/** How owners name a resource: "Kind namespace/name". */
const ownerKey = (object: KubernetesObject) => `${object.kind} ${keyOf(object)}`;

function withNamespace(manifest: ManifestObject, namespace: string): ManifestObject {
  const metadata = manifest.object.metadata ?? {};
  if (metadata.namespace) return manifest;
  return { ...manifest, object: { ...manifest.object, metadata: { ...metadata, namespace } } };
}

function uniqueByKey(manifests: readonly ManifestObject[]): ManifestObject[] {
  const sources = new Map<string, string>();
  for (const { object, source } of manifests) {
    const key = ownerKey(object);
    const first = sources.get(key);
    if (first) throw new UsageError(`${key} is in both ${first} and ${source}`);
    sources.set(key, source);
  }
  return [...manifests];
}

/**
 * The live objects with the manifests' specs in place of theirs, each keeping its live status
 * (a KafkaCluster's readiness and authorizer, which the operator finds before any plan);
 * a manifest's object the API server lacks is added without a status.
 */
function withSpecsOf<T extends KubernetesObject & { spec?: unknown }>(
  live: readonly T[],
  manifests: readonly (KubernetesObject & { spec?: unknown })[],
): T[] {
  const liveByKey = new Map(live.map((o) => [keyOf(o), o]));
  const specs = new Map(manifests.map((m) => [keyOf(m), m]));
  return [
    ...live.map((o) => (specs.has(keyOf(o)) ? { ...o, spec: specs.get(keyOf(o))!.spec } : o)),
    ...manifests.filter((m) => !liveByKey.has(keyOf(m))).map((m) => m as T),
  ];
}
