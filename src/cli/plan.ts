// `kafka-access-operator plan`: what applying manifests would make the operator create and
// delete on Kafka, for a CI job to show on a merge request and gate it by exit code. Reads the
// manifests, the live KafkaAcls, KafkaClusters and other owners' ledgers from the API server,
// and one DescribeAcls per cluster involved; plans with manifest-plan.ts. Reads only.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { Logger } from "pino";
import type { ObservedAclsView } from "../access/observed-acls.ts";
import { allKinds } from "../kinds/all-kinds.ts";
import { kafkaAclKind } from "../kinds/kafka-acl/schema.ts";
import {
  KAFKA_CLUSTER_RESOURCE,
  type ReferencedKafkaCluster,
} from "../kinds/shared/kafka-cluster-reference.ts";
import { API_GROUP, API_VERSION } from "../kinds/shared/schema-parts.ts";
import { readAclLedgers } from "./acl-ledgers.ts";
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
import { clustersToRead, type KafkaAclObject, planManifests } from "./manifest-plan.ts";
import { renderPlan } from "./plan-report.ts";
import { runCliCommand } from "./run-cli-command.ts";

export const EXIT_CHANGES = 2;

export const planHelp: CommandHelp = {
  usage: "plan PATH... [flags]",
  description: [
    "Shows what applying the manifests in PATH (files, or directories read recursively, as a GitOps repository holds them) would make the operator create and delete on Kafka: per KafkaAcl, each binding to create or delete, bindings another resource keeps alive, bindings taken over without a write, and what the KafkaCluster's tenancy would refuse. It plans against the live cluster and the live KafkaAcls, with the manifests' versions in place, the way the operator does.",
    "Reads only: the API server through the kubeconfig (KafkaAcls, KafkaClusters, the Secrets of the KafkaClusters' credentials, the ledgers of other resources) and one DescribeAcls per cluster.",
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
      "error: bad arguments, unreadable manifests, API server or cluster, or a KafkaAcl the operator would refuse (invalid spec, outside the cluster's tenancy, no such KafkaCluster)",
    ],
  ],
};

export function plan(args: readonly string[]): Promise<number> {
  return runCliCommand(args, planHelp, planWith);
}

const API_VERSION_TEXT = `${API_GROUP}/${API_VERSION}`;

function isKind(object: KubernetesObject, kind: string): boolean {
  return object.apiVersion === API_VERSION_TEXT && object.kind === kind;
}

async function planWith(parsed: ParsedArgs, logger: Logger): Promise<number> {
  const format = outputFormat(parsed);
  if (parsed.positionals.length === 0) throw new UsageError("give the manifests: files or directories");
  const kube = createKubeReader(stringFlag(parsed, "kubeconfig"));
  const namespace = stringFlag(parsed, "namespace") ?? kube.defaultNamespace;
  const objects = readManifestFiles(parsed.positionals).map((m) => withNamespace(m, namespace));
  const manifests = uniqueByKey(objects.filter((m) => isKind(m.object, kafkaAclKind.kind)));
  const manifestClusters = objects
    .filter((m) => isKind(m.object, KAFKA_CLUSTER_RESOURCE.kind))
    .map((m) => m.object);

  const live = await kube.list<KafkaAclObject>(kafkaAclKind);
  const kafkaClusters = overlay(
    await kube.list<ReferencedKafkaCluster>(KAFKA_CLUSTER_RESOURCE),
    manifestClusters,
  );
  const others = await readAclLedgers(
    kube,
    allKinds.filter((kind) => kind.kind !== kafkaAclKind.kind),
  );
  const manifestKeys = new Set(manifests.map((m) => keyOf(m.object)));
  const prunedNamespaces = new Set(manifests.map((m) => m.object.metadata?.namespace));
  const pruned = parsed.values.prune
    ? live.filter((o) => prunedNamespaces.has(o.metadata?.namespace) && !manifestKeys.has(keyOf(o)))
    : [];

  const observed = new Map<string, ObservedAclsView | { unreadable: string }>();
  for (const cluster of clustersToRead({ manifests, live, pruned })) {
    observed.set(cluster, await readCluster(kube, cluster, logger));
  }
  const result = planManifests({
    manifests,
    live,
    pruned,
    kafkaClusters,
    otherOwners: others.records,
    observed,
    now: new Date(),
  });
  const clusters = [...observed].map(([cluster, acls]) => ({
    cluster,
    ...("unreadable" in acls ? {} : { aclCount: acls.size }),
  }));
  process.stdout.write(
    format === "json"
      ? `${JSON.stringify({ clusters, ...result, unlistedKinds: others.unlistedKinds }, null, 2)}\n`
      : renderPlan(result, clusters),
  );
  for (const kind of others.unlistedKinds) {
    console.error(`note: ${kind} resources could not be listed; bindings they keep alive are not counted`);
  }
  return result.hasErrors ? 1 : result.hasChanges ? EXIT_CHANGES : 0;
}

async function readCluster(kube: KubeReader, cluster: string, logger: Logger) {
  try {
    const connection = await openKafkaClusterConnection(kube, cluster, logger);
    try {
      return await connection.readAcls();
    } finally {
      await connection.close();
    }
  } catch (err) {
    return { unreadable: `cannot read the ACLs of ${cluster}: ${(err as Error).message}` };
  }
}

const keyOf = (object: KubernetesObject) => `${object.metadata?.namespace}/${object.metadata?.name}`;

function withNamespace(manifest: ManifestObject, namespace: string): ManifestObject {
  const metadata = manifest.object.metadata ?? {};
  if (metadata.namespace) return manifest;
  return { ...manifest, object: { ...manifest.object, metadata: { ...metadata, namespace } } };
}

function uniqueByKey(manifests: readonly ManifestObject[]): ManifestObject[] {
  const sources = new Map<string, string>();
  for (const { object, source } of manifests) {
    const key = keyOf(object);
    const first = sources.get(key);
    if (first) throw new UsageError(`KafkaAcl ${key} is in both ${first} and ${source}`);
    sources.set(key, source);
  }
  return [...manifests];
}

/** The live objects with the manifests' versions in place of those they name. */
function overlay<T extends KubernetesObject>(
  live: readonly T[],
  manifests: readonly KubernetesObject[],
): T[] {
  const replaced = new Set(manifests.map(keyOf));
  return [...live.filter((o) => !replaced.has(keyOf(o))), ...(manifests as T[])];
}
