// How the ClusterLink kind gets a backend for a link without naming one: one factory per value
// of `spec.backend`, chosen where adapters are wired (cli). A factory also says, without any
// I/O, which ACLs the link's principals need for it to run the link, named as that backend
// names things (mirror topics, internal topics), so the kind can own them.
import type { AccessRequirement } from "../access/requirements-catalog.ts";
import type { HttpCredentialSpec } from "../credentials/http-credential.ts";
import type { ConnectApi } from "./connect-api.ts";
import type { DesiredLink, LinkBackend } from "./link-backend.ts";
import type { OperatorErrorReason } from "./operator-error.ts";

/** What a link run on Kafka Connect needs to know of the ConnectCluster its connectors run on. */
export interface ConnectWorkers {
  /** "namespace/name" of the ConnectCluster, for messages. */
  readonly connectCluster: string;
  /** "namespace/name" of the KafkaCluster the workers run on. */
  readonly kafkaCluster: string;
  readonly overridePolicy: "None" | "Principal" | "All";
  readonly configProvider: {
    readonly name: string;
    readonly kind: "kubernetesSecrets" | "directory" | "file";
  };
  /** Where the workers mount Secrets: <secretMountPath>/<secret>/<key>. */
  readonly secretMountPath?: string;
}

/**
 * What a backend that writes through a cluster's own API (confluent: Confluent Server's REST v3)
 * reads of a KafkaCluster at one end of the link, as the KafkaCluster declares it.
 */
export interface LinkEndCluster {
  /** "namespace/name" of the KafkaCluster. */
  readonly kafkaCluster: string;
  /** The KafkaCluster's namespace: where the Secrets its own spec references are read. */
  readonly namespace: string;
  /** The principals its brokers authenticate as (spec.brokerPrincipals). */
  readonly brokerPrincipals: readonly string[];
  /** Its Confluent endpoints (spec.confluent), as written. */
  readonly confluent?: {
    readonly restEndpoint?: string;
    readonly restCredentials?: HttpCredentialSpec;
    readonly secretMountPath?: string;
  };
  /**
   * Why the link may not use the KafkaCluster now: it does not exist (ClusterUnreachable), or
   * its tenancy does not admit the link's namespace (TenancyViolation). Absent when it may;
   * whether it is Ready is the kind's to say.
   */
  readonly unusable?: {
    readonly reason: Extract<OperatorErrorReason, "ClusterUnreachable" | "TenancyViolation">;
    readonly message: string;
  };
}

/** Where a link runs, besides its two clusters. */
export interface LinkPlacement {
  /** The ConnectCluster whose workers run the link's connectors (mirrorMaker2). */
  readonly workers?: ConnectWorkers;
  /** The link's KafkaClusters: the destination's, and the source's when the spec names one. */
  readonly kafkaClusters?: {
    readonly destination: LinkEndCluster;
    readonly source?: LinkEndCluster;
  };
}

/**
 * ACLs one of the link's principals needs on one end of the link. `offsetMigration` needs are
 * told apart from `mirroring` ones, so a link can say that its consumer offset migration, not
 * its copying, is what stops without them.
 */
export interface LinkAccessNeed {
  readonly side: "source" | "destination";
  readonly principal: string;
  readonly purpose: "mirroring" | "offsetMigration";
  readonly requirements: readonly AccessRequirement[];
}

export interface LinkBackendFactory {
  /**
   * The ACLs the link's principals need for this backend to run `link`, from the access
   * catalog; pure. Throws an OperatorError (LinkSpecUnsupported) when the backend cannot run
   * the link as declared (e.g. a keytab for workers that mount no Secrets).
   */
  accessOf(link: DesiredLink, placement: LinkPlacement): LinkAccessNeed[];
  /**
   * A backend for links placed so; `connect` is the ConnectCluster's client (mirrorMaker2),
   * `owner` the ClusterLink ("namespace/name") whose calls it makes. Throws an OperatorError
   * when the placement does not let it reach the link (e.g. a REST credential's Secret is
   * missing).
   */
  backendOf(
    placement: LinkPlacement & { readonly connect?: ConnectApi; readonly owner: string },
  ): LinkBackend;
  /** Lets go of what backends made for `owner` (connection pools): its ClusterLink is gone. */
  release?(owner: string): Promise<void>;
}
