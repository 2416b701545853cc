// Which backend runs a ClusterLink, by the value of its spec.backend: the factories the
// ClusterLink kind chooses from. A backend without a factory here is reported on the link
// (BackendUnsupported), never guessed.
import { mirrorMaker2BackendFactory } from "../adapters/mirror-maker2/mirror-maker2-factory.ts";
import type { LinkBackendFactories } from "../kinds/cluster-link/link-references.ts";
import type { KafkaAdmin } from "../ports/kafka-admin.ts";

export function linkBackendFactories({ kafkaAdmin }: { kafkaAdmin: KafkaAdmin }): LinkBackendFactories {
  return { mirrorMaker2: mirrorMaker2BackendFactory({ kafkaAdmin }) };
}
