// A DesiredLink as the MirrorMaker 2 connectors that run it on a Kafka Connect cluster:
// MirrorSourceConnector (records), MirrorCheckpointConnector (consumer offset migration, only
// when asked) and MirrorHeartbeatConnector (only when asked), named from the link. Pure: the
// same link and workers always give the same configs, so "nothing changed" is an equality.
//
// Credentials reach the connectors as config-provider variables the workers resolve and files
// at the path the ConnectCluster says its workers mount Secrets; no secret value is ever in a
// config. Settings layer as: our defaults, then the link's `configs`, then what the link's
// fields decide (the schema refuses `configs` keys the fields set).
import {
  type ConfigProvider,
  type MountedFiles,
  renderConnectProperties,
} from "../../credentials/client-properties.ts";
import type { CredentialSpec, SecretKeyRef } from "../../credentials/credential-spec.ts";
import type { DesiredLink } from "../../ports/link-backend.ts";
import type { ConnectWorkers } from "../../ports/link-backend-factory.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { type ReplicationNaming, replicationNaming } from "./replication-naming.ts";
import { groupFilterConfigs, topicFilterConfigs } from "./topic-filters.ts";

export const CONNECTOR_ROLES = ["source", "checkpoint", "heartbeat"] as const;
export type ConnectorRole = (typeof CONNECTOR_ROLES)[number];

export const CONNECTOR_CLASSES: Readonly<Record<ConnectorRole, string>> = {
  source: "org.apache.kafka.connect.mirror.MirrorSourceConnector",
  checkpoint: "org.apache.kafka.connect.mirror.MirrorCheckpointConnector",
  heartbeat: "org.apache.kafka.connect.mirror.MirrorHeartbeatConnector",
};

/** The connectors of link `linkName`, one per role, e.g. `team-a.orders.MirrorSourceConnector`. */
export function connectorNameOf(linkName: string, role: ConnectorRole): string {
  return `${linkName}.${CONNECTOR_CLASSES[role].split(".").at(-1)}`;
}

export interface RenderedConnector {
  readonly role: ConnectorRole;
  readonly name: string;
  /** The connector's config as Connect stores it (with `name`), ready for PUT and for comparing. */
  readonly config: Readonly<Record<string, string>>;
}

export interface RenderedLink {
  /** The connectors the link needs, in the order they are created. */
  readonly connectors: readonly RenderedConnector[];
  readonly naming: ReplicationNaming;
  /**
   * Who writes records, checkpoints and heartbeats: the link's destination access (producer
   * overrides, needing the override policy All) or, when the workers run on the destination and
   * may not be overridden, the Connect worker's own principal.
   */
  readonly recordWriter: "destinationAccess" | "connectWorker";
}

const BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";

/** Replication factors MirrorMaker 2 defaults to 2 or 3; -1 takes the destination's default.replication.factor. */
const DEFAULTS = {
  source: { "replication.factor": "-1" },
  checkpoint: { "checkpoints.topic.replication.factor": "-1" },
  heartbeat: { "heartbeats.topic.replication.factor": "-1" },
} satisfies Record<ConnectorRole, Record<string, string>>;

function unsupported(message: string): OperatorError {
  return new OperatorError(message, { reason: "LinkSpecUnsupported", isRetryable: false });
}

/** The workers' config provider, for Secrets of `namespace`. */
function providerOf(workers: ConnectWorkers, namespace: string): ConfigProvider {
  const { name, kind } = workers.configProvider;
  if (kind === "kubernetesSecrets") return { kind, name, namespace };
  if (kind === "directory" && workers.secretMountPath) return { kind, name, root: workers.secretMountPath };
  throw unsupported(
    kind === "file"
      ? `Cannot pass the link credential through ConnectCluster "${workers.connectCluster}": its config provider is a FileConfigProvider, which reads properties files, not Secret keys; use kubernetesSecrets or directory`
      : `Cannot pass the link credential through ConnectCluster "${workers.connectCluster}": its directory config provider needs secretMountPath`,
  );
}

/** Files named by a credential, at the path the workers mount Secrets. */
function mountsOf(workers: ConnectWorkers): MountedFiles {
  return {
    pathOf(ref: SecretKeyRef) {
      if (!workers.secretMountPath) {
        throw unsupported(
          `Cannot name Secret "${ref.name}" key "${ref.key}" as a file for ConnectCluster "${workers.connectCluster}": it declares no secretMountPath where its workers mount Secrets (keytabs and PKCS12/JKS stores are files)`,
        );
      }
      return `${workers.secretMountPath}/${ref.name}/${ref.key}`;
    },
  };
}

