// What applying manifests would make the operator do on Kafka: per KafkaAcl of the manifests
// (and per KafkaAcl they drop, with --prune) the bindings it would create and delete, those
// another resource keeps alive, and what tenancy would refuse. It plans the way the KafkaAcl
// reconciler does, with the same pure functions (desiredBindings, the cluster's tenancy,
// planAclChanges, bindingsToRelease over an index of every owner), on the state the manifests
// would produce: the live KafkaAcls with the manifests' versions in place. Pure.
import type { KubernetesObject } from "@kubernetes/client-node";
import { z } from "zod";
import { type AclBinding, bindingKey, describeBinding } from "../access/acl-binding.ts";
import type { LedgerRecord } from "../access/binding-owners.ts";
import { DesiredBindingIndex } from "../access/desired-binding-index.ts";
import { describeForeignAcl, type ObservedAclsView } from "../access/observed-acls.ts";
import { type AclLedger, bindingsToRelease, readLedger } from "../access/ownership-ledger.ts";
import { type PendingExclusiveRemoval, planAclChanges } from "../access/plan-acl-changes.ts";
import { checkTenancy } from "../access/tenancy-check.ts";
import { desiredBindings } from "../kinds/kafka-acl/desired-bindings.ts";
import { type KafkaAclSpec, kafkaAclSpecSchema } from "../kinds/kafka-acl/schema.ts";
import {
  admitKafkaCluster,
  kafkaClusterName,
  type ReferencedKafkaCluster,
} from "../kinds/shared/kafka-cluster-reference.ts";

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

export interface PlannedBinding {
  readonly cluster: string;
  /** The binding in words. */
  readonly binding: string;
  readonly key: string;
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
  readonly create: readonly (PlannedBinding & { readonly reason: "missing" | "driftRepair" })[];
  readonly delete: readonly (PlannedBinding & { readonly reason: "noLongerWanted" | "exclusiveUnknown" })[];
  /** exclusive: unknown ACLs of the principal reported now; bindings among them are removed after the grace period. */
  readonly report: readonly (PlannedBinding & { readonly isRemovedLater: boolean })[];
  /** Bindings it applied and no longer declares that another resource keeps. */
  readonly kept: readonly (PlannedBinding & { readonly keptBy: readonly string[] })[];
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
const ownerOf = (object: KubernetesObject) => `KafkaAcl ${keyOf(object)}`;

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
  const liveByKey = new Map(input.live.map((o) => [keyOf(o), o]));
  const prunedKeys = new Set(input.pruned.map(keyOf));
  const manifestKeys = new Set(input.manifests.map(({ object }) => keyOf(object)));
  const proposed = [
    ...input.live.filter((o) => !manifestKeys.has(keyOf(o)) && !prunedKeys.has(keyOf(o))),
    ...input.manifests.map(({ object }) => object),
  ];
  const clusterLookup = {
    get: (namespace: string, name: string) =>
      input.kafkaClusters.find((c) => c.metadata?.namespace === namespace && c.metadata?.name === name),
  };
  const indexes = new Map<string, DesiredBindingIndex>();
  const indexOf = (cluster: string, observed: ObservedAclsView) => {
    let index = indexes.get(cluster);
    if (!index) {
      index = buildIndex(cluster, proposed, input.otherOwners, clusterLookup, observed);
      indexes.set(cluster, index);
    }
    return index;
  };
  const observedOf = (cluster: string): ObservedAclsView | string => {
    const observed = input.observed.get(cluster);
    if (!observed) return `the ACLs of ${cluster} were not read`;
    return "unreadable" in observed ? observed.unreadable : observed;
  };

