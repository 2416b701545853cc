// A DesiredLink as the Confluent cluster link objects that run it, each with the configs it is
// created with and compared against. A destination-initiated link is one object on the
// destination; a source-initiated link is a pair with one name, the destination's half first
// (DESTINATION/INBOUND, the link's behaviour) and then the source's (SOURCE/OUTBOUND: where the
// destination is and how to log in there, and as local.* how to log in to its own cluster).
//
// The link credential is rendered as link properties with secret values inline: the brokers
// encrypt them with password.encoder.secret and REST v3 never shows them again. Keytabs and
// PKCS12/JKS stores are named as files where the brokers holding that half mount Secrets. Pure
// apart from reading Secret values through the caller.
import { createHash } from "node:crypto";
import { renderLinkProperties } from "../../credentials/client-properties.ts";
import type { CredentialSpec, SecretKeyRef } from "../../credentials/credential-spec.ts";
import { CONFLUENT_FIELD_CONFIGS, type DesiredLink } from "../../ports/link-backend.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import type { LinkSide } from "./cluster-link-client.ts";
import { aclFiltersJson, groupFiltersJson, topicFiltersJson } from "./link-filters.ts";

/** Which cluster a half of the link lives on. */
export type LinkHalfCluster = "destination" | "source";

export interface RenderedLinkHalf {
  readonly cluster: LinkHalfCluster;
  readonly side: LinkSide;
  /** The other end's cluster id (remote_cluster_id), when known. */
  readonly remoteClusterId: string | undefined;
  /** Configs it is created with; link.mode and connection.mode follow from `side`. */
  readonly configs: Readonly<Record<string, string>>;
}

export interface RenderedConfluentLink {
  /** In the order they are created: the destination's half first. */
  readonly halves: readonly RenderedLinkHalf[];
  /** What to keep once they are written (LinkRecord). */
  readonly record: { readonly secretsHash: string; readonly configKeys: readonly string[] };
  /** The Secret values the configs hold, to scrub from anything the server says. */
  readonly secretValues: readonly string[];
}

export interface LinkRenderContext {
  /** A Secret key's value in the link's namespace. */
  readonly secretValue: (ref: SecretKeyRef) => string;
  /** Where each cluster's brokers mount the Secrets a link names as files, when they do. */
  readonly secretMountPaths: Readonly<Partial<Record<LinkHalfCluster, string>>>;
}

/** Pauses the whole link; set by pause and resume, never compared by update. */
export const PAUSED_CONFIG = "cluster.link.paused";

/** Configs the backend renders from the link's fields (besides the credential's). */
export const FIELD_CONFIGS: ReadonlySet<string> = new Set(CONFLUENT_FIELD_CONFIGS);

/** Keys of a credential's properties, on either half, with or without local. */
export function isCredentialConfig(key: string): boolean {
  return /^(local\.)?(security\.protocol$|sasl\.|ssl\.)/.test(key);
}

function unsupported(message: string): OperatorError {
  return new OperatorError(message, { reason: "LinkSpecUnsupported", isRetryable: false });
}

/** The link's behaviour: offsets, ACLs, prefix, auto-created mirrors, pause, and `configs`. */
function behaviourConfigs(link: DesiredLink): Record<string, string> {
  const { consumerOffsets: offsets, aclSync, mirrors } = link;
  const ms = (key: string, seconds: number | undefined) =>
    seconds === undefined ? {} : { [key]: String(seconds * 1000) };
  const isAutoCreating = mirrors.include.length > 0;
  return {
    ...link.configs,
    [PAUSED_CONFIG]: String(link.isPaused),
    ...(mirrors.prefix === undefined ? {} : { "cluster.link.prefix": mirrors.prefix }),
    "consumer.offset.sync.enable": String(offsets.isEnabled),
    ...(offsets.isEnabled
      ? {
          "consumer.offset.group.filters": groupFiltersJson(offsets.include, offsets.exclude),
          ...ms("consumer.offset.sync.ms", offsets.intervalSeconds),
        }
      : {}),
    "acl.sync.enable": String(aclSync.isEnabled),
    ...(aclSync.isEnabled
      ? { "acl.filters": aclFiltersJson(aclSync.filters), ...ms("acl.sync.ms", aclSync.intervalSeconds) }
      : {}),
    "auto.create.mirror.topics.enable": String(isAutoCreating),
    ...(isAutoCreating
      ? { "auto.create.mirror.topics.filters": topicFiltersJson(mirrors.include, mirrors.exclude) }
      : {}),
  };
}

