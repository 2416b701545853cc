// ConnectorPrincipal's plan: from the spec, the ConnectCluster's facts, the connector as
// Connect has it and what status recorded, everything the reconciler applies, in the order it
// must: validate the merged config with the worker (the override policy decides; nothing is
// applied when it refuses), apply the ACLs, PUT the config when it changed, restart the tasks
// when their identity changed, then record the keys and the fingerprint. Pure: no I/O.
import type { AclBinding } from "../../access/acl-binding.ts";
import type { Connector, ConnectorPlugin } from "../../ports/connect-api.ts";
import { type ConfigChange, mergeOverrides, removeOverrides } from "./config-merge.ts";
import { type ConnectorAccess, resolveConnectorAccess, type WorkerSettings } from "./connector-access.ts";
import { detectConnectorRole } from "./connector-role.ts";
import { overridePolicyNeeded, type PolicyNeed } from "./override-policy.ts";
import { renderOverrides, type WorkerSecrets } from "./override-properties.ts";
import type { ConnectorPrincipalReason } from "./reasons.ts";
import { requiredBindings } from "./required-bindings.ts";
import type { ConnectorPrincipalSpec, ConnectorRole } from "./schema.ts";
import { credentialFingerprint, planTaskRestart, type TaskRestart } from "./task-restart.ts";

export interface ConnectorPrincipalInput {
  readonly spec: ConnectorPrincipalSpec;
  /** The ConnectCluster's workers: their group and offsets topic, and how they reach Secrets. */
  readonly workers: WorkerSettings & WorkerSecrets;
  /** The connector as Connect has it (variables unresolved); undefined when it does not exist. */
  readonly connector: Connector | undefined;
  readonly plugins: readonly ConnectorPlugin[];
  /** Hash of the credential's referenced Secret data, from resolving it. */
  readonly secretDataHash: string;
  /** What status recorded: the keys this resource set and the fingerprint the tasks started with. */
  readonly recorded: RecordedOverrides;
}

export interface RecordedOverrides {
  readonly overrideKeys: readonly string[];
  readonly credentialFingerprint: string | undefined;
}

export type ConnectorPrincipalPlan =
  /** Nothing can be applied yet, for `reason`; ACLs applied before stay as they are. */
  | {
      readonly state: "waiting";
      readonly principal: string;
      readonly reason: ConnectorPrincipalReason;
      readonly message: string;
    }
  | {
      readonly state: "ready";
      readonly principal: string;
      readonly role: ConnectorRole;
      /** For PUT /connector-plugins/{class}/config/validate. */
      readonly pluginClass: string;
      readonly access: ConnectorAccess;
      readonly bindings: readonly AclBinding[];
      /** Every key this resource sets; the names go to status.overrideKeys once applied. */
      readonly overrides: Readonly<Record<string, string>>;
      readonly policyNeed: PolicyNeed;
      /** When "updated", validate `config` with the worker first, then PUT it after the ACLs. */
      readonly configChange: ConfigChange;
      readonly fingerprint: string;
      readonly restart: TaskRestart;
    };

/** The principal the ACLs are for: as given, or the SCRAM/PLAIN user name. */
export function principalOf(spec: Pick<ConnectorPrincipalSpec, "principal" | "credential">): string {
  // The schema requires principal unless a user name is given.
  return spec.principal ?? `User:${spec.credential.sasl?.username}`;
}

export function planConnectorPrincipal(input: ConnectorPrincipalInput): ConnectorPrincipalPlan {
  const { spec, connector, workers } = input;
  const principal = principalOf(spec);
  const waiting = (reason: ConnectorPrincipalReason, message: string): ConnectorPrincipalPlan => ({
    state: "waiting",
    principal,
    reason,
    message,
  });
  if (connector === undefined) {
    return waiting(
      "ConnectorNotFound",
      `Connector "${spec.connector}" does not exist on the Connect cluster; applied as soon as it appears (ACLs applied before stay until this resource is deleted)`,
    );
  }
  const detection = detectConnectorRole({
    specRole: spec.role,
    connectorClass: connector.config["connector.class"],
    plugins: input.plugins,
  });
  if (!detection.isDetected) return waiting(detection.reason, detection.message);
  const resolution = resolveConnectorAccess({
    spec,
    role: detection.role,
    config: connector.config,
    workers,
  });
  if (!resolution.isResolved) return waiting(resolution.reason, resolution.message);
  const { access } = resolution;
  const rendering = renderOverrides({
    credential: spec.credential,
    access,
    workers,
    bootstrapServers: spec.bootstrapServers,
  });
  if (!rendering.isRendered) return waiting(rendering.reason, rendering.message);
  const { overrides } = rendering;
  const configChange = mergeOverrides({
    current: connector.config,
    overrides,
    previouslyOwned: input.recorded.overrideKeys,
  });
  const fingerprint = credentialFingerprint({
    principal,
    credential: spec.credential,
    secretDataHash: input.secretDataHash,
  });
  return {
    state: "ready",
    principal,
    role: detection.role,
    pluginClass: detection.pluginClass,
    access,
    bindings: requiredBindings(access, spec.connector, principal),
    overrides,
    policyNeed: overridePolicyNeeded(Object.keys(overrides)),
    configChange,
    fingerprint,
    restart: planTaskRestart({
      recorded: input.recorded.credentialFingerprint,
      current: fingerprint,
      isConfigWritten: configChange.outcome === "updated",
    }),
  };
}

export interface ReleasePlan {
  /** When "updated", PUT `config`: the connector without the keys this resource set. */
  readonly configChange: ConfigChange;
  readonly restart: TaskRestart;
}

/**
 * What deleting the resource does to the connector: takes out the keys it set (the ACLs are
 * released by the kinds' shared ACL ownership). `Orphan`, or a connector that is gone, changes nothing.
 */
export function planRelease(input: {
  deletionPolicy: ConnectorPrincipalSpec["deletionPolicy"];
  connector: Connector | undefined;
  recorded: RecordedOverrides;
}): ReleasePlan {
  const configChange: ConfigChange =
    input.deletionPolicy === "Orphan" || input.connector === undefined
      ? { outcome: "unchanged" }
      : removeOverrides({ current: input.connector.config, owned: input.recorded.overrideKeys });
  return {
    configChange,
    restart: planTaskRestart({
      recorded: input.recorded.credentialFingerprint,
      current: undefined,
      isConfigWritten: configChange.outcome === "updated",
    }),
  };
}