  const resources: ResourcePlan[] = [];
  for (const { object, source } of input.manifests) {
    const base = { kind: "KafkaAcl" as const, ...names(object), source };
    const parsed = kafkaAclSpecSchema.safeParse(object.spec);
    if (!parsed.success) {
      resources.push(empty({ ...base, state: "invalid", messages: [z.prettifyError(parsed.error)] }));
      continue;
    }
    const spec = parsed.data;
    const namespace = object.metadata?.namespace ?? "";
    const cluster = kafkaClusterName(spec.clusterRef, namespace);
    const owner = ownerOf(object);
    const live = liveByKey.get(keyOf(object));
    const releases: ResourcePlan["delete"][number][] = [];
    const releaseKept: ResourcePlan["kept"][number][] = [];
    const messages: string[] = [];
    // A resource that moves to another cluster releases what it applied on the old one first.
    const previous = live?.status?.aclLedger;
    if (previous && previous.cluster !== cluster) {
      const released = release(owner, previous, spec.deletionPolicy, observedOf(previous.cluster), indexOf);
      releases.push(...released.delete);
      releaseKept.push(...released.kept);
      messages.push(`moves from KafkaCluster ${previous.cluster} to ${cluster}`, ...released.messages);
    }
    const admitted = admitKafkaCluster(clusterLookup, spec.clusterRef, namespace);
    if (!admitted.isUsable) {
      const state = admitted.reason === "TenancyViolation" ? "refused" : "blocked";
      resources.push(
        empty({
          ...base,
          cluster,
          state,
          messages: [...messages, `${admitted.message}; nothing would be applied`],
        }),
      );
      continue;
    }
    if ((admitted.cluster.spec.aclBackend ?? "kafka") !== "kafka") {
      const message = `KafkaCluster ${cluster} has aclBackend ${admitted.cluster.spec.aclBackend}, which this operator version does not serve`;
      resources.push(empty({ ...base, cluster, state: "blocked", messages: [...messages, message] }));
      continue;
    }
    const desired = desiredBindings(spec).bindings;
    const violations = checkTenancy(desired, admitted.limits, namespace);
    if (violations.length > 0) {
      resources.push(
        empty({
          ...base,
          cluster,
          state: "refused",
          messages: [
            ...messages,
            `KafkaCluster ${cluster} does not delegate these to namespace ${namespace}; nothing would be applied:`,
            ...violations.map((v) => v.message),
          ],
        }),
      );
      continue;
    }
    const observed = observedOf(cluster);
    if (typeof observed === "string") {
      resources.push(empty({ ...base, cluster, state: "blocked", messages: [...messages, observed] }));
      continue;
    }
    const planned = planOwner({
      owner,
      cluster,
      spec,
      desired,
      ledger: previous?.cluster === cluster ? previous : undefined,
      pendingRemovals: live?.status?.pendingRemovals ?? [],
      observed,
      index: indexOf(cluster, observed),
      now: input.now,
    });
    const create = planned.create;
    const remove = [...releases, ...planned.delete];
    const isChanged = create.length > 0 || remove.length > 0 || planned.report.length > 0;
    const state: ResourceState = spec.dryRun ? "dryRun" : !live ? "new" : isChanged ? "changed" : "unchanged";
    resources.push({
      ...base,
      cluster,
      state,
      create,
      delete: remove,
      report: planned.report,
      kept: [...releaseKept, ...planned.kept],
      adopted: planned.adopted,
      messages: [...messages, ...planned.messages],
    });
  }
  for (const object of input.pruned) {
    const ledger = object.status?.aclLedger;
    const base = { kind: "KafkaAcl" as const, ...names(object), state: "deleted" as const };
    if (!ledger || ledger.count === 0) {
      resources.push(empty({ ...base, messages: ["it holds no bindings"] }));
      continue;
    }
    const spec = kafkaAclSpecSchema.safeParse(object.spec);
    const policy = spec.success ? spec.data.deletionPolicy : "Delete";
    const released = release(ownerOf(object), ledger, policy, observedOf(ledger.cluster), indexOf);
    resources.push({
      ...empty({ ...base, cluster: ledger.cluster, messages: released.messages }),
      ...released,
    });
  }
  return summarize(resources);
}

function names(object: KubernetesObject) {
  return { namespace: object.metadata?.namespace ?? "", name: object.metadata?.name ?? "" };
}

function empty(plan: Omit<ResourcePlan, "create" | "delete" | "report" | "kept" | "adopted">): ResourcePlan {
  return { create: [], delete: [], report: [], kept: [], adopted: 0, ...plan };
}

/** Every owner of bindings on `cluster` in the proposed state, as the operator indexes them after a start. */
function buildIndex(
  cluster: string,
  proposed: readonly KafkaAclObject[],
  otherOwners: readonly LedgerRecord[],
  clusters: { get(namespace: string, name: string): ReferencedKafkaCluster | undefined },
  observed: ObservedAclsView,
): DesiredBindingIndex {
  const index = new DesiredBindingIndex();
  for (const object of proposed) {
    const spec = kafkaAclSpecSchema.safeParse(object.spec);
    if (!spec.success || object.metadata?.deletionTimestamp) continue;
    const namespace = object.metadata?.namespace ?? "";
    const admitted = admitKafkaCluster(clusters, spec.data.clusterRef, namespace);
    if (!admitted.isUsable || admitted.name !== cluster) continue;
    // As the reconciler declares: only the bindings the cluster's tenancy admits.
    const desired = desiredBindings(spec.data).bindings;
    const refused = new Set(
      checkTenancy(desired, admitted.limits, namespace).map((v) => bindingKey(v.binding)),
    );
    index.replaceOwner(
      ownerOf(object),
      desired.filter((b) => !refused.has(bindingKey(b))),
    );
  }
  for (const record of otherOwners) {
    if (record.ledger.cluster !== cluster) continue;
    index.replaceOwner(
      record.owner,
      readLedger(record.ledger, record.desired ?? [], (key) => observed.has(key)).applied,
    );
  }
  index.markComplete();
  return index;
}

