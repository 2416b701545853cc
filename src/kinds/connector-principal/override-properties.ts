// The connector config keys that make a connector's Kafka clients authenticate as its own
// principal: the credential rendered under the prefix of each client Connect gives the
// connector (as Connect's own herder decides which clients a connector uses), and under the
// Connect Reporter's prefixes when it has one. Secrets are config-provider variables the
// workers resolve; keytabs and PKCS12/JKS stores are paths where the workers mount Secrets.

import {
  type ConfigProvider,
  type MountedFiles,
  renderConnectProperties,
} from "../../credentials/client-properties.ts";
import type { CredentialSpec, SecretKeyRef } from "../../credentials/credential-spec.ts";
import type { ConnectorAccess } from "./connector-access.ts";

/** The prefixes of the connector's client overrides, governed by the workers' override policy. */
export const OVERRIDE_PREFIXES = ["producer.override.", "consumer.override.", "admin.override."] as const;
/** The Connect Reporter's client prefixes: plain connector settings, outside the override policy. */
const REPORTER_PREFIXES = ["reporter.producer.", "reporter.admin."] as const;
const REPORTER_BOOTSTRAP = "reporter.bootstrap.servers";

/**
 * Whether a config key is of a kind this resource sets. Keys recorded in status are removed
 * only when this holds, so an edited status cannot make the operator delete a user's key.
 */
export function isOverrideKey(key: string): boolean {
  return (
    key === REPORTER_BOOTSTRAP ||
    [...OVERRIDE_PREFIXES, ...REPORTER_PREFIXES].some((prefix) => key.startsWith(prefix))
  );
}

/** How the workers reach a Secret: the config provider, and where Secrets are mounted as files if they are. */
export interface WorkerSecrets {
  readonly provider: ConfigProvider;
  readonly mounts: MountedFiles | undefined;
}

export type OverrideRendering =
  | { readonly isRendered: true; readonly overrides: Readonly<Record<string, string>> }
  | { readonly isRendered: false; readonly reason: "SecretMountUnknown"; readonly message: string };

/**
 * The clients Connect gives the connector, as its herder decides (connectorUsesProducer,
 * connectorUsesConsumer, connectorUsesAdmin): a sink's consumer, and its producer and admin
 * for the dead letter queue; a source's producer, its admin when it creates topics, and under
 * exactly-once its admin (zombie fencing) and consumer (its offsets topic).
 */
export function overridePrefixes(access: ConnectorAccess): string[] {
  if (access.role === "sink") {
    return access.deadLetterQueueTopic === undefined
      ? ["consumer.override."]
      : ["consumer.override.", "producer.override.", "admin.override."];
  }
  if (access.exactlyOnce) return ["producer.override.", "admin.override.", "consumer.override."];
  return access.topicCreation ? ["producer.override.", "admin.override."] : ["producer.override."];
}

export function renderOverrides(input: {
  credential: CredentialSpec;
  access: ConnectorAccess;
  workers: WorkerSecrets;
  /** The listener for the credential, when the workers' own bootstrap servers are another. */
  bootstrapServers: readonly string[] | undefined;
}): OverrideRendering {
  const { credential, access, workers, bootstrapServers } = input;
  const files: SecretKeyRef[] = [];
  const mounts: MountedFiles = {
    pathOf(ref) {
      files.push(ref);
      return workers.mounts?.pathOf(ref) ?? "";
    },
  };
  const prefixes = [...overridePrefixes(access), ...(access.reporter === undefined ? [] : REPORTER_PREFIXES)];
  const overrides: Record<string, string> = {};
  for (const prefix of prefixes) {
    Object.assign(
      overrides,
      renderConnectProperties(credential, { provider: workers.provider, mounts, prefix }),
    );
    if (bootstrapServers !== undefined && !prefix.startsWith("reporter.")) {
      overrides[`${prefix}bootstrap.servers`] = bootstrapServers.join(",");
    }
  }
  if (access.reporter !== undefined && bootstrapServers !== undefined) {
    overrides[REPORTER_BOOTSTRAP] = bootstrapServers.join(",");
  }
  if (workers.mounts === undefined && files.length > 0) {
    const named = [...new Set(files.map((ref) => `Secret "${ref.name}" key "${ref.key}"`))].join(", ");
    return {
      isRendered: false,
      reason: "SecretMountUnknown",
      message: `The credential needs files on the workers (${named}), and the ConnectCluster does not say where its workers mount Secrets`,
    };
  }
  return { isRendered: true, overrides };
}
