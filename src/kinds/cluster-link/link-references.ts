// What a ClusterLink reads of the resources it refers to, and whether it may use them now: the
// destination KafkaCluster (tenancy and Ready, as any use), the source KafkaCluster (it must
// exist and be Ready; what the namespace may do there only decides whether the link's ACLs
// are applied or checked), the backend factory for spec.backend, for mirrorMaker2 the
// ConnectCluster with its client, and for backends that write through the clusters' own APIs
// what the KafkaClusters declare of them. Pure over the caches it is given.
import { findCondition } from "../../controller/conditions.ts";
import type { InformerCache } from "../../controller/informer-cache.ts";
import type { HttpCredentialSpec } from "../../credentials/http-credential.ts";
import type { ConnectApi } from "../../ports/connect-api.ts";
import type { DesiredLink } from "../../ports/link-backend.ts";
import type {
  ConnectWorkers,
  LinkBackendFactory,
  LinkEndCluster,
  LinkPlacement,
} from "../../ports/link-backend-factory.ts";
import {
  type ConnectClusterClients,
  type ReferencedConnectCluster,
  useConnectCluster,
} from "../shared/connect-cluster-reference.ts";
import {
  kafkaClusterName,
  type ReferencedKafkaCluster,
  tenancyScopeOn,
  useKafkaCluster,
} from "../shared/kafka-cluster-reference.ts";
import type { ClusterRef } from "../shared/schema-parts.ts";
import { desiredLink, type LinkClusters, type ReferencedCluster } from "./desired-link.ts";
import type { SourceEnd } from "./link-acls.ts";
import type { ClusterLinkReason } from "./reasons.ts";
import type { ClusterLinkSpec } from "./schema.ts";

/** The fields of a KafkaCluster a link reads besides the shared ones. */
export type LinkKafkaCluster = ReferencedKafkaCluster & {
  spec: {
    bootstrapServers?: readonly string[];
    brokerPrincipals?: readonly string[];
    confluent?: {
      restEndpoint?: string;
      restCredentials?: HttpCredentialSpec;
      secretMountPath?: string;
    };
  };
};

/** The fields of a ConnectCluster a MirrorMaker 2 link reads besides the shared ones. */
export type LinkConnectCluster = ReferencedConnectCluster & {
  spec: {
    kafkaClusterRef: ClusterRef;
    overridePolicy?: ConnectWorkers["overridePolicy"];
    configProvider?: Partial<ConnectWorkers["configProvider"]>;
    secretMountPath?: string;
  };
};

/** Every value of spec.backend the operator may serve, with its factory when it does. */
export type LinkBackendFactories = Partial<Record<ClusterLinkSpec["backend"], LinkBackendFactory>>;

export interface LinkCaches {
  readonly kafkaClusters: Pick<InformerCache<LinkKafkaCluster>, "get">;
  readonly connectClusters: Pick<InformerCache<LinkConnectCluster>, "get">;
  readonly connectClients: Pick<ConnectClusterClients, "apiOf">;
  readonly backends: LinkBackendFactories;
}

type Unusable = { readonly isUsable: false; readonly reason: ClusterLinkReason; readonly message: string };

/** The backend that runs a link, and where. */
export interface ResolvedBackend {
  readonly isUsable: true;
  readonly factory: LinkBackendFactory;
  readonly placement: LinkPlacement;
  /** The ConnectCluster's client (mirrorMaker2). */
  readonly connect?: ConnectApi;
}

export type ResolvedLink =
  | (ResolvedBackend & {
      readonly link: DesiredLink;
      readonly source: SourceEnd;
      readonly destinationClusterId?: string;
    })
  | Unusable;

const unusable = (reason: ClusterLinkReason, message: string): Unusable => ({
  isUsable: false,
  reason,
  message,
});

/** The workers of a ConnectCluster as a link backend sees them (the schema's defaults where absent). */
function workersOf(name: string, cluster: LinkConnectCluster): ConnectWorkers {
  const { spec } = cluster;
  return {
    connectCluster: name,
    kafkaCluster: kafkaClusterName(spec.kafkaClusterRef, cluster.metadata?.namespace ?? ""),
    overridePolicy: spec.overridePolicy ?? "All",
    configProvider: {
      name: spec.configProvider?.name ?? "secrets",
      kind: spec.configProvider?.kind ?? "kubernetesSecrets",
    },
    ...(spec.secretMountPath ? { secretMountPath: spec.secretMountPath } : {}),
  };
}

function referencedCluster(key: string, cluster: LinkKafkaCluster): ReferencedCluster {
  const clusterId = cluster.status?.clusterId;
  return { key, bootstrapServers: cluster.spec.bootstrapServers ?? [], ...(clusterId ? { clusterId } : {}) };
}

/** A KafkaCluster at one end of the link as a backend reads it, with its tenancy as it is now for `namespace`. */
function endCluster(
  caches: Pick<LinkCaches, "kafkaClusters">,
  ref: ClusterRef,
  namespace: string,
): LinkEndCluster {
  const key = kafkaClusterName(ref, namespace);
  const end = { kafkaCluster: key, namespace: ref.namespace ?? namespace };
  const cluster = caches.kafkaClusters.get(end.namespace, ref.name);
  const scope = tenancyScopeOn(caches.kafkaClusters, key, namespace);
  if (!cluster || !scope) {
    const message = `KafkaCluster "${key}" does not exist`;
    return { ...end, brokerPrincipals: [], unusable: { reason: "ClusterUnreachable", message } };
  }
  const { brokerPrincipals = [], confluent } = cluster.spec;
  return {
    ...end,
    brokerPrincipals,
    ...(confluent ? { confluent } : {}),
    ...(scope.isAdmitted ? {} : { unusable: { reason: "TenancyViolation", message: scope.message } }),
  };
}