export function renderMirrorMaker2(link: DesiredLink, workers: ConnectWorkers): RenderedLink {
  const naming = replicationNaming(link);
  const provider = providerOf(workers, link.secretNamespace);
  const mounts = mountsOf(workers);
  const destinationCredential = link.destination.credential;
  if (!destinationCredential) {
    throw unsupported(
      `Cannot run link "${link.name}" on MirrorMaker 2 without a credential for the destination`,
    );
  }
  const client = (credential: CredentialSpec, prefix: string, bootstrapServers: readonly string[]) => ({
    [`${prefix}bootstrap.servers`]: bootstrapServers.join(","),
    ...renderConnectProperties(credential, { provider, mounts, prefix }),
  });

  const recordWriter = recordWriterOf(link, workers);
  const common = {
    "key.converter": BYTES,
    "value.converter": BYTES,
    "header.converter": BYTES,
    "source.cluster.alias": naming.sourceAlias,
    "target.cluster.alias": naming.targetAlias,
    ...client(destinationCredential, "target.cluster.", link.destination.bootstrapServers),
    ...(recordWriter === "destinationAccess"
      ? client(destinationCredential, "producer.override.", link.destination.bootstrapServers)
      : {}),
    ...naming.policyConfigs,
  };
  const sourceClient = client(link.source.credential, "source.cluster.", link.source.bootstrapServers);
  const offsets = link.consumerOffsets;
  const interval = (key: string, seconds: number | undefined) =>
    seconds === undefined ? {} : { [key]: String(seconds) };

  const fields: Partial<Record<ConnectorRole, Record<string, string>>> = {
    source: {
      ...common,
      ...sourceClient,
      ...topicFilterConfigs(link.mirrors),
      "emit.offset-syncs.enabled": String(offsets.isEnabled),
      // Without offset migration nothing needs offset syncs (and MirrorMaker 2 refuses their settings).
      // With it they live on the destination, so the source only ever sees reads.
      ...(offsets.isEnabled ? { "offset-syncs.topic.location": "target" } : {}),
      "sync.topic.acls.enabled": String(link.aclSync.isEnabled),
      ...interval("sync.topic.acls.interval.seconds", link.aclSync.intervalSeconds),
    },
  };
  if (offsets.isEnabled) {
    fields.checkpoint = {
      ...common,
      ...sourceClient,
      ...topicFilterConfigs(link.mirrors),
      ...groupFilterConfigs(offsets),
      "offset-syncs.topic.location": "target",
      "emit.checkpoints.enabled": "true",
      "sync.group.offsets.enabled": "true",
      ...interval("emit.checkpoints.interval.seconds", offsets.intervalSeconds),
      ...interval("sync.group.offsets.interval.seconds", offsets.intervalSeconds),
    };
  }
  if (link.mirrorMaker2?.heartbeats) fields.heartbeat = { ...common };

  const connectors = CONNECTOR_ROLES.flatMap((role): RenderedConnector[] => {
    const own = fields[role];
    if (!own) return [];
    const name = connectorNameOf(link.name, role);
    const defaults: Record<string, string> = { ...DEFAULTS[role] };
    if (role === "source" && offsets.isEnabled) {
      defaults["offset-syncs.topic.replication.factor"] = "-1";
      // Every record gets an offset sync, so a migrated group resumes exactly where it stopped
      // (MirrorMaker 2's default of 100 lets it re-read up to 100 records per partition).
      defaults["offset.lag.max"] = "0";
    }
    return [
      {
        role,
        name,
        config: { ...defaults, ...link.configs, ...own, name, "connector.class": CONNECTOR_CLASSES[role] },
      },
    ];
  });
  return { connectors, naming, recordWriter };
}

/**
 * Records go out through the worker's producer, to the worker's own cluster unless the connector
 * overrides it; overriding bootstrap.servers and TLS settings needs the override policy All.
 */
function recordWriterOf(link: DesiredLink, workers: ConnectWorkers): RenderedLink["recordWriter"] {
  if (workers.overridePolicy === "All") return "destinationAccess";
  if (workers.kafkaCluster === link.destination.kafkaCluster) return "connectWorker";
  throw unsupported(
    `Cannot write link "${link.name}" to KafkaCluster "${link.destination.kafkaCluster}" from ConnectCluster "${workers.connectCluster}": its workers run on "${workers.kafkaCluster}" and its override policy ${workers.overridePolicy} does not let a connector write elsewhere (use a ConnectCluster on the destination, or overridePolicy All)`,
  );
}
