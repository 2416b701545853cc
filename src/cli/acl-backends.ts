// What the ACL stores read of a KafkaCluster: which backend holds its ACLs, and for Confluent's
// centralized ACLs where the Metadata Service is, how the operator signs in there, and which
// Kafka cluster id scopes the ACLs. Read at each call from the informer cache and the Secrets,
// so a changed KafkaCluster or a rotated Secret takes effect on the next request.
import { createHash } from "node:crypto";
import type { KubernetesObject } from "@kubernetes/client-node";
import type { MdsTarget } from "../adapters/confluent/mds-acl-store.ts";
import { resolveHttpCredential } from "../credentials/http-credential.ts";
import { CredentialError, type SecretKeyReader } from "../credentials/resolve-credential.ts";
import { type KafkaClusterSpec, kafkaClusterSpecSchema } from "../kinds/kafka-cluster/schema.ts";
import { ClusterUnreachableError, OperatorError } from "../ports/operator-error.ts";

export type AclBackend = KafkaClusterSpec["aclBackend"];

export type KafkaClusterLike = KubernetesObject & { spec?: unknown; status?: { clusterId?: string } };

/** The backend holding the cluster's ACLs; the Kafka Admin API when the resource is gone or unreadable. */
export function aclBackendOf(object: KafkaClusterLike | undefined): AclBackend {
  return (object?.spec as { aclBackend?: AclBackend } | undefined)?.aclBackend === "confluentMds"
    ? "confluentMds"
    : "kafka";
}

/** Where the cluster's centralized ACLs are; throws an OperatorError saying what is missing. */
export function mdsTargetOf(
  cluster: string,
  object: KafkaClusterLike | undefined,
  readSecret: SecretKeyReader,
): MdsTarget {
  const cannot = `Cannot reach the centralized ACLs of cluster "${cluster}"`;
  if (!object) throw new ClusterUnreachableError(`${cannot}: its KafkaCluster does not exist`);
  const parsed = kafkaClusterSpecSchema.safeParse(object.spec);
  const baseUrl = parsed.success ? parsed.data.confluent?.mdsEndpoint : undefined;
  if (!parsed.success || baseUrl === undefined) {
    throw new OperatorError(`${cannot}: the KafkaCluster names no usable confluent.mdsEndpoint`, {
      reason: "InvalidSpec",
      isRetryable: false,
    });
  }
  const kafkaClusterId = object.status?.clusterId;
  if (!kafkaClusterId) {
    // The KafkaCluster reports its id once it has logged in; until then there is no scope.
    throw new ClusterUnreachableError(`${cannot}: its KafkaCluster has not reported a cluster id yet`);
  }
  let credential: ReturnType<typeof resolveHttpCredential> | undefined;
  try {
    const spec = parsed.data.confluent?.mdsCredentials;
    credential = spec ? resolveHttpCredential(spec, readSecret) : undefined;
  } catch (thrown) {
    if (!(thrown instanceof CredentialError)) throw thrown;
    throw new OperatorError(`${cannot}: ${thrown.message}`, { reason: "InvalidSpec", isRetryable: false });
  }
  const auth = credential?.auth;
  return {
    baseUrl,
    ...(credential?.tls ? { tls: credential.tls } : {}),
    ...(auth?.type === "basic"
      ? { auth: { type: "login", username: auth.username, password: auth.password } }
      : auth?.type === "bearer"
        ? { auth }
        : {}),
    kafkaClusterId,
    fingerprint: createHash("sha256")
      .update(`${baseUrl}\0${kafkaClusterId}\0${credential?.contentHash ?? ""}`)
      .digest("hex"),
  };
}
