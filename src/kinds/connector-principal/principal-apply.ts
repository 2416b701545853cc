// The writing half of a ConnectorPrincipal reconcile, for a plan that is ready: the worker's
// verdict on the merged config first (its override policy; nothing is applied when it
// refuses), then the ACLs through the shared ownership path, then the override keys into the
// connector's config (only when they changed) and a restart of its tasks when their identity
// changed. Under a dry run the same checks run and the plan goes to status instead. Returns
// what to report; the reconciler writes it.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { describeOwnedAclsPlan, planOwnedAcls } from "../../access/plan-owned-acls.ts";
import type { Runtime } from "../../controller/manager.ts";
import { objectKey } from "../../controller/resource.ts";
import type { ConnectApi, Connector } from "../../ports/connect-api.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { firstFew } from "../shared/first-few.ts";
import type { OwnedAcls } from "../shared/owned-acls.ts";
import { principalClaims } from "./acl-claims.ts";
import type { ConnectorPrincipalObservation } from "./checks.ts";
import { summarizeConnectorStatus } from "./connector-state.ts";
import { readOverrideValidation } from "./override-policy.ts";
import type { OverrideTarget } from "./override-release.ts";
import type { ConnectorPrincipalPlan, RecordedOverrides } from "./plan.ts";
import { CONNECT_REASON_OF } from "./reasons.ts";
import type { ConnectorPrincipalSpec, ConnectorPrincipalStatus } from "./schema.ts";
import { connectorField, dryRunPlanStatus, readyPlanStatus } from "./status-fields.ts";
import { restartAfterAcls } from "./task-restart.ts";

/** What a reconcile reports, and what happens to its key after. */
export interface ReconcileReport {
  readonly observation: ConnectorPrincipalObservation;
  readonly fields?: Partial<ConnectorPrincipalStatus>;
  /** Look again after this long: a connector to wait for, a change to settle. */
  readonly requeueAfterMs?: number;
  /** Retry with backoff once status is written (status says why). */
  readonly retry?: Error;
}

/** A failed Connect call as a report: retried when trying again may pass. */
export function connectFailure(
  err: unknown,
  fields: Partial<ConnectorPrincipalStatus> = {},
): ReconcileReport {
  if (!(err instanceof OperatorError)) throw err;
  return {
    observation: { stage: "references", reason: CONNECT_REASON_OF[err.reason], message: err.message },
    fields,
    ...(err.isRetryable ? { retry: err } : {}),
  };
}

/** After ACLs were created, how long brokers get to apply them before failed tasks are restarted. */
const ACL_SETTLE_MS = 2_000;
const LISTED_BINDINGS = 100;

export interface ReadyPrincipal {
  readonly spec: ConnectorPrincipalSpec;
  readonly plan: Extract<ConnectorPrincipalPlan, { state: "ready" }>;
  readonly api: ConnectApi;
  /** As read before this plan; its states go to status. */
  readonly connector: Connector;
  readonly target: OverrideTarget;
  /** "namespace/name" of the KafkaCluster the ACLs go to. */
  readonly kafkaCluster: string;
  /** What the plan was made with: the keys status records for this connector, and the fingerprint. */
  readonly recorded: RecordedOverrides;
  /** Status fields to clear: the keys were taken out of the connector they were recorded for. */
  readonly released: Partial<ConnectorPrincipalStatus>;
}

export class PrincipalApply {
  readonly #runtime: Runtime;
  readonly #owned: OwnedAcls;
  readonly #isOperatorDryRun: boolean;
  readonly #connectorPollMs: number;
  /** Resources whose last reconcile created ACLs: their failed tasks get one restart. */
  readonly #aclsJustCreated = new Set<string>();

  constructor(
    runtime: Runtime,
    owned: OwnedAcls,
    { dryRun, connectorPollMs }: { dryRun: boolean; connectorPollMs: number },
  ) {
    this.#runtime = runtime;
    this.#owned = owned;
    this.#isOperatorDryRun = dryRun;
    this.#connectorPollMs = connectorPollMs;
  }

  /** The resource is gone. */
  forget(key: string): void {
    this.#aclsJustCreated.delete(key);
  }

