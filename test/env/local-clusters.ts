// KafkaCluster resources (and their credential Secrets) for the clusters of a running local
// stack, as a platform team would write them (the operator's admin logs in over SCRAM), and a
// ConnectCluster for its Connect worker.
import { readFileSync } from "node:fs";
import type { StackInfo } from "./stack.ts";

type Manifest = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
};

export function localClusterManifests(stack: StackInfo, namespace: string): Manifest[] {
  const manifests: Manifest[] = [{ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } }];
  manifests.push({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "local-kafka-ca", namespace },
    stringData: { "ca.crt": readFileSync(stack.tls.caPem, "utf8") },
  });
  for (const cluster of [stack.kafka.source, stack.kafka.destination]) {
    manifests.push({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: `${cluster.name}-admin`, namespace },
      stringData: { password: cluster.scramUsers["kao-admin"]! },
    });
    manifests.push({
      apiVersion: "kafkaaccess.io/v1alpha1",
      kind: "KafkaCluster",
      metadata: { name: cluster.name, namespace },
      spec: {
        bootstrapServers: [cluster.bootstrap.scram],
        credentials: {
          securityProtocol: "SASL_PLAINTEXT",
          sasl: {
            mechanism: "SCRAM-SHA-512",
            username: "kao-admin",
            password: { name: `${cluster.name}-admin`, key: "password" },
          },
        },
        brokerPrincipals: cluster.brokerPrincipals,
        // team-a may grant only on its own names (its connectors' groups, connect-team-a.*,
        // included; and IdempotentWrite on the cluster), and hold User:bob exclusively; any
        // other namespace may use the cluster without limits.
        tenancy: {
          namespaces: [
            {
              name: "team-a",
              resourcePrefixes: {
                topic: ["team-a."],
                group: ["team-a.", "connect-team-a."],
                transactionalId: ["team-a."],
              },
              allowClusterResource: true,
              exclusivePrincipals: ["User:bob"],
            },
            { name: "*" },
          ],
        },
      },
    });
  }
  manifests.push({
    apiVersion: "kafkaaccess.io/v1alpha1",
    kind: "ConnectCluster",
    metadata: { name: "connect", namespace },
    spec: {
      restUrl: stack.connect.restUrl,
      kafkaClusterRef: { name: stack.kafka.destination.name },
      // The local worker logs in on the internal listener, as the anonymous super user.
      workerPrincipal: "User:ANONYMOUS",
      groupId: stack.connect.groupId,
      configTopic: stack.connect.configTopic,
      offsetTopic: stack.connect.offsetTopic,
      statusTopic: stack.connect.statusTopic,
      overridePolicy: stack.connect.overridePolicy,
      secretMountPath: stack.connect.secretMountPath,
      // team-a runs connectors on it (examples/connector-principal.yaml).
      tenancy: { namespaces: [{ name: namespace }, { name: "team-a" }] },
    },
  });
  return manifests;
}
