// When the connector's tasks must be restarted: Connect resolves config-provider variables
// only when a task starts, so a rotated Secret behind unchanged variables reaches the running
// clients only through a restart; and before Kafka 3.9 a config change reached tasks only when
// their generated configs changed (KAFKA-9228). Restarts happen only when the identity the
// tasks authenticate with changes, never for other edits of our keys; and once after the
// principal's ACLs were created, for tasks the brokers refused before (they stay FAILED).
import { createHash } from "node:crypto";
import type { CredentialSpec } from "../../credentials/credential-spec.ts";
import type { ConnectorStateSummary } from "./connector-state.ts";

/**
 * The credential as the connector's clients use it: a krb5.conf serves only the operator's own
 * login check (the workers' JVM reads its own), so changing it restarts no task.
 */
export function connectorCredential(credential: CredentialSpec): CredentialSpec {
  const gssapi = credential.sasl?.gssapi;
  if (gssapi?.krb5Conf === undefined) return credential;
  const { krb5Conf: _, ...rest } = gssapi;
  return { ...credential, sasl: { ...credential.sasl!, gssapi: rest } };
}

/**
 * Identifies who the tasks authenticate as and with what: the principal, the credential as
 * declared, and the referenced Secret data (its hash, from resolving the credential). Safe for
 * status: a hash of a hash, no Secret value.
 */
export function credentialFingerprint(input: {
  principal: string;
  credential: CredentialSpec;
  secretDataHash: string;
}): string {
  return createHash("sha256")
    .update(
      JSON.stringify([
        input.principal,
        canonical(connectorCredential(input.credential)),
        input.secretDataHash,
      ]),
    )
    .digest("hex");
}

export type TaskRestart = { readonly isNeeded: false } | { readonly isNeeded: true; readonly why: string };

/**
 * `recorded` is the fingerprint the tasks last started with (status); `current` the one now
 * applied, or undefined when our keys are being removed. `isConfigWritten`: the config was
 * PUT in this reconcile. Record `current` only once the restart (when needed) succeeded.
 */
export function planTaskRestart(input: {
  recorded: string | undefined;
  current: string | undefined;
  isConfigWritten: boolean;
}): TaskRestart {
  const { recorded, current, isConfigWritten } = input;
  if (current === undefined) {
    return isConfigWritten
      ? { isNeeded: true, why: "the connector's clients go back to the workers' principal" }
      : { isNeeded: false };
  }
  if (recorded === undefined) {
    return isConfigWritten
      ? { isNeeded: true, why: "the connector's clients take on their own principal" }
      : { isNeeded: false };
  }
  return recorded === current
    ? { isNeeded: false }
    : { isNeeded: true, why: "the principal or its credential changed" };
}

/**
 * What to restart in this reconcile: `planned` (every task, for a new identity), else, once
 * after the principal's ACLs were created (`isAfterAclChange`), only the instances that FAILED:
 * a task the brokers refused stays FAILED until restarted, even once it may read.
 */
export function restartAfterAcls(input: {
  planned: TaskRestart;
  isAfterAclChange: boolean;
  connector: ConnectorStateSummary;
}): TaskRestart & { readonly onlyFailed?: boolean } {
  const { planned, isAfterAclChange, connector } = input;
  if (planned.isNeeded || !isAfterAclChange) return planned;
  const hasFailed = connector.state === "FAILED" || connector.tasks.some((task) => task.state === "FAILED");
  return hasFailed
    ? { isNeeded: true, why: "failed tasks get the ACLs their principal lacked", onlyFailed: true }
    : planned;
}

/** JSON with object keys sorted, so equal specs hash equally whatever their key order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, canonical(v)]),
  );
}
