// Which backend runs a ClusterLink, by the value of its spec.backend: the factories the
// ClusterLink kind chooses from. A backend without a factory here is reported on the link
// (BackendUnsupported), never guessed.
import { confluentLinkBackendFactory } from "../adapters/confluent/confluent-link-factory.ts";
import type { JsonHttpClients } from "../adapters/http/json-http-client.ts";
import { mirrorMaker2BackendFactory } from "../adapters/mirror-maker2/mirror-maker2-factory.ts";
import type { LinkBackendFactories } from "../kinds/cluster-link/link-references.ts";
import type { KafkaAdmin } from "../ports/kafka-admin.ts";
import type { SecretSource } from "../ports/secret-source.ts";

export function linkBackendFactories({
  kafkaAdmin,
  secrets,
  httpClients,
}: {
  kafkaAdmin: KafkaAdmin;
  /** The manager's Secrets: link credentials, and the KafkaClusters' REST credentials. */
  secrets: SecretSource;
  /** The operator's shared JSON HTTP clients (Confluent REST v3 endpoints). */
  httpClients: JsonHttpClients;
}): LinkBackendFactories {
  return {
    mirrorMaker2: mirrorMaker2BackendFactory({ kafkaAdmin }),
    confluent: confluentLinkBackendFactory({ secrets, clients: httpClients }),
  };
}
