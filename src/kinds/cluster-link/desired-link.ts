// The link a ClusterLink declares, as every backend takes it (ports/link-backend.ts): names
// resolved, defaults chosen, the referenced KafkaClusters' addresses filled in. Pure: the
// reconciler reads the references, this decides.
import type { CredentialSpec } from "../../credentials/credential-spec.ts";
import type { DesiredLink, LinkEndpoint } from "../../ports/link-backend.ts";
import type { ClusterLinkSpec } from "./schema.ts";

/** What the link needs of a KafkaCluster it refers to. */
export interface ReferencedCluster {
  /** "namespace/name" of the KafkaCluster. */
  readonly key: string;
  readonly bootstrapServers: readonly string[];
  /** From the KafkaCluster's status, once it was reached. */
  readonly clusterId?: string;
}

export interface LinkClusters {
  readonly destination: ReferencedCluster;
  /** Present when the spec's source names a KafkaCluster. */
  readonly source?: ReferencedCluster;
}

/**
 * The principal a cluster authenticates `credential` as, under Kafka's default mapping rules:
 * the SCRAM or PLAIN user name, the Kerberos principal's first component, User:ANONYMOUS
 * without authentication. Undefined when the credential does not name one (mutual TLS maps
 * the certificate's name by the brokers' rules; OAUTHBEARER takes the token's subject; a user
 * name read from a Secret is not known here): the spec then gives it.
 */
export function principalOf(credential: CredentialSpec): string | undefined {
  const sasl = credential.sasl;
  if (sasl?.mechanism === "GSSAPI") return `User:${sasl.gssapi!.principal.split(/[/@]/)[0]}`;
  if (sasl) return sasl.username === undefined ? undefined : `User:${sasl.username}`;
  return credential.tls?.keystore === undefined ? "User:ANONYMOUS" : undefined;
}

/**
 * The link's name on its backend. MirrorMaker 2 connectors share a Connect cluster with
 * every namespace's links, so their name carries the namespace ("." cannot occur in one); a
 * Confluent link is named on its destination, as the spec says or after the resource.
 */
export function backendLinkName(
  resource: { namespace: string; name: string },
  spec: ClusterLinkSpec,
): string {
  return spec.backend === "mirrorMaker2"
    ? `${resource.namespace}.${resource.name}`
    : (spec.linkName ?? resource.name);
}

export function desiredLink(
  resource: { namespace: string; name: string },
  spec: ClusterLinkSpec,
  clusters: LinkClusters,
): DesiredLink {
  const sourceCredential = spec.source.credential;
  const source: LinkEndpoint = {
    kafkaCluster: clusters.source?.key,
    bootstrapServers: spec.source.bootstrapServers ?? clusters.source?.bootstrapServers ?? [],
    clusterId: spec.source.clusterId ?? clusters.source?.clusterId,
    credential: sourceCredential,
    principal: spec.source.principal ?? principalOf(sourceCredential),
  };
  return {
    name: backendLinkName(resource, spec),
    secretNamespace: resource.namespace,
    source,
    destination: destinationEndpoint(spec, clusters.destination, source),
    mirrors: {
      topics: spec.mirrors.topics,
      include: spec.mirrors.include,
      exclude: spec.mirrors.exclude,
      prefix: spec.mirrors.prefix,
    },
    consumerOffsets: {
      isEnabled: spec.consumerOffsets.enabled,
      include: spec.consumerOffsets.include,
      exclude: spec.consumerOffsets.exclude,
      intervalSeconds: spec.consumerOffsets.intervalSeconds,
    },
    aclSync: {
      isEnabled: spec.aclSync.enabled,
      filters: spec.aclSync.filters,
      intervalSeconds: spec.aclSync.intervalSeconds,
    },
    configs: spec.configs ?? {},
    isPaused: spec.paused,
    mirrorMaker2: spec.mirrorMaker2 && { heartbeats: spec.mirrorMaker2.heartbeats },
    confluent:
      spec.backend === "confluent"
        ? { isSourceInitiated: spec.confluent?.sourceInitiated !== undefined }
        : undefined,
  };
}

/**
 * The destination as the link's own clients reach it. MirrorMaker 2 writes with its
 * destinationAccess, by default the link credential on the KafkaCluster's bootstrap servers
 * (one identity on both clusters, e.g. one Kerberos realm); Confluent's destination brokers
 * need no credential of the link's, except that a source-initiated link's source half logs in
 * to the destination with the one the spec gives it.
 */
function destinationEndpoint(
  spec: ClusterLinkSpec,
  cluster: ReferencedCluster,
  source: LinkEndpoint,
): DesiredLink["destination"] {
  const endpoint = { kafkaCluster: cluster.key, clusterId: cluster.clusterId };
  if (spec.backend !== "mirrorMaker2") {
    const inbound = spec.confluent?.sourceInitiated;
    if (!inbound) return { ...endpoint, bootstrapServers: cluster.bootstrapServers };
    return {
      ...endpoint,
      bootstrapServers: inbound.bootstrapServers ?? cluster.bootstrapServers,
      credential: inbound.credential,
      principal: inbound.principal ?? principalOf(inbound.credential),
    };
  }
  const access = spec.mirrorMaker2?.destinationAccess;
  const credential = access?.credential ?? source.credential;
  const principal =
    access?.principal ?? (access?.credential ? principalOf(access.credential) : source.principal);
  return {
    ...endpoint,
    bootstrapServers: access?.bootstrapServers ?? cluster.bootstrapServers,
    credential,
    principal,
  };
}
