// What applying manifests would make the operator do on Kafka: per KafkaAcl of the manifests
// (and per KafkaAcl they drop, with --prune) the bindings it would create and delete, those
// another resource keeps alive, and what tenancy would refuse. It plans the way the KafkaAcl
// reconciler does, with the same pure functions (desiredBindings, the cluster's tenancy,
// planAclChanges, bindingsToRelease over an index of every owner), on the state the manifests
// would produce: the live KafkaAcls with the manifests' versions in place. Pure.
import type { KubernetesObject } from "@kubernetes/client-node";
import { z } from "zod";
import type { LedgerRecord } from "../access/binding-owners.ts";
import type { DesiredBindingIndex } from "../access/desired-binding-index.ts";
import type { ObservedAclsView } from "../access/observed-acls.ts";
import type { AclLedger } from "../access/ownership-ledger.ts";
import type { PendingExclusiveRemoval } from "../access/plan-acl-changes.ts";
import { checkTenancy } from "../access/tenancy-check.ts";
import { desiredBindings } from "../kinds/kafka-acl/desired-bindings.ts";
import { kafkaAclSpecSchema } from "../kinds/kafka-acl/schema.ts";
import {
  admitKafkaCluster,
  kafkaClusterName,
  type ReferencedKafkaCluster,
} from "../kinds/shared/kafka-cluster-reference.ts";
import {
  indexOwners,
  type KafkaClusterLookup,
  type KeptBinding,
  ownerOf,
  type PlannedBinding,
  type PlannedCreate,
  type PlannedDelete,
  type PlannedReport,
  planOwner,
  release,
} from "./owner-plan.ts";

export type KafkaAclObject = KubernetesObject & {
  spec?: unknown;
  status?: { aclLedger?: AclLedger; pendingRemovals?: PendingExclusiveRemoval[] };
};

export interface PlanInput {
  /** The manifests' KafkaAcls, namespaces filled in, with the file each came from. */
  readonly manifests: readonly { readonly object: KafkaAclObject; readonly source: string }[];
  /** Every KafkaAcl in the API server. */
  readonly live: readonly KafkaAclObject[];
  /** Live KafkaAcls the manifests drop and that would be deleted (--prune). */
  readonly pruned: readonly KafkaAclObject[];
  /** KafkaClusters as they would be: live ones, replaced by the manifests' own. */
  readonly kafkaClusters: readonly ReferencedKafkaCluster[];
  /** Ledgers of other kinds' resources; what they hold counts as wanted by them. */
  readonly otherOwners: readonly LedgerRecord[];
  /** Each cluster's ACLs ("namespace/name"), or why they could not be read. */
  readonly observed: ReadonlyMap<string, ObservedAclsView | { readonly unreadable: string }>;
  readonly now: Date;
}

/**
 * `new`: not in the API server yet. `changed`/`unchanged`: whether Kafka would change.
 * `deleted`: dropped from the manifests (--prune). `dryRun`: spec.dryRun, only planned into
 * status. `refused`: tenancy forbids it; nothing is applied. `invalid`: the spec does not parse.
 * `blocked`: the operator could not apply it (no such KafkaCluster, cluster unreadable).
 */
export type ResourceState =
  | "new"
  | "changed"
  | "unchanged"
  | "deleted"
  | "dryRun"
  | "refused"
  | "invalid"
  | "blocked";

export interface ResourcePlan {
  readonly kind: "KafkaAcl";
  readonly namespace: string;
  readonly name: string;
  readonly source?: string;
  readonly cluster?: string;
  readonly state: ResourceState;
  readonly create: readonly PlannedCreate[];
  readonly delete: readonly PlannedDelete[];
  readonly report: readonly PlannedReport[];
  readonly kept: readonly KeptBinding[];
  /** Declared bindings already on the cluster that this resource takes over without a write. */
  readonly adopted: number;
  /** Why it is refused, invalid or blocked, or what else to know. */
  readonly messages: readonly string[];
}

export interface ManifestPlan {
  /** Resources with something to show, in manifest order, pruned ones last. */
  readonly resources: readonly ResourcePlan[];
  /** Per binding across resources: who creates and who deletes it. */
  readonly bindings: {
    readonly create: readonly (PlannedBinding & { readonly by: readonly string[] })[];
    readonly delete: readonly (PlannedBinding & { readonly by: readonly string[] })[];
  };
  /** Whether the operator would create or delete any ACL. */
  readonly hasChanges: boolean;
  /** Whether some resource is invalid, refused or blocked. */
  readonly hasErrors: boolean;
}