function planned(cluster: string, binding: AclBinding): PlannedBinding {
  return { cluster, binding: describeBinding(binding), key: bindingKey(binding) };
}

/** The bindings `owner` keeps alive for nobody but others: applied, no longer desired, not deleted. */
function keptByOthers(
  cluster: string,
  owner: string,
  applied: readonly AclBinding[],
  desired: readonly AclBinding[],
  deleted: ReadonlySet<string>,
  index: DesiredBindingIndex,
  observed: ObservedAclsView,
) {
  const desiredKeys = new Set(desired.map(bindingKey));
  return applied.flatMap((binding) => {
    const key = bindingKey(binding);
    if (desiredKeys.has(key) || deleted.has(key) || !observed.has(key)) return [];
    const keptBy = [...index.ownersOf(key)].filter((o) => o !== owner);
    return keptBy.length > 0 ? [{ ...planned(cluster, binding), keptBy }] : [];
  });
}

function planOwner(input: {
  owner: string;
  cluster: string;
  spec: KafkaAclSpec;
  desired: readonly AclBinding[];
  ledger: AclLedger | undefined;
  pendingRemovals: readonly PendingExclusiveRemoval[];
  observed: ObservedAclsView;
  index: DesiredBindingIndex;
  now: Date;
}) {
  const { owner, cluster, spec, observed, index } = input;
  const reading = readLedger(input.ledger, input.desired, (key) => observed.has(key));
  const plan = planAclChanges({
    ownerKey: owner,
    desired: input.desired,
    applied: reading.applied,
    observed,
    index,
    options: {
      exclusive: spec.exclusive,
      principal: spec.principal,
      pendingExclusiveRemovals: input.pendingRemovals,
      now: input.now,
      exclusiveGraceMs: spec.exclusiveGracePeriodSeconds * 1000,
    },
  });
  const create: ResourcePlan["create"][number][] = [];
  const remove: ResourcePlan["delete"][number][] = [];
  const report: ResourcePlan["report"][number][] = [];
  for (const action of plan.actions) {
    if (action.type === "create") create.push({ ...planned(cluster, action.binding), reason: action.reason });
    else if (action.type === "delete")
      remove.push({ ...planned(cluster, action.binding), reason: action.reason });
    else if ("binding" in action) report.push({ ...planned(cluster, action.binding), isRemovedLater: true });
    else
      report.push({
        cluster,
        binding: `unmodeled: ${describeForeignAcl(action.foreign)}`,
        key: "",
        isRemovedLater: false,
      });
  }
  const appliedKeys = new Set(reading.applied.map(bindingKey));
  const adopted = input.desired.filter(
    (b) => observed.has(bindingKey(b)) && !appliedKeys.has(bindingKey(b)),
  ).length;
  const deleted = new Set(remove.map((r) => r.key));
  return {
    create,
    delete: remove,
    report,
    kept: keptByOthers(cluster, owner, reading.applied, input.desired, deleted, index, observed),
    adopted,
    messages: reading.isComplete
      ? []
      : [
          "its ledger cannot name every binding it applied: some may be left on the cluster when it lets go of them",
        ],
  };
}

/** What deleting `owner` (or moving it away) removes from `ledger.cluster`, and what others keep. */
function release(
  owner: string,
  ledger: AclLedger,
  deletionPolicy: KafkaAclSpec["deletionPolicy"],
  observed: ObservedAclsView | string,
  indexOf: (cluster: string, observed: ObservedAclsView) => DesiredBindingIndex,
): Pick<ResourcePlan, "delete" | "kept" | "messages"> {
  if (deletionPolicy === "Orphan") {
    return {
      delete: [],
      kept: [],
      messages: [`deletionPolicy Orphan: its ${ledger.count} binding(s) on ${ledger.cluster} stay`],
    };
  }
  if (typeof observed === "string") return { delete: [], kept: [], messages: [observed] };
  const index = indexOf(ledger.cluster, observed);
  const reading = readLedger(ledger, [], (key) => observed.has(key));
  const releasable = bindingsToRelease({
    ownerKey: owner,
    applied: reading.applied,
    desired: [],
    index,
    isPresent: (key) => observed.has(key),
  });
  const deleted = new Set(releasable.map(bindingKey));
  return {
    delete: releasable.map((binding) => ({
      ...planned(ledger.cluster, binding),
      reason: "noLongerWanted" as const,
    })),
    kept: keptByOthers(ledger.cluster, owner, reading.applied, [], deleted, index, observed),
    messages: reading.isComplete
      ? []
      : [
          `its ledger names ${reading.applied.length} of the ${ledger.count} binding(s) it applied; the others would be left behind`,
        ],
  };
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
