// A cluster link as a backend runs it: MirrorMaker 2 connectors on a Kafka Connect cluster, or
// a Confluent cluster link. Shaped like Crossplane's ExternalClient: `observe` never writes and
// answers "does the link exist, is it as desired, how is it doing"; `create`, `update`,
// `delete`, `pause` and `resume` make it so, each changing only what differs.
//
// The input is backend-neutral: the ClusterLink kind's pure planning turns a resource into a
// `DesiredLink`, and every backend takes the same one. Nothing here holds a secret: the
// credential is a spec of Secret references, which a backend renders for its own clients (the
// MirrorMaker 2 backend as config-provider variables, never values).
import type { PatternType } from "../access/acl-vocabulary.ts";
import type { CredentialSpec } from "../credentials/credential-spec.ts";
import { OperatorError, type SharedReason } from "./operator-error.ts";
import type { SecretReason } from "./secret-source.ts";

/** A topic or group name, or a name prefix. */
export interface NamePattern {
  readonly name: string;
  readonly patternType: PatternType;
}

/**
 * What a mirror topic should be: `active` mirrors, `paused` keeps the mirror and stops copying,
 * `promoted` stops mirroring once the mirror has caught up, `failedOver` stops at once.
 */
export const DESIRED_MIRROR_STATES = ["active", "paused", "promoted", "failedOver"] as const;
export type DesiredMirrorState = (typeof DESIRED_MIRROR_STATES)[number];

/** One cluster end of the link, as the link's own clients reach it. */
export interface LinkEndpoint {
  /** "namespace/name" of the cluster's KafkaCluster, when it has one. */
  readonly kafkaCluster?: string;
  readonly bootstrapServers: readonly string[];
  /** The cluster id the link expects, when known. */
  readonly clusterId?: string;
  /** How the link's clients authenticate; its Secrets live in `DesiredLink.secretNamespace`. */
  readonly credential: CredentialSpec;
  /** The principal the cluster authenticates that credential as, when known. */
  readonly principal?: string;
}

export interface DesiredMirror {
  /** The source topic; its mirror is `mirrors.prefix` + this name. */
  readonly name: string;
  readonly state: DesiredMirrorState;
  /** Replication factor of the mirror topic (backends that create mirrors one by one). */
  readonly replicationFactor?: number;
  /** Topic configs of the mirror at creation (backends that create mirrors one by one). */
  readonly configs?: Readonly<Record<string, string>>;
}

/** One ACL filter for ACL sync; an absent field matches anything. */
export interface AclSyncFilter {
  readonly resourceType?: string;
  readonly name?: string;
  readonly patternType?: string;
  readonly principal?: string;
  readonly host?: string;
  readonly operation?: string;
  readonly permission?: string;
}

export interface DesiredLink {
  /** The link's name on the backend, unique there (names the Confluent link or the connectors). */
  readonly name: string;
  /** Namespace of the Secrets the credentials reference. */
  readonly secretNamespace: string;
  readonly source: LinkEndpoint;
  /**
   * The destination as the link's clients reach it (MirrorMaker 2's target side). A backend that
   * writes through the destination's own API (Confluent) uses only `kafkaCluster`, and the
   * kind leaves `credential` out for it, except for a source-initiated Confluent link, whose
   * source half connects to the destination with it.
   */
  readonly destination: Omit<LinkEndpoint, "credential"> & { readonly credential?: CredentialSpec };
  readonly mirrors: {
    /** Topics named one by one, each with its desired state. */
    readonly topics: readonly DesiredMirror[];
    /** Topics mirrored by filter (and, for Confluent, mirrors created automatically). */
    readonly include: readonly NamePattern[];
    readonly exclude: readonly NamePattern[];
    /** Prefix of every mirror's name (cluster.link.prefix); absent: mirrors keep their names. */
    readonly prefix?: string;
  };
  /** Consumer offset migration: which groups' committed offsets follow to the destination. */
  readonly consumerOffsets: {
    readonly isEnabled: boolean;
    readonly include: readonly NamePattern[];
    readonly exclude: readonly NamePattern[];
    /** How often offsets are migrated; the backend's default when absent. */
    readonly intervalSeconds?: number;
  };
  readonly aclSync: {
    readonly isEnabled: boolean;
    readonly filters: readonly AclSyncFilter[];
    readonly intervalSeconds?: number;
  };
  /** Backend settings the spec does not model, already checked against the ones it does. */
  readonly configs: Readonly<Record<string, string>>;
  /** The whole link paused: nothing is copied, everything is kept. */
  readonly isPaused: boolean;
  /** Settings only the MirrorMaker 2 backend reads. */
  readonly mirrorMaker2?: {
    /** Also run MirrorHeartbeatConnector, emitting heartbeats to the destination. */
    readonly heartbeats: boolean;
  };
  /** Settings only the Confluent backend reads. */
  readonly confluent?: {
    /**
     * The source cluster opens the link (a source behind a firewall the destination cannot
     * pass): a DESTINATION/INBOUND half on the destination, and a SOURCE/OUTBOUND half on the
     * source that connects to `destination` with its credential and to its own cluster with
     * the link credential (`source.credential`).
     */
    readonly isSourceInitiated: boolean;
  };
}

