// KafkaCluster resources (and their credential Secrets) for the clusters of a running local
// stack, as a platform team would write them (the operator's admin logs in with Kerberos, on
// the listener cluster links use too), a ConnectCluster for its Connect worker, and the keytab
// of the principal `link` for examples/cluster-link.yaml, mounted for the worker.
import { readFileSync } from "node:fs";
import { SECRET_MOUNT_LABEL } from "./secret-mounts.ts";
import type { StackInfo } from "./stack.ts";

type Manifest = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

export function localClusterManifests(stack: StackInfo, namespace: string): Manifest[] {
  const manifests: Manifest[] = [{ apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } }];
  manifests.push({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "local-kafka-ca", namespace },
    stringData: { "ca.crt": readFileSync(stack.tls.caPem, "utf8") },
  });
  const krb5Conf = readFileSync(stack.kdc.krb5ConfPath, "utf8");
  manifests.push({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "kao-admin-keytab", namespace },
    data: { keytab: readFileSync(stack.kdc.keytabs["kao-admin"]!).toString("base64") },
    stringData: { "krb5.conf": krb5Conf },
  });
  manifests.push({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "link-keytab", namespace, labels: { [SECRET_MOUNT_LABEL]: "true" } },
    data: { "link.keytab": readFileSync(stack.kdc.keytabs.link!).toString("base64") },
    stringData: { "krb5.conf": krb5Conf },
  });
  for (const cluster of [stack.kafka.source, stack.kafka.destination]) {
    manifests.push({
      apiVersion: "kafkaaccess.io/v1alpha1",
      kind: "KafkaCluster",
      metadata: { name: cluster.name, namespace },
      spec: {
        bootstrapServers: [cluster.bootstrap.gssapi],
        credentials: {
          securityProtocol: "SASL_SSL",
          sasl: {
            mechanism: "GSSAPI",
            gssapi: {
              principal: `kao-admin@${stack.kdc.realm}`,
              keytab: { name: "kao-admin-keytab", key: "keytab" },
              krb5Conf: { name: "kao-admin-keytab", key: "krb5.conf" },
            },
          },
          tls: { trust: { type: "PEM", store: { name: "local-kafka-ca", key: "ca.crt" } } },
        },
        brokerPrincipals: cluster.brokerPrincipals,
        // team-a may grant only on its own names (its connectors' groups, connect-team-a.*,
        // included; and IdempotentWrite on the cluster), and hold User:bob exclusively; the
        // platform team's own namespace may grant on the cluster resource too (its cluster link
        // needs Describe there); any other namespace may use the cluster with no limit but that one.
        tenancy: {
          namespaces: [
            { name: namespace, allowClusterResource: true },
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
  manifests.push(localConnectCluster(stack, namespace));
  return manifests;
}

/** A ConnectCluster `connect` in `namespace` for the local stack's Connect worker. */
export function localConnectCluster(stack: StackInfo, namespace: string): Manifest {
  return {
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
  };
}
