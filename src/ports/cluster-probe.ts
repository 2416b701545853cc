// What the operator learns about a Kafka cluster by logging in with its admin credential.
import type { ResolvedCredential } from "../credentials/resolve-credential.ts";

export interface ClusterTarget {
  readonly brokers: readonly string[];
  readonly credential: ResolvedCredential;
}

export interface ClusterFacts {
  readonly clusterId: string;
  readonly brokerCount: number;
  readonly controllerId: number;
  /** Whether the cluster answers ACL requests (an authorizer is configured). */
  readonly authorizerPresent: boolean;
}

export interface ClusterProbe {
  /**
   * Points `cluster` ("namespace/name" of its KafkaCluster) at `target` and logs in; rejects
   * with an OperatorError (ClusterUnreachable, AuthenticationFailed, ...) when it cannot.
   */
  probe(cluster: string, target: ClusterTarget): Promise<ClusterFacts>;
  /** Drops the cluster's connection (its KafkaCluster was deleted). */
  forget(cluster: string): Promise<void>;
}
