// Reasons of ConnectorPrincipal's conditions (OverridePolicyAllows, CredentialsValid,
// AclsApplied, Ready) and Events: when each applies and what the user should do. The README's
// ConnectorPrincipal reason table lists exactly these (a unit test checks it).
import type { OperatorErrorReason } from "../../ports/operator-error.ts";
import {
  ACL_OWNERSHIP_REASONS,
  CREDENTIAL_REASONS,
  LINK_BACKEND_ERROR_REASONS,
  readEachAs,
  readEachAsItself,
} from "../shared/reasons.ts";

export const CONNECTOR_PRINCIPAL_REASONS = [
  // Ready
  /** The ACLs are on the cluster and the connector's config holds the principal's overrides. */
  "PrincipalApplied",
  /** dryRun: status.plan lists the ACL and config changes; nothing was changed. Turn dryRun off to apply. */
  "DryRunPlanned",
  /** The spec cannot be read (the API server's validation was bypassed); fix it. */
  "InvalidSpec",
  /** The ConnectCluster does not exist or is not Ready; see it. Re-queued when it changes. */
  "ConnectClusterNotReady",
  /** The Connect REST API did not answer, or cannot serve now; retried with backoff. Check the ConnectCluster. */
  "ConnectUnreachable",
  /** The Connect REST API refused a request as written; the message has Connect's answer. */
  "ConnectRejected",
  /**
   * The connector does not exist (yet, or any more): looked for again within the resync period,
   * applied as soon as it appears. ACLs applied before stay until this resource is deleted.
   */
  "ConnectorNotFound",
  /** The connector's class is not in the workers' plugin list, so its role cannot be detected; set role, or install the plugin. */
  "PluginNotFound",
  /** spec.role says one role and the connector's plugin is the other; fix role or connector. */
  "RoleMismatch",
  /** A field that belongs to the other role is set for the detected role (named in the message); remove it. */
  "RoleFieldMismatch",
  /** A source connector without spec.topics: its topics are not in a standard config key; list them. */
  "TopicsUnknown",
  /** The sink's topics.regex is not alternatives of names, each optionally ending in .* ; list the topics in spec.topics. */
  "TopicsRegexNotConvertible",
  /** spec.consumerGroup is not the group the connector uses (named); fix either. */
  "ConsumerGroupMismatch",
  /** spec.deadLetterQueueTopic is not the connector's errors.deadletterqueue.topic.name (named); fix either. */
  "DeadLetterQueueMismatch",
  /** The connector or a task FAILED; the message has Connect's first trace line and root cause. */
  "ConnectorTasksFailed",
  /**
   * Deleting waits: the override keys this resource set cannot be taken out of the connector's
   * config yet (the message says why); set deletionPolicy Orphan to leave them.
   */
  "OverrideRemovalBlocked",
  // OverridePolicyAllows
  /** The workers' override policy accepts every key this principal needs. */
  "OverridesAllowed",
  /**
   * The workers' connector.client.config.override.policy refuses keys this principal needs: the
   * message names them and the policy needed (Principal for SASL keys, All for TLS keystores,
   * truststores and bootstrap servers). Nothing was changed; change the workers' policy.
   */
  "OverridePolicyForbids",
  /** The worker rejects the connector's config with the overrides for another cause than the policy (fields named); fix the config. */
  "ConnectorConfigInvalid",
  // CredentialsValid
  /** The credential's Secrets are present and readable, and the brokers accepted a login with it. */
  "CredentialsValid",
  ...CREDENTIAL_REASONS,
  /**
   * The credential names a file (keytab, PKCS12/JKS store) and the ConnectCluster does not say
   * where its workers mount Secrets; set that on the ConnectCluster, or use a PEM store.
   */
  "SecretMountUnknown",
  /** The ConnectCluster's config provider cannot name a Secret key (a FileConfigProvider); use kubernetesSecrets or directory. */
  "ConfigProviderUnsupported",
  // AclsApplied
  /** Every ACL the principal needs is on the cluster. */
  "AclsApplied",
  /** Kafka refused some bindings: the message and status.failures name each with Kafka's error; retried with backoff. */
  "AclsFailed",
  // Events
  /** The override keys were merged into the connector's config (names in the message, never values). */
  "OverridesApplied",
  /** The override keys this resource set were removed from the connector's config. */
  "OverridesRemoved",
  /** The connector's tasks were restarted: the principal or its credential changed, or failed tasks got their ACLs. */
  "TasksRestarted",
  // The ownership path's (kinds/shared/reasons.ts), for the principal's ACLs and its login check.
  ...ACL_OWNERSHIP_REASONS,
] as const;
export type ConnectorPrincipalReason = (typeof CONNECTOR_PRINCIPAL_REASONS)[number];

/** What a failed call to the Connect REST API says, in ConnectorPrincipal's reasons. */
export const CONNECT_REASON_OF = {
  ...readEachAsItself(["ConnectUnreachable", "ConnectRejected", "TenancyViolation"]),
  ConnectUnavailable: "ConnectUnreachable",
  // The ConnectCluster's own reconcile meets these too and is then not Ready; it reads its
  // REST Secrets when its client is made, before any call.
  ...readEachAs("ConnectClusterNotReady", [
    "AuthenticationFailed",
    "UnexpectedResponse",
    "SecretNotFound",
    "SecretKeyNotFound",
  ]),
  // Reasons other adapters give; they cannot come from the REST API.
  ClusterUnreachable: "ConnectUnreachable",
  AuthorizationFailed: "ConnectRejected",
  TlsVerificationFailed: "ConnectClusterNotReady",
  RequestRejected: "ConnectRejected",
  ...readEachAs("Unexpected", [
    "InvalidSpec",
    "AuthorizerDisabled",
    "UnsupportedByClient",
    ...LINK_BACKEND_ERROR_REASONS,
    "Unexpected",
  ]),
} as const satisfies Record<OperatorErrorReason, ConnectorPrincipalReason>;