/** The link's KafkaClusters, for the placement. */
function endClusters(
  caches: Pick<LinkCaches, "kafkaClusters">,
  namespace: string,
  spec: ClusterLinkSpec,
): NonNullable<LinkPlacement["kafkaClusters"]> {
  const sourceRef = spec.source.kafkaClusterRef;
  return {
    destination: endCluster(caches, spec.destination.kafkaClusterRef, namespace),
    ...(sourceRef ? { source: endCluster(caches, sourceRef, namespace) } : {}),
  };
}

/**
 * The clusters a deleted link names, as far as they still exist: what a backend needs to find
 * the link, without waiting for a cluster that is gone or not Ready.
 */
export function remainingClusters(
  caches: Pick<LinkCaches, "kafkaClusters">,
  namespace: string,
  spec: ClusterLinkSpec,
): LinkClusters {
  const refOf = (ref: ClusterRef) => {
    const key = kafkaClusterName(ref, namespace);
    const cluster = caches.kafkaClusters.get(ref.namespace ?? namespace, ref.name);
    return cluster ? referencedCluster(key, cluster) : { key, bootstrapServers: [] };
  };
  const sourceRef = spec.source.kafkaClusterRef;
  return {
    destination: refOf(spec.destination.kafkaClusterRef),
    ...(sourceRef ? { source: refOf(sourceRef) } : {}),
  };
}

/**
 * The backend spec.backend names, and for mirrorMaker2 the ConnectCluster it runs on: Ready,
 * with its client (`withClient`), or only known to exist.
 */
export function resolveBackend(
  caches: LinkCaches,
  namespace: string,
  spec: ClusterLinkSpec,
  { withClient = true }: { withClient?: boolean } = {},
): ResolvedBackend | Unusable {
  const factory = caches.backends[spec.backend];
  if (!factory) {
    return unusable(
      "BackendUnsupported",
      `backend ${spec.backend} is not served by this version of the operator; use ${Object.keys(caches.backends).join(" or ")}`,
    );
  }
  const kafkaClusters = endClusters(caches, namespace, spec);
  if (!spec.mirrorMaker2) return { isUsable: true, factory, placement: { kafkaClusters } };
  const ref = spec.mirrorMaker2.connectClusterRef;
  if (withClient) {
    const use = useConnectCluster(caches.connectClusters, caches.connectClients, ref, namespace);
    if (!use.isUsable) return unusable(use.reason, use.message);
    const workers = workersOf(use.name, use.cluster as LinkConnectCluster);
    return { isUsable: true, factory, placement: { workers, kafkaClusters }, connect: use.api };
  }
  const name = `${ref.namespace ?? namespace}/${ref.name}`;
  const cluster = caches.connectClusters.get(ref.namespace ?? namespace, ref.name);
  if (!cluster) return unusable("ConnectClusterNotReady", `ConnectCluster "${name}" does not exist`);
  return { isUsable: true, factory, placement: { workers: workersOf(name, cluster), kafkaClusters } };
}

/**
 * The link `spec` declares from `namespace`, when every resource it refers to can be used now;
 * otherwise the first reason it cannot. `withClient: false` skips the ConnectCluster's client
 * and Ready condition (what a start-up declaration of the link's ACLs needs).
 */
export function resolveLink(
  caches: LinkCaches,
  resource: { namespace: string; name: string },
  spec: ClusterLinkSpec,
  { withClient = true }: { withClient?: boolean } = {},
): ResolvedLink {
  const { namespace } = resource;
  const destinationUse = useKafkaCluster(caches.kafkaClusters, spec.destination.kafkaClusterRef, namespace);
  if (!destinationUse.isUsable) return unusable(destinationUse.reason, destinationUse.message);
  const destination = destinationUse.cluster as LinkKafkaCluster;

  let source: SourceEnd;
  let sourceCluster: ReferencedCluster | undefined;
  const sourceRef = spec.source.kafkaClusterRef;
  if (sourceRef) {
    const key = kafkaClusterName(sourceRef, namespace);
    const cluster = caches.kafkaClusters.get(sourceRef.namespace ?? namespace, sourceRef.name);
    const scope = tenancyScopeOn(caches.kafkaClusters, key, namespace);
    if (!cluster || !scope) return unusable("KafkaClusterNotReady", `KafkaCluster "${key}" does not exist`);
    if (findCondition(cluster.status?.conditions, "Ready")?.status !== "True") {
      return unusable("KafkaClusterNotReady", `KafkaCluster "${key}" is not Ready`);
    }
    source = { kind: "kafkaCluster", cluster: key, scope };
    sourceCluster = referencedCluster(key, cluster);
  } else {
    source = { kind: "bootstrapServers", endpoint: spec.source.bootstrapServers?.[0] ?? "" };
  }

  const backend = resolveBackend(caches, namespace, spec, { withClient });
  if (!backend.isUsable) return backend;
  return {
    ...backend,
    link: desiredLink(resource, spec, {
      destination: referencedCluster(destinationUse.name, destination),
      ...(sourceCluster ? { source: sourceCluster } : {}),
    }),
    source,
    ...(destination.status?.clusterId ? { destinationClusterId: destination.status.clusterId } : {}),
  };
}