const keyOf = (object: KubernetesObject) =>
  `${object.metadata?.namespace ?? ""}/${object.metadata?.name ?? ""}`;

/** The clusters whose ACLs the plan needs: where manifests' KafkaAcls point, and where they or pruned ones applied. */
export function clustersToRead(input: Pick<PlanInput, "manifests" | "live" | "pruned">): string[] {
  const clusters = new Set<string>();
  const liveByKey = new Map(input.live.map((o) => [keyOf(o), o]));
  for (const { object } of input.manifests) {
    const spec = kafkaAclSpecSchema.safeParse(object.spec);
    if (spec.success) clusters.add(kafkaClusterName(spec.data.clusterRef, object.metadata?.namespace ?? ""));
    const ledger = liveByKey.get(keyOf(object))?.status?.aclLedger;
    if (ledger) clusters.add(ledger.cluster);
  }
  for (const object of input.pruned)
    if (object.status?.aclLedger) clusters.add(object.status.aclLedger.cluster);
  return [...clusters].sort();
}

export function planManifests(input: PlanInput): ManifestPlan {
  const manifestKeys = new Set(input.manifests.map(({ object }) => keyOf(object)));
  const prunedKeys = new Set(input.pruned.map(keyOf));
  const proposed = [
    ...input.live.filter((o) => !manifestKeys.has(keyOf(o)) && !prunedKeys.has(keyOf(o))),
    ...input.manifests.map(({ object }) => object),
  ];
  const clusters = {
    get: (namespace: string, name: string) =>
      input.kafkaClusters.find((c) => c.metadata?.namespace === namespace && c.metadata?.name === name),
  };
  const indexes = new Map<string, DesiredBindingIndex>();
  const context: PlanContext = {
    liveByKey: new Map(input.live.map((o) => [keyOf(o), o])),
    clusters,
    now: input.now,
    indexOf(cluster, observed) {
      let index = indexes.get(cluster);
      if (!index) {
        index = indexOwners(cluster, proposed, input.otherOwners, clusters, observed);
        indexes.set(cluster, index);
      }
      return index;
    },
    observedOf(cluster) {
      const observed = input.observed.get(cluster);
      if (!observed) return `the ACLs of ${cluster} were not read`;
      return "unreadable" in observed ? observed.unreadable : observed;
    },
  };
  return summarize([
    ...input.manifests.map(({ object, source }) => planManifest(context, object, source)),
    ...input.pruned.map((object) => planPruned(context, object)),
  ]);
}

interface PlanContext {
  readonly liveByKey: ReadonlyMap<string, KafkaAclObject>;
  readonly clusters: KafkaClusterLookup;
  readonly now: Date;
  /** Every owner's bindings on the cluster in the proposed state, built once per cluster. */
  indexOf(cluster: string, observed: ObservedAclsView): DesiredBindingIndex;
  /** The cluster's ACLs, or why they are not known. */
  observedOf(cluster: string): ObservedAclsView | string;
}