/**
 * Confluent link configs the Confluent backend sets from a DesiredLink's own fields, so a link's
 * `configs` may not set them (the kind refuses them) and the backend may remove them.
 */
export const CONFLUENT_FIELD_CONFIGS = [
  "cluster.link.prefix",
  "cluster.link.paused",
  "consumer.offset.sync.enable",
  "consumer.offset.group.filters",
  "consumer.offset.sync.ms",
  "acl.sync.enable",
  "acl.filters",
  "acl.sync.ms",
  "auto.create.mirror.topics.enable",
  "auto.create.mirror.topics.filters",
] as const;

/**
 * The link as a whole: `absent` (nothing on the backend), `pending` (created, not yet
 * running everywhere), `active`, `paused`, `failed` (a part or task failed; see the tasks).
 */
export const LINK_STATES = ["absent", "pending", "active", "paused", "failed"] as const;
export type LinkState = (typeof LINK_STATES)[number];

/** A part of the link that runs: a connector or connector task, a Confluent link task. */
export interface ObservedLinkTask {
  /** e.g. `team-a.orders.MirrorSourceConnector` or `team-a.orders.MirrorSourceConnector/0`. */
  readonly name: string;
  readonly state: "running" | "paused" | "stopped" | "pending" | "failed";
  /** The failure, summarised to its first line and root cause; never a config value. */
  readonly trace?: string;
}

/** `stopped`: promoted or failed over, no longer mirrored; `pending`: not on the destination yet. */
export const OBSERVED_MIRROR_STATES = ["active", "paused", "stopped", "pending", "failed"] as const;
export type ObservedMirrorState = (typeof OBSERVED_MIRROR_STATES)[number];

export interface ObservedMirror {
  readonly sourceTopic: string;
  readonly mirrorTopic: string;
  readonly state: ObservedMirrorState;
  /** Records the mirror is behind its source, summed over partitions; absent when unknown. */
  readonly lag?: number;
  /** What the backend says is wrong with the mirror (e.g. SOURCE_TOPIC_MAY_BE_DELETED); never a config value. */
  readonly error?: string;
}

/**
 * What a backend cannot read back from the system it writes to, kept for it by the caller
 * between calls (in status): take `LinkObservation.record` after a successful create or
 * update and hand it to the next `observe`. Never a secret. The Confluent backend records a
 * hash of the secret values it wrote (REST v3 never shows them again) and the names of the
 * `configs` keys it set (so a key dropped from the spec can be removed); without a record it
 * writes the secrets once more, to be sure, and removes only keys it renders itself.
 */
export interface LinkRecord {
  /** sha256 over the link's name and its secret-bearing config values. */
  readonly secretsHash?: string;
  /** Names of the `configs` keys written, sorted. */
  readonly configKeys?: readonly string[];
}

