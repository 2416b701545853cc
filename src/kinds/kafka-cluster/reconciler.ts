// Reconciles a KafkaCluster: builds the admin credential from its Secrets, logs in, reports
// what the cluster is (id, brokers, authorizer) and whether the credential works. Owns no
// external state, so it needs no finalizer; deleting it drops the shared connection.

import type { KubernetesObject } from "@kubernetes/client-node";
import { z } from "zod";
import type { KindController, Runtime } from "../../controller/manager.ts";
import { splitKey } from "../../controller/resource.ts";
import { reportStatus } from "../../controller/status-report.ts";
import { CredentialError, resolveCredential } from "../../credentials/resolve-credential.ts";
import { secretNamesIn } from "../../credentials/secret-names.ts";
import type { ClusterFacts, ClusterProbe } from "../../ports/cluster-probe.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { MissingSecretError } from "../../ports/secret-source.ts";
import { KAFKA_CLUSTER_RESOURCE } from "../shared/kafka-cluster-reference.ts";
import { type ClusterObservation, clusterConditions } from "./checks.ts";
import { KAFKA_CLUSTER_REASON_OF } from "./reasons.ts";
import { type KafkaClusterSpec, type KafkaClusterStatus, kafkaClusterSpecSchema } from "./schema.ts";

type KafkaClusterObject = KubernetesObject & { spec: KafkaClusterSpec; status?: KafkaClusterStatus };

/** Secrets a KafkaCluster references (its Kafka credential, REST and MDS logins); their changes re-queue it. */
export function kafkaClusterSecrets(object: KubernetesObject): string[] {
  return secretNamesIn((object as KafkaClusterObject).spec);
}

export function kafkaClusterController(runtime: Runtime, { probe }: { probe: ClusterProbe }): KindController {
  const cache = runtime.cacheOf<KafkaClusterObject>(KAFKA_CLUSTER_RESOURCE);
  const writer = runtime.writerFor(KAFKA_CLUSTER_RESOURCE);
  return {
    resource: KAFKA_CLUSTER_RESOURCE,
    referencedSecrets: kafkaClusterSecrets,
    async reconcile(key, { logger }) {
      const { namespace, name } = splitKey(key);
      const object = cache.get(namespace, name);
      if (!object || object.metadata?.deletionTimestamp) {
        await probe.forget(key);
        return undefined;
      }
      const { observation, facts, credentialsHash, retryError } = await observe(object);
      await reportStatus<KafkaClusterStatus>(
        { writer, events: runtime.events, logger },
        object,
        clusterConditions(observation),
        {
          ...(facts
            ? {
                clusterId: facts.clusterId,
                brokerCount: facts.brokerCount,
                controllerId: facts.controllerId,
                authorizerPresent: facts.authorizerPresent,
              }
            : {}),
          ...(credentialsHash ? { credentialsHash } : {}),
        },
      );
      // Unreachable: retry with backoff. Other failures wait for a change or the next resync.
      if (retryError) throw retryError;
      return undefined;
    },
  };

  async function observe(object: KafkaClusterObject): Promise<{
    observation: ClusterObservation;
    facts?: ClusterFacts;
    credentialsHash?: string;
    retryError?: OperatorError | undefined;
  }> {
    const key = `${object.metadata?.namespace}/${object.metadata?.name}`;
    const parsed = kafkaClusterSpecSchema.safeParse(object.spec);
    if (!parsed.success) {
      const message = `The spec cannot be used:\n${z.prettifyError(parsed.error)}`;
      return {
        observation: { outcome: "credentialUnusable", reason: "InvalidSpec", message },
      };
    }
    let credential: ReturnType<typeof resolveCredential>;
    try {
      credential = resolveCredential(parsed.data.credentials, (ref, purpose) =>
        runtime.secrets.read(object.metadata?.namespace ?? "", ref, purpose),
      );
    } catch (err) {
      if (!(err instanceof CredentialError || err instanceof MissingSecretError)) throw err;
      return {
        observation: { outcome: "credentialUnusable", reason: err.reason, message: err.message },
      };
    }
    try {
      const facts = await probe.probe(key, { brokers: parsed.data.bootstrapServers, credential });
      return {
        observation: { outcome: "ready", facts },
        facts,
        credentialsHash: credential.contentHash,
      };
    } catch (err) {
      if (!(err instanceof OperatorError)) throw err;
      const reason = KAFKA_CLUSTER_REASON_OF[err.reason];
      return {
        observation: { outcome: "failed", reason, message: err.message },
        credentialsHash: credential.contentHash,
        retryError: err.isRetryable ? err : undefined,
      };
    }
  }
}
