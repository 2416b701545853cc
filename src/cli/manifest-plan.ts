// What applying manifests would make the operator do on Kafka: per KafkaAcl of the manifests
// (and per KafkaAcl they drop, with --prune) the bindings it would create and delete, those
// another resource keeps alive, and what tenancy would refuse. Planned on the state the
// manifests would produce (the live resources of every kind with the manifests' specs in
// place, each keeping its live status), with the KafkaAcl kind's own functions: its claims,
// planKafkaAcl for the verdict its reconciler reaches, planOwnedAcls for a deletion, as its
// finalizer does (owner-plan.ts gathers as the reconciler does). Pure.
import { z } from "zod";
import type { ObservedAclsView } from "../access/observed-acls.ts";
import { checkClaim, planOwnedAcls } from "../access/plan-owned-acls.ts";
import { planKafkaAcl } from "../kinds/kafka-acl/plan.ts";
import { type KafkaAclSpec, kafkaAclKind, kafkaAclSpecSchema } from "../kinds/kafka-acl/schema.ts";
import type { ReferencedKafkaCluster } from "../kinds/shared/kafka-cluster-reference.ts";
import { OperatorError } from "../ports/operator-error.ts";
import { type AclOwner, aclOwnerOf, type OwnerObject } from "./acl-owners.ts";
import {
  describeChanges,
  exclusiveClaimants,
  gatherOffline,
  indexOwners,
  type PlanContext,
  type PlannedBinding,
  type PlannedChanges,
} from "./owner-plan.ts";

export interface PlanInput {
  /**
   * The manifests' resources of kinds that own ACLs, namespaces filled in, with the file each
   * came from. KafkaAcls are planned; the others count for the bindings they keep alive.
   */
  readonly manifests: readonly { readonly object: OwnerObject; readonly source: string }[];
  /** Every resource of every kind that owns ACLs, as the API server holds it. */
  readonly live: readonly AclOwner[];
  /** Live KafkaAcls the manifests drop and that would be deleted (--prune). */
  readonly pruned: readonly AclOwner[];
  /** KafkaClusters as they would be: live ones, with the manifests' specs in place. */
  readonly kafkaClusters: readonly ReferencedKafkaCluster[];
  /** Each cluster's ACLs ("namespace/name"), or why they could not be read. */
  readonly observed: ReadonlyMap<string, ObservedAclsView | OperatorError>;
  readonly now: Date;
}

/**
 * `new`: not in the API server yet. `changed`/`unchanged`: whether Kafka would change.
 * `deleted`: dropped from the manifests (--prune). `dryRun`: spec.dryRun, only planned into
 * status. `refused`: tenancy forbids it; nothing is applied. `invalid`: the spec does not parse.
 * `blocked`: the operator could not apply it now (its KafkaCluster missing or not Ready, the
 * cluster unreadable); `reason` is what its Ready condition would say.
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

export interface ResourcePlan extends PlannedChanges {
  readonly kind: "KafkaAcl";
  readonly namespace: string;
  readonly name: string;
  readonly source?: string;
  readonly state: ResourceState;
  /** The reason its Ready condition would give when it is refused, invalid or blocked. */
  readonly reason?: string;
}

export interface ManifestPlan {
  /** Resources with something to show, in manifest order, pruned ones last. */
  readonly resources: readonly ResourcePlan[];
  /** Per binding across resources: who creates and who deletes it. */
  readonly bindings: {
    readonly create: readonly (PlannedBinding & { readonly by: readonly string[] })[];
    readonly delete: readonly (PlannedBinding & { readonly by: readonly string[] })[];
  };
  /** Resources of the manifests of other kinds: counted as owners, not planned. */
  readonly notes: readonly string[];
  /** Whether the operator would create or delete any ACL. */
  readonly hasChanges: boolean;
  /** Whether some resource is invalid, refused or blocked. */
  readonly hasErrors: boolean;
}

/** The owners in the proposed state: the manifests' (with the live status and creation time) in place of the live ones, pruned ones gone. */
function proposedOwners(input: Pick<PlanInput, "manifests" | "live" | "pruned">) {
  const liveByName = new Map(input.live.map((owner) => [owner.name, owner]));
  const manifests = input.manifests.map(({ object, source }) => {
    const kind = object.kind ?? "";
    const live = liveByName.get(aclOwnerOf(kind, object).name);
    const status = live?.object.status;
    // A live one keeps its creation time, which decides who holds exclusive mode.
    const createdAt = live?.object.metadata?.creationTimestamp;
    const metadata = createdAt ? { ...object.metadata, creationTimestamp: createdAt } : object.metadata;
    const proposed = { ...object, ...(metadata ? { metadata } : {}), ...(status ? { status } : {}) };
    return { owner: aclOwnerOf(kind, proposed), isLive: !!live, source };
  });
  const replaced = new Set([...manifests.map((m) => m.owner.name), ...input.pruned.map((o) => o.name)]);
  return {
    manifests,
    owners: [...input.live.filter((o) => !replaced.has(o.name)), ...manifests.map((m) => m.owner)],
  };
}

const isKafkaAcl = (owner: AclOwner) => owner.kind === kafkaAclKind.kind;

