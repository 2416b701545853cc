// What kinds that run connectors on a ConnectCluster (ConnectorPrincipal, the MirrorMaker 2
// link backend) read of it: its resource type, whether their namespace may use it, whether it
// is Ready, and a ConnectApi client of it, and how a changed ConnectCluster re-queues them.
// Kept here so that no kind imports another. The semantics of `tenancy` are KafkaCluster's:
// without a policy only the ConnectCluster's own namespace may use it.
import { createHash } from "node:crypto";
import type { KubernetesObject } from "@kubernetes/client-node";
import { limitsForNamespace } from "../../access/tenancy-check.ts";
import { findCondition } from "../../controller/conditions.ts";
import type { InformerCache } from "../../controller/informer-cache.ts";
import { objectKey } from "../../controller/resource.ts";
import type { ConnectApi, ConnectApiClients, ConnectEndpoint } from "../../ports/connect-api.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import type { SecretSource } from "../../ports/secret-source.ts";
import { onReferencedChange } from "./reference-dependency.ts";
import { type ClusterRef, type Condition, resourceTypeOf, type SecretKeyRef } from "./schema-parts.ts";

export const CONNECT_CLUSTER_RESOURCE = resourceTypeOf("ConnectCluster");

/** The fields of a ConnectCluster this module reads. */
export type ReferencedConnectCluster = KubernetesObject & {
  spec: {
    restUrl: string;
    tls?: { ca?: SecretKeyRef; clientCert?: SecretKeyRef; clientKey?: SecretKeyRef };
    basicAuth?: { username: string; password: SecretKeyRef };
    tenancy?: { namespaces: readonly { name: string }[] };
  };
  status?: { kafkaClusterId?: string; conditions?: Condition[] };
};

export type ConnectClusterUse =
  | {
      readonly isUsable: true;
      /** "namespace/name" of the ConnectCluster. */
      readonly name: string;
      readonly cluster: ReferencedConnectCluster;
      readonly api: ConnectApi;
    }
  | {
      readonly isUsable: false;
      readonly name: string;
      /** ConnectClusterNotReady: absent, not Ready, or its REST credentials cannot be read. */
      readonly reason: "ConnectClusterNotReady" | "TenancyViolation";
      readonly message: string;
    };

/**
 * ConnectApi clients of ConnectClusters, built from their spec and their own Secrets (read in
 * the ConnectCluster's namespace, which the referring resource does not choose), cached per
 * ConnectCluster until its endpoint or a credential changes, on one connection pool each.
 */
export class ConnectClusterClients {
  readonly #clients: ConnectApiClients;
  readonly #secrets: SecretSource;
  readonly #cached = new Map<string, { readonly fingerprint: string; readonly api: ConnectApi }>();

  constructor({ clients, secrets }: { clients: ConnectApiClients; secrets: SecretSource }) {
    this.#clients = clients;
    this.#secrets = secrets;
  }

  /** The client of `cluster`; throws a MissingSecretError when a Secret it references is absent. */
  apiOf(cluster: ReferencedConnectCluster): ConnectApi {
    const key = objectKey(cluster);
    const endpoint = this.#endpointOf(cluster);
    const fingerprint = createHash("sha256").update(JSON.stringify(endpoint)).digest("hex");
    const cached = this.#cached.get(key);
    if (cached?.fingerprint === fingerprint) return cached.api;
    const api = this.#clients.clientFor(key, endpoint);
    this.#cached.set(key, { fingerprint, api });
    return api;
  }

  /** Drops the client of the ConnectCluster `key` ("namespace/name") and closes its pool: it was deleted. */
  async forget(key: string): Promise<void> {
    this.#cached.delete(key);
    await this.#clients.release(key);
  }

  #endpointOf(cluster: ReferencedConnectCluster): ConnectEndpoint {
    const namespace = cluster.metadata?.namespace ?? "";
    const { restUrl, tls, basicAuth } = cluster.spec;
    const text = (ref: SecretKeyRef, purpose: string) =>
      this.#secrets.read(namespace, ref, purpose).toString("utf8");
    return {
      baseUrl: restUrl,
      ...(tls
        ? {
            tls: {
              ...(tls.ca ? { ca: text(tls.ca, "Connect REST CA") } : {}),
              ...(tls.clientCert ? { cert: text(tls.clientCert, "Connect REST client certificate") } : {}),
              ...(tls.clientKey ? { key: text(tls.clientKey, "Connect REST client key") } : {}),
            },
          }
        : {}),
      ...(basicAuth
        ? {
            basicAuth: {
              username: basicAuth.username,
              password: text(basicAuth.password, "Connect REST password"),
            },
          }
        : {}),
    };
  }
}

/**
 * Whether an object in `namespace` may use the ConnectCluster `ref` names now: it exists, its
 * tenancy admits the namespace, and it is Ready; with its client when it may.
 */
export function useConnectCluster(
  clusters: Pick<InformerCache<ReferencedConnectCluster>, "get">,
  clients: Pick<ConnectClusterClients, "apiOf">,
  ref: ClusterRef,
  namespace: string,
): ConnectClusterUse {
  const clusterNamespace = ref.namespace ?? namespace;
  const name = `${clusterNamespace}/${ref.name}`;
  const notReady = (message: string): ConnectClusterUse => ({
    isUsable: false,
    name,
    reason: "ConnectClusterNotReady",
    message,
  });
  const cluster = clusters.get(clusterNamespace, ref.name);
  if (!cluster) return notReady(`ConnectCluster "${name}" does not exist`);
  const access = limitsForNamespace({
    policy: cluster.spec.tenancy,
    namespace,
    cluster: { namespace: clusterNamespace, name: ref.name },
  });
  if (!access.isAllowed) {
    const message = `ConnectCluster "${name}" may not be used from namespace ${namespace}: ${access.message}`;
    return { isUsable: false, name, reason: "TenancyViolation", message };
  }
  if (findCondition(cluster.status?.conditions, "Ready")?.status !== "True") {
    return notReady(`ConnectCluster "${name}" is not Ready`);
  }
  try {
    return { isUsable: true, name, cluster, api: clients.apiOf(cluster) };
  } catch (err) {
    if (!(err instanceof OperatorError)) throw err;
    return notReady(`ConnectCluster "${name}" cannot be used: ${err.message}`);
  }
}

/** A dependency on ConnectCluster: a changed cluster re-queues the objects of `cache` referring to it. */
export function onConnectClusterChange<T extends KubernetesObject>(
  cache: Pick<InformerCache<T>, "list">,
  refOf: (object: T) => ClusterRef | undefined,
) {
  return onReferencedChange(CONNECT_CLUSTER_RESOURCE, cache, refOf);
}
