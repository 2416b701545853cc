// The one path by which a resource of any kind owns ACLs. A kind says only what it wants, as
// (cluster, principal, bindings) claims; this does the rest: declaring every owner at
// start-up (exclusive mode included), gathering what each cluster holds and what the namespace
// may do there, executing
// a plan (access/plan-owned-acls.ts) with its Events and drift metric, the finalizer, release
// on deletion (or of a cluster or principal no longer claimed), and the ledgers in status.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { type AclBinding, parseBindingKey } from "../../access/acl-binding.ts";
import type { AclLedger } from "../../access/ownership-ledger.ts";
import {
  type AclClaim,
  type ClusterView,
  declaredBindings,
  entryKey,
  exclusiveEntries,
  type OwnedAclsInput,
  type OwnedAclsPlan,
  type OwnedLedger,
  planOwnedAcls,
} from "../../access/plan-owned-acls.ts";
import type { NamespaceAclLimits, TenancyScope } from "../../access/tenancy-check.ts";
import { type Condition, condition } from "../../controller/conditions.ts";
import type { InformerCache } from "../../controller/informer-cache.ts";
import type { Runtime } from "../../controller/manager.ts";
import { objectKey, type ResourceType, splitKey } from "../../controller/resource.ts";
import { reportStatus } from "../../controller/status-report.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { recordAclChanges } from "./acl-change-events.ts";
import { ACL_FINALIZER, type AclOwnership, type OwnedAclsOutcome } from "./acl-ownership.ts";
import { firstFew } from "./first-few.ts";
import {
  clusterRefOf,
  KAFKA_CLUSTER_RESOURCE,
  type ReferencedKafkaCluster,
  tenancyScopeOn,
  useKafkaCluster,
} from "./kafka-cluster-reference.ts";
import { ACL_OWNERSHIP_REASON_OF, type AclOwnershipReason } from "./reasons.ts";

type Owner = KubernetesObject & {
  status?: Record<string, unknown> & { aclLedgers?: OwnedLedger[]; conditions?: Condition[] };
};

/** What a kind tells the ownership path about itself; constant per kind. */
export interface AclOwningKind {
  readonly resource: ResourceType;
  /** A status field an earlier version kept its one ledger in; read on upgrade, then removed. */
  readonly legacyLedgerField?: string;
  /** What the bindings are called in Events ("worker ACL binding"). */
  readonly noun?: string;
}

/**
 * The ledgers a status holds, reading an earlier version's single ledger (in `legacyField`, no
 * principal) on upgrade so no ownership is lost: its principal is the one its keys name.
 */
export function ownedLedgersOf(status: Owner["status"], legacyField: string | undefined): OwnedLedger[] {
  if (status?.aclLedgers) return status.aclLedgers;
  const legacy = legacyField ? (status?.[legacyField] as AclLedger | undefined) : undefined;
  const principal = legacy?.bindings.flatMap((key) => parseBindingKey(key)?.principal ?? [])[0];
  return legacy && principal ? [{ ...legacy, principal }] : [];
}