  async apply(
    object: KubernetesObject & { status?: ConnectorPrincipalStatus },
    ready: ReadyPrincipal,
    logger: Logger,
  ): Promise<ReconcileReport> {
    const { spec, plan, api, connector, recorded } = ready;
    // Until this plan's keys are written, status keeps naming the keys (and the connector and
    // fingerprint) it named before.
    const { overrideKeys: _planned, ...planFields } = readyPlanStatus(plan);
    const held: Partial<ConnectorPrincipalStatus> = {
      ...planFields,
      ...ready.released,
      connector: connectorField(summarizeConnectorStatus(connector.status)),
    };
    const { configChange } = plan;
    if (configChange.outcome === "updated") {
      try {
        const fieldErrors = await api.validateConfig(plan.pluginClass, configChange.config);
        const verdict = readOverrideValidation(fieldErrors, plan.overrides);
        if (verdict.verdict !== "allowed") {
          return { observation: { stage: "overrides", verdict }, fields: { ...held, plan: undefined } };
        }
      } catch (err) {
        return connectFailure(err, held);
      }
    }

    const gathered = await this.#owned.gather(object, principalClaims(ready.kafkaCluster, plan));
    const aclPlan = planOwnedAcls(gathered);
    const [entry] = aclPlan.entries;
    if (entry?.state === "blocked") {
      const message = `Nothing applied: ${entry.message}`;
      return { observation: { stage: "acls", reason: entry.reason, message }, fields: held };
    }

    const isRemovedOnDelete = spec.deletionPolicy === "Delete";
    if (this.#isOperatorDryRun || spec.dryRun) {
      const listed = describeOwnedAclsPlan(aclPlan, LISTED_BINDINGS);
      const { plan: planned, hasChanges } = dryRunPlanStatus(plan, listed);
      const holdsSomething = gathered.ledgers.some((l) => l.count > 0) || recorded.overrideKeys.length > 0;
      await this.#owned.setFinalizer(object, isRemovedOnDelete && holdsSomething);
      // Once per plan, not every resync: an unchanged plan is no news.
      if (hasChanges && object.status?.plan?.summary !== planned.summary) {
        this.#runtime.events.record(object, "Normal", "DryRunPlanned", `dryRun: ${planned.summary}`);
      }
      return {
        observation: { stage: "planned", hasChanges, summary: planned.summary },
        fields: { ...held, plan: planned },
      };
    }

    // The finalizer goes on before anything is written, so nothing written can be left behind.
    await this.#owned.setFinalizer(object, isRemovedOnDelete);
    const wasApplied =
      object.status?.conditions?.find((c) => c.type === "Ready")?.reason === "PrincipalApplied";
    const outcome = await this.#owned.execute(object, aclPlan, { isReadyEventEnough: !wasApplied });
    const [applied] = outcome.applied;
    if (!applied) throw new Error("a planned ConnectorPrincipal entry has an outcome");
    const withAcls = {
      ...held,
      ...this.#owned.statusFields(outcome.ledgers),
      failures: applied.failures.length > 0 ? applied.failures.slice(0, 32) : undefined,
      plan: undefined,
    };
    const observed = (current: Connector) =>
      ({
        stage: "applied",
        cluster: ready.kafkaCluster,
        bindingCount: plan.bindings.length,
        aclFailures: applied.failures,
        releaseFailures: outcome.released.flatMap((r) => r.failures),
        kept: [...applied.kept, ...outcome.released.flatMap((r) => r.kept)],
        overrideKeyCount: Object.keys(plan.overrides).length,
        connector: summarizeConnectorStatus(current.status),
      }) as const;
    if (applied.failures.length > 0) {
      // The connector runs as before: under its new principal it would lack access.
      const retry = new Error(`${applied.failures.length} binding(s) not yet applied`);
      return { observation: observed(connector), fields: withAcls, retry };
    }
    return this.#applyToConnector(object, ready, { created: applied.created, withAcls, observed }, logger);
  }

  /** The override keys into the connector's config, and its tasks restarted when they must be. */
  async #applyToConnector(
    object: KubernetesObject,
    ready: ReadyPrincipal,
    {
      created,
      withAcls,
      observed,
    }: {
      created: number;
      withAcls: Partial<ConnectorPrincipalStatus>;
      observed: (current: Connector) => ConnectorPrincipalObservation;
    },
    logger: Logger,
  ): Promise<ReconcileReport> {
    const { spec, plan, api, connector } = ready;
    const key = objectKey(object);
    const { configChange } = plan;
    // Failed tasks are restarted a reconcile after their ACLs were created: brokers apply ACLs a
    // moment after they are committed.
    const isAfterAclChange = this.#aclsJustCreated.delete(key) && created === 0;
    if (created > 0) this.#aclsJustCreated.add(key);
    const restart = restartAfterAcls({
      planned: plan.restart,
      isAfterAclChange,
      connector: summarizeConnectorStatus(connector.status),
    });
    const written = {
      overrideKeys: Object.keys(plan.overrides),
      overrideKeysIn: ready.target,
    };
    let isConfigWritten = false;
    let current = connector;
    try {
      if (configChange.outcome === "updated") {
        // Connect has no conditional update: a connector deleted since it was read is created again.
        await api.putConnectorConfig(spec.connector, configChange.config);
        isConfigWritten = true;
        const keys = [...configChange.setKeys, ...configChange.removedKeys];
        this.#runtime.events.record(
          object,
          "Normal",
          "OverridesApplied",
          `Set ${configChange.setKeys.length} and removed ${configChange.removedKeys.length} override key(s) in connector "${spec.connector}": ${firstFew(keys, 8)}`,
        );
        logger.info({ connector: spec.connector, keys: keys.length }, "applied override keys");
      }
      if (restart.isNeeded) {
        const onlyFailed = restart.onlyFailed ?? false;
        await api.restartConnector(spec.connector, { includeTasks: true, onlyFailed });
        const which = onlyFailed ? "the failed tasks of connector" : "connector";
        this.#runtime.events.record(
          object,
          "Normal",
          "TasksRestarted",
          `Restarted ${which} "${spec.connector}": ${restart.why}`,
        );
      }
      if (isConfigWritten || restart.isNeeded)
        current = (await api.getConnector(spec.connector)) ?? connector;
    } catch (err) {
      return connectFailure(err, { ...withAcls, ...(isConfigWritten ? written : {}) });
    }
    const hasChangedConnect = isConfigWritten || restart.isNeeded;
    return {
      observation: observed(current),
      fields: {
        ...withAcls,
        ...written,
        credentialFingerprint: plan.fingerprint,
        connector: connectorField(summarizeConnectorStatus(current.status)),
      },
      // Look again soon after a change: whether the brokers applied new ACLs before failed tasks
      // get their restart, how the tasks fare under their new identity.
      ...(created > 0
        ? { requeueAfterMs: ACL_SETTLE_MS }
        : hasChangedConnect
          ? { requeueAfterMs: this.#connectorPollMs }
          : {}),
    };
  }
}