export interface LinkObservation {
  /** Some part of the link is on the backend. */
  readonly exists: boolean;
  /** Every part is there and configured as desired; pausing is told apart (`isPaused`). */
  readonly isUpToDate: boolean;
  /** Every part of the link that exists is paused. */
  readonly isPaused: boolean;
  readonly state: LinkState;
  /** What `create`/`update` would change, in words (names and keys, never values). */
  readonly differences: readonly string[];
  readonly tasks: readonly ObservedLinkTask[];
  readonly mirrors: readonly ObservedMirror[];
  /** What to keep once create or update succeeded, for the next observe (backends that need one). */
  readonly record?: LinkRecord;
}

/** One external change a call made, for Events: the part was created, updated, deleted, ... */
export interface LinkChange {
  readonly part: string;
  readonly outcome: "created" | "updated" | "deleted" | "paused" | "resumed" | "promoted" | "failedOver";
}

/** Why a backend call failed, beyond the shared reasons. */
export type LinkBackendReason =
  | SharedReason
  /** The backend cannot express this link as declared (named in the message); edit the spec or the cluster resource. */
  | "LinkSpecUnsupported"
  /** A part with the link's name exists and was not made for this link; rename or remove it. */
  | "LinkNameConflict"
  /** Connect or the REST API answered "try again" (rebalance, 5xx); retried with backoff. */
  | "ConnectUnavailable"
  /** Connect refused the request as written (its message is kept). */
  | "ConnectRejected"
  /** A Secret the link credential references is missing (the kind's CredentialsValid check names it first). */
  | SecretReason
  /** Confluent Server's REST API refused a request as written (its message is kept, secrets scrubbed). */
  | "ConfluentRejected"
  /** The REST endpoint's certificate is not trusted; fix the KafkaCluster's restCredentials.tls. */
  | "TlsVerificationFailed"
  /** The brokers that would store the link's secrets have no password.encoder.secret; set it on every one. */
  | "PasswordEncoderSecretMissing"
  /** Some mirror topics could not be created or brought to their declared state; each is named with why. */
  | "MirrorTopicsFailed"
  /** The link cannot be removed yet (e.g. mirror topics still mirroring; each named). */
  | "LinkDeletionBlocked"
  /** An answer the backend cannot read (a server newer than it knows, or a bug); retried with backoff. */
  | "Unexpected";

/**
 * A create or update that made some changes and then stopped: `changes` are the external
 * changes made (each deserves its Event), the rest says why it stopped, as the error it stopped on.
 * `record` is there when what a record covers was all written before it stopped (e.g. it
 * stopped on a mirror topic after the link's configs were written): keep it as after a success.
 */
export class LinkChangesIncompleteError extends OperatorError {
  override readonly name = "LinkChangesIncompleteError";
  readonly changes: readonly LinkChange[];
  readonly record: LinkRecord | undefined;
  constructor(stoppedOn: OperatorError, changes: readonly LinkChange[], record?: LinkRecord) {
    super(stoppedOn.message, {
      reason: stoppedOn.reason,
      isRetryable: stoppedOn.isRetryable,
      cause: stoppedOn,
    });
    this.changes = changes;
    this.record = record;
  }
}

export interface LinkBackend {
  /**
   * Reads the link's parts, their configs, states and mirrors; writes nothing. `record` is
   * what the caller kept of the last successful create or update (LinkObservation.record).
   */
  observe(link: DesiredLink, record?: LinkRecord): Promise<LinkObservation>;
  /**
   * Creates what is missing (and updates what differs); a paused link is created paused. Like
   * update, throws LinkChangesIncompleteError when it stops after changing something.
   */
  create(link: DesiredLink, record?: LinkRecord): Promise<LinkChange[]>;
  /**
   * Changes only the parts that differ from `link`; nothing is restarted when nothing differs.
   * `record` as for observe.
   */
  update(link: DesiredLink, record?: LinkRecord): Promise<LinkChange[]>;
  /** Removes every part of the link; a missing part is not an error. Mirror topics stay. */
  delete(link: DesiredLink): Promise<LinkChange[]>;
  /** Pauses every part of the link that runs; paused parts are left alone. */
  pause(link: DesiredLink): Promise<LinkChange[]>;
  /** Resumes every paused part of the link. */
  resume(link: DesiredLink): Promise<LinkChange[]>;
}