export class OwnedAcls {
  readonly #runtime: Runtime;
  readonly #settings: AclOwningKind & {
    readonly ownership: AclOwnership;
    /** Operator-wide dry run: nothing is written to Kafka, and deletions wait. */
    readonly dryRun: boolean;
  };
  readonly #clusters;
  readonly #writer;

  constructor(
    runtime: Runtime,
    ownership: AclOwnership,
    kind: AclOwningKind,
    { dryRun }: { dryRun: boolean },
  ) {
    this.#runtime = runtime;
    this.#settings = { ...kind, ownership, dryRun };
    this.#clusters = runtime.cacheOf<ReferencedKafkaCluster>(KAFKA_CLUSTER_RESOURCE);
    this.#writer = runtime.writerFor(kind.resource);
  }

  ownerKey(object: KubernetesObject): string {
    return `${this.#settings.resource.kind}/${objectKey(object)}`;
  }

  /** Whether the owner asked for exclusive mode anywhere when it was last declared. */
  askedExclusive(object: KubernetesObject): boolean {
    return this.#settings.ownership.asksExclusive(this.ownerKey(object));
  }

  /**
   * The start of every reconcile of an owner: the live object for `key`, or undefined once a
   * gone one is forgotten or a deleted one finalized (see `finalize`).
   */
  async liveOwner<O extends Owner>(
    cache: Pick<InformerCache<O>, "get">,
    key: string,
    logger: Logger,
    isOrphaned: (object: O) => boolean,
  ): Promise<O | undefined> {
    const { namespace, name } = splitKey(key);
    const object = cache.get(namespace, name);
    if (!object) {
      this.#settings.ownership.forget(`${this.#settings.resource.kind}/${key}`);
      return undefined;
    }
    if (!object.metadata?.deletionTimestamp) return object;
    await this.finalize(object, { isOrphaned: isOrphaned(object) }, logger);
    return undefined;
  }

  /**
   * Declares what every resource wants, before any deletion (the manager marks ownership
   * loaded once every kind has), so a binding two resources share survives whichever is
   * reconciled first after a restart. Only what the namespace may grant counts, as in a plan;
   * `claimsOf` gives none for a spec it cannot read. A resource being deleted is declared too:
   * until its finalizer has run it holds what it declared, so its release also removes what a
   * process killed before writing the ledger had created for it.
   */
  declareAtStart<O extends KubernetesObject>(
    objects: Iterable<O>,
    claimsOf: (object: O) => readonly AclClaim[],
  ): void {
    for (const object of objects) this.#declare(object, claimsOf(object));
  }

  /** The ledgers in the object's status (an earlier version's, on upgrade). */
  ledgersOf(object: Owner): OwnedLedger[] {
    return ownedLedgersOf(object.status, this.#settings.legacyLedgerField);
  }

  /** The status fields that hold `ledgers`; an earlier version's field is dropped. */
  statusFields(ledgers: readonly OwnedLedger[]): Record<string, unknown> {
    const field = this.#settings.legacyLedgerField;
    return {
      aclLedgers: ledgers.length > 0 ? ledgers.map((l) => ({ ...l, bindings: [...l.bindings] })) : undefined,
      ...(field ? { [field]: undefined } : {}),
    };
  }

  /** Declares the claims and reads every cluster they or the ledgers name: what a plan needs. */
  async gather(object: Owner, claims: readonly AclClaim[]): Promise<OwnedAclsInput<AclOwnershipReason>> {
    const ledgers = this.ledgersOf(object);
    const declaredBefore = this.#declare(object, claims, ledgers);
    const namespace = object.metadata?.namespace ?? "";
    const names = new Set([
      ...claims.map((c) => c.cluster),
      ...ledgers.map((l) => l.cluster),
      ...[...declaredBefore].flatMap(([cluster, bindings]) => (bindings.length > 0 ? [cluster] : [])),
    ]);
    const views = await Promise.all(
      [...names].map(async (name) => [name, await this.#view(name, namespace)] as const),
    );
    const { ownership } = this.#settings;
    const exclusiveClaimants = new Map(
      claims.flatMap((claim) =>
        claim.exclusive ? [[entryKey(claim), ownership.exclusiveClaimantsOf(entryKey(claim))] as const] : [],
      ),
    );
    return {
      ownerKey: this.ownerKey(object),
      namespace,
      claims,
      ledgers,
      clusters: new Map(views),
      declaredBefore,
      ...(exclusiveClaimants.size > 0 ? { exclusiveClaimants } : {}),
      now: new Date(),
    };
  }

  /** Puts the finalizer on (before anything is written) or takes it off. */
  async setFinalizer(object: KubernetesObject, isWanted: boolean): Promise<void> {
    await this.#writer.setFinalizer(object, ACL_FINALIZER, isWanted);
  }

  /** Carries out `plan` and records its Events and drift repairs. */
  async execute(
    object: KubernetesObject,
    plan: OwnedAclsPlan<AclOwnershipReason>,
    { isReadyEventEnough = false }: { isReadyEventEnough?: boolean } = {},
  ): Promise<OwnedAclsOutcome> {
    const outcome = await this.#settings.ownership.execute(plan);
    recordAclChanges(this.#runtime, object, plan, outcome, {
      kind: this.#settings.resource.kind,
      noun: this.#settings.noun ?? "binding",
      isReadyEventEnough,
    });
    return outcome;
  }

  /**
   * The deletion of a resource that may hold ACLs: releases what it applied (or, `isOrphaned`,
   * leaves it), then takes the finalizer off. Waits, saying why in status, while something
   * cannot be released yet, and under the operator-wide dry run.
   */
  async finalize(object: Owner, { isOrphaned }: { isOrphaned: boolean }, logger: Logger): Promise<void> {
    const ledgers = this.ledgersOf(object);
    const count = ledgers.reduce((sum, l) => sum + l.count, 0);
    const where = [...new Set(ledgers.map((l) => l.cluster))].join(", ");
    if (isOrphaned) {
      if (count > 0) {
        this.#runtime.events.record(
          object,
          "Normal",
          "AclsOrphaned",
          `Left ${count} binding(s) on ${where} (deletionPolicy Orphan)`,
        );
      }
    } else if (this.#settings.dryRun) {
      if (count > 0) {
        const message = `Deleting would remove up to ${count} binding(s) on ${where}; the operator runs with --dry-run, so the finalizer stays`;
        await this.#blocked(object, logger, message, ledgers);
        return;
      }
    } else {
      // Also with no ledger in status: what it declared while present is its to release (a
      // process killed before writing the ledger created it).
      const outcome = await this.execute(object, planOwnedAcls(await this.gather(object, [])));
      const failed = outcome.released.filter((r) => r.failures.length > 0);
      if (failed.length > 0) {
        const message = failed
          .map(
            (r) =>
              `Cannot remove the bindings this resource applied on ${r.ledger.cluster}: ${firstFew(r.failures)}`,
          )
          .join("; ");
        await this.#blocked(object, logger, message, outcome.ledgers);
        // Status says why; the error only asks for a retry with backoff.
        throw new Error(message);
      }
      const released = outcome.released.reduce((sum, r) => sum + r.released, 0);
      const clusters = [...new Set(outcome.released.map((r) => r.ledger.cluster))].join(", ");
      if (released > 0) logger.info({ clusters, count: released }, "released ACL bindings");
    }
    this.#settings.ownership.forget(this.ownerKey(object));
    await this.setFinalizer(object, false);
  }

  async #blocked(object: Owner, logger: Logger, message: string, ledgers: readonly OwnedLedger[]) {
    await reportStatus(
      { writer: this.#writer, events: this.#runtime.events, logger },
      object,
      [condition("Ready", "False", "AclReleaseBlocked", message)],
      this.statusFields(ledgers),
    );
  }

  /**
   * Declares, per cluster, what the claims there may grant; clusters only ledgers name, or
   * only an earlier declaration, get nothing. Declares too where it asks for exclusive mode
   * and may have it, with its creation time, which decides between two such owners.
   * Returns what was declared before, per cluster.
   */
  #declare(
    object: KubernetesObject,
    claims: readonly AclClaim[],
    ledgers: readonly OwnedLedger[] = [],
  ): Map<string, AclBinding[]> {
    const namespace = object.metadata?.namespace ?? "";
    const ownerKey = this.ownerKey(object);
    const scopeOf = (cluster: string) => tenancyScopeOn(this.#clusters, cluster, namespace);
    const declared = declaredBindings(
      claims,
      ledgers,
      namespace,
      scopeOf,
      this.#settings.ownership.clustersDeclaredBy(ownerKey),
    );
    const before = new Map<string, AclBinding[]>();
    for (const [cluster, bindings] of declared) {
      before.set(cluster, this.#settings.ownership.declare(cluster, ownerKey, bindings));
    }
    this.#settings.ownership.declareExclusive(
      ownerKey,
      exclusiveEntries(claims, namespace, scopeOf),
      creationTimeOf(object),
    );
    return before;
  }

  /** Whether the cluster can be planned against, and what it holds. */
  async #view(name: string, namespace: string): Promise<ClusterView<AclOwnershipReason>> {
    const access = kafkaClusterAccess(this.#clusters, name, namespace);
    if (!access.isUsable) return access;
    try {
      const observed = await this.#settings.ownership.observe(name);
      return {
        isUsable: true,
        limits: access.limits,
        observed,
        index: this.#settings.ownership.indexOf(name),
      };
    } catch (err) {
      if (!(err instanceof OperatorError)) throw err;
      return unreadableCluster(access, err);
    }
  }
}