/** The clusters whose ACLs the plan needs: those the manifests' KafkaAcls claim or hold ledgers on, and the pruned ones'. */
export function clustersToRead(input: Pick<PlanInput, "manifests" | "live" | "pruned">): string[] {
  const planned = [
    ...proposedOwners(input)
      .manifests.map((m) => m.owner)
      .filter(isKafkaAcl),
    ...input.pruned,
  ];
  const clusters = planned.flatMap((o) => [
    ...o.claims.map((c) => c.cluster),
    ...o.ledgers.map((l) => l.cluster),
  ]);
  return [...new Set(clusters)].sort();
}

export function planManifests(input: PlanInput): ManifestPlan {
  const { manifests, owners } = proposedOwners(input);
  const clusters = {
    get: (namespace: string, name: string) =>
      input.kafkaClusters.find((c) => c.metadata?.namespace === namespace && c.metadata?.name === name),
  };
  const context: PlanContext = {
    clusters,
    indexOf: indexOwners(owners, clusters),
    exclusiveClaimantsOf: exclusiveClaimants(owners, clusters),
    observedOf: (cluster) =>
      input.observed.get(cluster) ??
      new OperatorError(`the ACLs of ${cluster} were not read`, { reason: "Unexpected", isRetryable: false }),
    now: input.now,
  };
  const resources = [
    ...manifests.filter((m) => isKafkaAcl(m.owner)).map((m) => planManifest(context, m)),
    ...input.pruned.map((owner) => planPruned(context, owner)),
  ];
  const notes = manifests
    .filter((m) => !isKafkaAcl(m.owner))
    .map(
      ({ owner, source }) =>
        `${owner.name} (${source}): counted for the bindings it ${owner.isClaimedFromLedgers ? "holds" : "claims"}; its own changes are not planned`,
    );
  return summarize(resources, notes);
}

function names(owner: AclOwner) {
  return { namespace: owner.namespace, name: owner.object.metadata?.name ?? "" };
}

const NO_CHANGES: PlannedChanges = {
  create: [],
  delete: [],
  report: [],
  kept: [],
  keptOutsideLimits: [],
  adopted: 0,
  messages: [],
};

/** One KafkaAcl of the manifests, planned as its reconcile would plan it. */
function planManifest(
  context: PlanContext,
  { owner, isLive, source }: { owner: AclOwner; isLive: boolean; source: string },
): ResourcePlan {
  const base = { kind: "KafkaAcl" as const, ...names(owner), source };
  const parsed = kafkaAclSpecSchema.safeParse(owner.object.spec);
  if (!parsed.success) {
    return {
      ...NO_CHANGES,
      ...base,
      state: "invalid",
      reason: "InvalidSpec",
      messages: [z.prettifyError(parsed.error)],
    };
  }
  const gathered = gatherOffline(owner, owner.claims, context);
  const verdict = planKafkaAcl(parsed.data, gathered, { isOperatorDryRun: false });
  if (verdict.action === "report" && verdict.observation.state === "blocked") {
    const { reason, message } = verdict.observation;
    // Every violation, where status names the first few.
    const violations = gathered.claims.flatMap((claim) => {
      const view = gathered.clusters.get(claim.cluster);
      if (!view?.isUsable) return [];
      const found = checkClaim(claim, view.limits, owner.namespace).violations;
      return found.length === 0
        ? []
        : [
            `KafkaCluster ${claim.cluster} does not delegate these to namespace ${owner.namespace}; nothing would be applied:`,
            ...found,
          ];
    });
    return {
      ...NO_CHANGES,
      ...base,
      state: reason === "TenancyViolation" ? "refused" : "blocked",
      reason,
      messages: violations.length > 0 ? violations : [message],
    };
  }
  // A dry run's status shows this plan; applying carries it out.
  const plan = verdict.action === "apply" ? verdict.plan : planOwnedAcls(gathered);
  const changes = describeChanges(gathered, plan);
  const moves = plan.releases.map(
    (r) => `lets go of what it applied on KafkaCluster ${r.ledger.cluster} for ${r.ledger.principal}`,
  );
  const isChanged = changes.create.length > 0 || changes.delete.length > 0 || changes.report.length > 0;
  return {
    ...base,
    ...changes,
    state: parsed.data.dryRun ? "dryRun" : !isLive ? "new" : isChanged ? "changed" : "unchanged",
    messages: [...moves, ...changes.messages],
  };
}

/** A live KafkaAcl the manifests drop (--prune): what its finalizer would release. */
function planPruned(context: PlanContext, owner: AclOwner): ResourcePlan {
  const base = { kind: "KafkaAcl" as const, ...names(owner), state: "deleted" as const };
  const count = owner.ledgers.reduce((sum, l) => sum + l.count, 0);
  if (count === 0) return { ...NO_CHANGES, ...base, messages: ["it holds no bindings"] };
  const policy = (owner.object.spec as Partial<KafkaAclSpec> | undefined)?.deletionPolicy;
  if (policy === "Orphan") {
    return { ...NO_CHANGES, ...base, messages: [`deletionPolicy Orphan: its ${count} binding(s) stay`] };
  }
  const gathered = gatherOffline(owner, [], context);
  return { ...base, ...describeChanges(gathered, planOwnedAcls(gathered)) };
}

function summarize(resources: readonly ResourcePlan[], notes: readonly string[]): ManifestPlan {
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
    notes,
    hasChanges: create.length > 0 || remove.length > 0,
    hasErrors: resources.some((r) => r.state === "invalid" || r.state === "refused" || r.state === "blocked"),
  };
}