export function renderConfluentLink(link: DesiredLink, context: LinkRenderContext): RenderedConfluentLink {
  const credentialProperties: [LinkHalfCluster, string, string][] = [];
  const secretValues = new Set<string>();
  const secretValue = (ref: SecretKeyRef) => {
    const value = context.secretValue(ref);
    secretValues.add(value);
    return value;
  };
  /** `credential`'s properties for the brokers of `cluster`, under `prefix`. */
  const credential = (spec: CredentialSpec, cluster: LinkHalfCluster, prefix = "") => {
    const mountPath = context.secretMountPaths[cluster];
    const kafkaCluster = (cluster === "destination" ? link.destination : link.source).kafkaCluster;
    const { properties } = renderLinkProperties(spec, {
      secretValue,
      mounts: {
        pathOf(ref) {
          if (mountPath === undefined) {
            throw unsupported(
              `Cannot name Secret "${ref.name}" key "${ref.key}" as a file for cluster link "${link.name}": KafkaCluster "${kafkaCluster ?? cluster}" declares no confluent.secretMountPath where its brokers mount the Secrets a link names (keytabs and PKCS12/JKS stores are files)`,
            );
          }
          return `${mountPath}/${ref.name}/${ref.key}`;
        },
      },
    });
    const prefixed = Object.entries(properties).map(([key, value]) => [`${prefix}${key}`, value] as const);
    for (const [key, value] of prefixed) credentialProperties.push([cluster, key, value]);
    return Object.fromEntries(prefixed);
  };

  const halves: RenderedLinkHalf[] = [];
  if (link.confluent?.isSourceInitiated) {
    const destinationCredential = link.destination.credential;
    if (!destinationCredential) {
      throw unsupported(
        `Cannot create the source half of cluster link "${link.name}" without a credential for the destination`,
      );
    }
    halves.push(
      {
        cluster: "destination",
        side: "sourceInitiatedDestination",
        remoteClusterId: link.source.clusterId,
        configs: behaviourConfigs(link),
      },
      {
        cluster: "source",
        side: "sourceInitiatedSource",
        remoteClusterId: link.destination.clusterId,
        configs: {
          "bootstrap.servers": link.destination.bootstrapServers.join(","),
          ...credential(destinationCredential, "source"),
          ...credential(link.source.credential, "source", "local."),
        },
      },
    );
  } else {
    halves.push({
      cluster: "destination",
      side: "destination",
      remoteClusterId: link.source.clusterId,
      configs: {
        ...behaviourConfigs(link),
        "bootstrap.servers": link.source.bootstrapServers.join(","),
        ...credential(link.source.credential, "destination"),
      },
    });
  }
  return {
    halves,
    record: {
      secretsHash: hashOf(link.name, credentialProperties),
      configKeys: Object.keys(link.configs).sort(),
    },
    secretValues: [...secretValues],
  };
}

/**
 * sha256 over the link's name and every credential property of every half, secret values
 * included: REST v3 hides the secret ones, so this is how a changed Secret is noticed.
 */
function hashOf(linkName: string, properties: readonly (readonly [string, string, string])[]): string {
  const hash = createHash("sha256").update(linkName).update("\0");
  const lines = properties.map(([cluster, key, value]) => `${cluster}\0${key}\0${value}\0`);
  for (const line of lines.sort()) hash.update(line);
  return hash.digest("hex");
}