/** metadata.creationTimestamp as RFC 3339 (the client may give a Date or the API's string). */
export function creationTimeOf(object: KubernetesObject): string | undefined {
  const created = object.metadata?.creationTimestamp as Date | string | undefined;
  return created === undefined ? undefined : new Date(created).toISOString();
}

type UnusableCluster = Extract<ClusterView<AclOwnershipReason>, { isUsable: false }>;

/** A KafkaCluster a resource may plan against once its ACLs are read. */
export interface AdmittedCluster {
  readonly isUsable: true;
  /** The namespace's limits there; undefined: none. */
  readonly limits: NamespaceAclLimits | undefined;
  readonly scope: TenancyScope;
}

/**
 * Whether a resource in `namespace` may plan against the KafkaCluster `name` ("namespace/name"),
 * before its ACLs are read: it exists, admits the namespace, is Ready and has an authorizer; or
 * why not, in the reasons a plan reports, with what the namespace may remove there. Pure.
 */
export function kafkaClusterAccess(
  clusters: Pick<InformerCache<ReferencedKafkaCluster>, "get">,
  name: string,
  namespace: string,
): AdmittedCluster | UnusableCluster {
  const scope = tenancyScopeOn(clusters, name, namespace);
  const unusable = (reason: AclOwnershipReason, message: string): UnusableCluster => ({
    isUsable: false,
    reason,
    message,
    ...(scope ? { scope } : {}),
  });
  const use = useKafkaCluster(clusters, clusterRefOf(name), namespace);
  if (!use.isUsable) return unusable(use.reason, use.message);
  if (use.cluster.status?.authorizerPresent === false) {
    return unusable(
      "AuthorizerDisabled",
      `KafkaCluster "${name}" has no authorizer, so it has no ACLs to manage`,
    );
  }
  // Admitted, so the scope exists.
  return { isUsable: true, limits: use.limits, scope: scope! };
}

/** An admitted cluster whose ACLs could not be read: unusable, for the read's reason. */
export function unreadableCluster(access: AdmittedCluster, err: OperatorError): UnusableCluster {
  return {
    isUsable: false,
    reason: ACL_OWNERSHIP_REASON_OF[err.reason],
    message: err.message,
    scope: access.scope,
  };
}
