// The `confluent` backend as the ClusterLink kind asks for it: the link's ACL needs from the
// access catalog (confluent-link-access.ts), and a ConfluentLinkBackend that reaches each
// cluster a half of the link lives on through that KafkaCluster's REST v3 endpoint, signed in
// with its restCredentials (Secrets read in the KafkaCluster's own namespace at every reconcile,
// so a rotated Secret is used on the next one). Connections are pooled per ClusterLink and
// cluster, and closed when the ClusterLink is gone.
import { resolveHttpCredential } from "../../credentials/http-credential.ts";
import { CredentialError } from "../../credentials/resolve-credential.ts";
import type { LinkBackendFactory, LinkEndCluster } from "../../ports/link-backend-factory.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import type { SecretSource } from "../../ports/secret-source.ts";
import type { HttpEndpoint, JsonHttpClients } from "../http/json-http-client.ts";
import { confluentLinkAccess, restClusterOf } from "./confluent-link-access.ts";
import { type ConfluentClusterAccess, ConfluentLinkBackend } from "./confluent-link-backend.ts";

const CLUSTERS = ["destination", "source"] as const;

/** The JSON HTTP clients are shared with other REST adapters: pool owners carry their kind. */
const poolOwner = (owner: string, cluster: (typeof CLUSTERS)[number]) => `ClusterLink/${owner} ${cluster}`;

export function confluentLinkBackendFactory({
  secrets,
  clients,
}: {
  /** Reads the link credential (the link's namespace) and REST credentials (each KafkaCluster's). */
  secrets: SecretSource;
  clients: JsonHttpClients;
}): LinkBackendFactory {
  /** How the backend reaches `end`'s REST endpoint; throws when its credential cannot be read. */
  const accessTo = (
    end: LinkEndCluster & { readonly confluent: { readonly restEndpoint: string } },
    owner: string,
    cluster: (typeof CLUSTERS)[number],
  ): ConfluentClusterAccess => {
    const { restEndpoint, restCredentials, secretMountPath } = end.confluent;
    let credential: ReturnType<typeof resolveHttpCredential> | undefined;
    try {
      credential =
        restCredentials &&
        resolveHttpCredential(restCredentials, (ref, purpose) =>
          secrets.read(end.namespace, ref, `REST ${purpose} of KafkaCluster "${end.kafkaCluster}"`),
        );
    } catch (thrown) {
      if (!(thrown instanceof CredentialError)) throw thrown;
      throw new OperatorError(
        `Cannot sign in to the REST endpoint of KafkaCluster "${end.kafkaCluster}": ${thrown.message}`,
        { reason: "InvalidSpec", isRetryable: false },
      );
    }
    const endpoint: HttpEndpoint = {
      baseUrl: restEndpoint,
      ...(credential?.auth ? { auth: credential.auth } : {}),
      ...(credential?.tls ? { tls: credential.tls } : {}),
    };
    return {
      rest: clients.for(poolOwner(owner, cluster), endpoint),
      ...(secretMountPath ? { secretMountPath } : {}),
    };
  };

  return {
    accessOf: (link, { kafkaClusters }) => confluentLinkAccess(link, kafkaClusters),
    backendOf({ kafkaClusters, owner }) {
      const named = `the cluster link of ClusterLink "${owner}"`;
      const destination = accessTo(restClusterOf(named, kafkaClusters, "destination"), owner, "destination");
      // Only a source-initiated link reaches the source: a source KafkaCluster without a
      // usable REST endpoint serves every other link.
      const source = kafkaClusters?.source
        ? () => accessTo(restClusterOf(named, kafkaClusters, "source"), owner, "source")
        : undefined;
      return new ConfluentLinkBackend({ destination, ...(source ? { source } : {}), secrets });
    },
    async release(owner) {
      await Promise.all(CLUSTERS.map((cluster) => clients.release(poolOwner(owner, cluster))));
    },
  };
}