/** One KafkaAcl of the manifests, checked and planned as its reconcile would be. */
function planManifest(context: PlanContext, object: KafkaAclObject, source: string): ResourcePlan {
  const base = { kind: "KafkaAcl" as const, ...names(object), source };
  const parsed = kafkaAclSpecSchema.safeParse(object.spec);
  if (!parsed.success) return empty({ ...base, state: "invalid", messages: [z.prettifyError(parsed.error)] });
  const spec = parsed.data;
  const namespace = object.metadata?.namespace ?? "";
  const cluster = kafkaClusterName(spec.clusterRef, namespace);
  const owner = ownerOf(object);
  const live = context.liveByKey.get(keyOf(object));
  // A resource that moves to another cluster releases what it applied on the old one first.
  const previous = live?.status?.aclLedger;
  const moved =
    previous && previous.cluster !== cluster
      ? release(owner, previous, spec.deletionPolicy, context.observedOf(previous.cluster), context.indexOf)
      : { delete: [], kept: [], messages: [] };
  const messages = [
    ...(previous && previous.cluster !== cluster
      ? [`moves from KafkaCluster ${previous.cluster} to ${cluster}`]
      : []),
    ...moved.messages,
  ];
  const stopped = (state: ResourceState, ...why: string[]) =>
    empty({ ...base, cluster, state, messages: [...messages, ...why] });

  const admitted = admitKafkaCluster(context.clusters, spec.clusterRef, namespace);
  if (!admitted.isUsable) {
    return stopped(
      admitted.reason === "TenancyViolation" ? "refused" : "blocked",
      `${admitted.message}; nothing would be applied`,
    );
  }
  if ((admitted.cluster.spec.aclBackend ?? "kafka") !== "kafka") {
    return stopped(
      "blocked",
      `KafkaCluster ${cluster} has aclBackend ${admitted.cluster.spec.aclBackend}, which this operator version does not serve`,
    );
  }
  const desired = desiredBindings(spec).bindings;
  const violations = checkTenancy(desired, admitted.limits, namespace);
  if (violations.length > 0) {
    return stopped(
      "refused",
      `KafkaCluster ${cluster} does not delegate these to namespace ${namespace}; nothing would be applied:`,
      ...violations.map((v) => v.message),
    );
  }
  const observed = context.observedOf(cluster);
  if (typeof observed === "string") return stopped("blocked", observed);
  const planned = planOwner({
    owner,
    cluster,
    spec,
    desired,
    ledger: previous?.cluster === cluster ? previous : undefined,
    pendingRemovals: live?.status?.pendingRemovals ?? [],
    observed,
    index: context.indexOf(cluster, observed),
    now: context.now,
  });
  const remove = [...moved.delete, ...planned.delete];
  const isChanged = planned.create.length > 0 || remove.length > 0 || planned.report.length > 0;
  return {
    ...base,
    cluster,
    state: spec.dryRun ? "dryRun" : !live ? "new" : isChanged ? "changed" : "unchanged",
    create: planned.create,
    delete: remove,
    report: planned.report,
    kept: [...moved.kept, ...planned.kept],
    adopted: planned.adopted,
    messages: [...messages, ...planned.messages],
  };
}

/** A live KafkaAcl the manifests drop (--prune): what deleting it releases. */
function planPruned(context: PlanContext, object: KafkaAclObject): ResourcePlan {
  const ledger = object.status?.aclLedger;
  const base = { kind: "KafkaAcl" as const, ...names(object), state: "deleted" as const };
  if (!ledger || ledger.count === 0) return empty({ ...base, messages: ["it holds no bindings"] });
  const spec = kafkaAclSpecSchema.safeParse(object.spec);
  const policy = spec.success ? spec.data.deletionPolicy : "Delete";
  const released = release(
    ownerOf(object),
    ledger,
    policy,
    context.observedOf(ledger.cluster),
    context.indexOf,
  );
  return { ...empty({ ...base, cluster: ledger.cluster, messages: released.messages }), ...released };
}

function names(object: KubernetesObject) {
  return { namespace: object.metadata?.namespace ?? "", name: object.metadata?.name ?? "" };
}

function empty(plan: Omit<ResourcePlan, "create" | "delete" | "report" | "kept" | "adopted">): ResourcePlan {
  return { create: [], delete: [], report: [], kept: [], adopted: 0, ...plan };
}

function summarize(resources: readonly ResourcePlan[]): ManifestPlan {
  const byBinding = (pick: (r: ResourcePlan) => readonly PlannedBinding[]) => {
    const entries = new Map<string, PlannedBinding & { by: string[] }>();
    for (const resource of resources) {
      if (resource.state === "dryRun") continue;
      for (const binding of pick(resource)) {
        const id = `${binding.cluster}\n${binding.key}`;
        const entry = entries.get(id) ?? { ...binding, by: [] };
        entry.by.push(`KafkaAcl ${resource.namespace}/${resource.name}`);
        entries.set(id, entry);
      }
    }
    return [...entries.values()];
  };
  const create = byBinding((r) => r.create);
  const remove = byBinding((r) => [...r.delete, ...r.report.filter((x) => x.isRemovedLater)]);
  return {
    resources,
    bindings: { create, delete: remove },
    hasChanges: create.length > 0 || remove.length > 0,
    hasErrors: resources.some((r) => r.state === "invalid" || r.state === "refused" || r.state === "blocked"),
  };
}
