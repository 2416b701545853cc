// A login and nothing more: whether a credential gets into a Kafka cluster, for credentials of
// clusters the operator has no KafkaCluster for (a cluster link's source, e.g. in Confluent
// Cloud, given by bootstrap servers and a credential). Unlike ClusterProbe it keeps nothing: no
// connection, no file, once the answer is in.
import type { CredentialSpec } from "../credentials/credential-spec.ts";
import type { CredentialErrorReason, SecretKeyReader } from "../credentials/resolve-credential.ts";
import type { SharedReason } from "./operator-error.ts";
import type { SecretReason } from "./secret-source.ts";

/** Why a login check failed: the credential could not be built, or the brokers did not let it in. */
export type LoginFailureReason =
  | SecretReason
  | CredentialErrorReason
  | Extract<SharedReason, "AuthenticationFailed" | "AuthorizationFailed" | "ClusterUnreachable">
  /** The brokers' certificate is not trusted as configured (CA, host name, validity). */
  | "TlsVerificationFailed"
  /** The brokers refused the request the check sent; see the message. */
  | "RequestRejected"
  /** Nobody anticipated this failure; see the operator log. */
  | "Unexpected";

export type LoginOutcome =
  | { readonly isAuthenticated: true; readonly clusterId: string; readonly brokerCount: number }
  | {
      readonly isAuthenticated: false;
      readonly reason: LoginFailureReason;
      /** Names the cluster and what failed; never a secret. */
      readonly message: string;
      /** Whether trying again later may pass without a change (e.g. no broker answered). */
      readonly isRetryable: boolean;
    };

export interface LoginTarget {
  /** What messages call the cluster, e.g. `source of ClusterLink "team-a/orders"`. */
  readonly name: string;
  readonly bootstrapServers: readonly string[];
  readonly credential: CredentialSpec;
  /** Reads the credential's Secrets, from the namespace of the resource that declares it. */
  readonly readSecret: SecretKeyReader;
}

export interface CredentialCheck {
  /**
   * Builds the credential from its Secrets, logs in to the brokers and reads the cluster id,
   * then disconnects. Every failure comes back as an outcome, never as a rejection.
   */
  checkLogin(target: LoginTarget): Promise<LoginOutcome>;
}
