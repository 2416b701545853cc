// How a link's topics are named on the destination under MirrorMaker 2: the replication policy
// and cluster aliases that make mirror names exactly what the spec asks, and the names of the
// internal topics the connectors keep there.
//
//  - Same-name mirrors: IdentityReplicationPolicy, with a source alias of the link's own, so its
//    internal topics never meet another link's on the same destination.
//  - Prefixed mirrors: the default policy names a mirror <alias><separator><topic>, so the
//    prefix is split into an alias and its last character as the separator ("eu-west." becomes
//    alias "eu-west", separator "."). Internal topics keep "." (Kafka's usual names) whatever
//    the separator.
//
// The target alias holds the separator, so it is never the first segment of a source topic's
// name: MirrorMaker 2 takes a topic whose first segment is the target alias for one copied
// from the destination and skips it, which must not happen to a user's topic. The price: the
// connectors detect no cycles; two links in opposite directions exclude each other's mirrors.
import { createHash } from "node:crypto";
import type { DesiredLink } from "../../ports/link-backend.ts";
import { OperatorError } from "../../ports/operator-error.ts";

export const IDENTITY_POLICY = "org.apache.kafka.connect.mirror.IdentityReplicationPolicy";
export const DEFAULT_POLICY = "org.apache.kafka.connect.mirror.DefaultReplicationPolicy";

/** Longest alias used whole; longer link names are shortened with a hash, so topic names stay under 249. */
const MAX_ALIAS_LENGTH = 64;
const PREFIX = /^([a-zA-Z0-9][a-zA-Z0-9._-]*)([._-])$/;

export interface ReplicationNaming {
  readonly sourceAlias: string;
  readonly targetAlias: string;
  /** replication.policy.* settings, the same on every connector of the link. */
  readonly policyConfigs: Readonly<Record<string, string>>;
  /** Internal topics on the destination (offset syncs live there: offset-syncs.topic.location=target). */
  readonly internalTopics: {
    readonly offsetSyncs: string;
    readonly checkpoints: string;
    readonly heartbeats: string;
  };
  /** The mirror of source topic `topic`. */
  mirrorTopic(topic: string): string;
}

/** An alias from the link's name: whole when short, else its start and a hash of all of it. */
function aliasOfName(name: string): string {
  if (name.length <= MAX_ALIAS_LENGTH) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, MAX_ALIAS_LENGTH - 9)}-${hash}`;
}

export function replicationNaming(link: Pick<DesiredLink, "name" | "mirrors">): ReplicationNaming {
  const prefix = link.mirrors.prefix;
  let sourceAlias: string;
  let separator: string;
  let policyConfigs: Record<string, string>;
  if (prefix === undefined) {
    sourceAlias = aliasOfName(link.name);
    separator = ".";
    policyConfigs = { "replication.policy.class": IDENTITY_POLICY };
  } else {
    const parts = PREFIX.exec(prefix);
    if (!parts) {
      throw new OperatorError(
        `Cannot name mirrors "${prefix}<topic>" with MirrorMaker 2: the prefix must end with ".", "_" or "-" after a letter or digit`,
        { reason: "LinkSpecUnsupported", isRetryable: false },
      );
    }
    sourceAlias = parts[1]!;
    separator = parts[2]!;
    policyConfigs = { "replication.policy.class": DEFAULT_POLICY };
    if (separator !== ".") {
      policyConfigs["replication.policy.separator"] = separator;
      policyConfigs["replication.policy.internal.topic.separator.enabled"] = "false";
    }
  }
  return {
    sourceAlias,
    targetAlias: `${sourceAlias}${separator}target`,
    policyConfigs,
    internalTopics: {
      // Kafka 4 names the offset-syncs topic after the other cluster's alias when it lives on the target.
      offsetSyncs: `mm2-offset-syncs.${sourceAlias}.internal`,
      checkpoints: `${sourceAlias}.checkpoints.internal`,
      heartbeats: "heartbeats",
    },
    mirrorTopic: (topic) => (prefix === undefined ? topic : `${prefix}${topic}`),
  };
}
