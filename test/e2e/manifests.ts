// Manifests the e2e tests apply, written once.
import type { KafkaClusterInfo } from "../../local-stack/kafka.ts";

/** A Secret with `data` base64-encoded (values may be binary: keytabs, keystores). */
export function secret(name: string, data: Record<string, string | Buffer>) {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString("base64")])),
  };
}

export function kafkaCluster(name: string, bootstrap: string, credentials: object) {
  return {
    apiVersion: "kafkaaccess.io/v1alpha1",
    kind: "KafkaCluster",
    metadata: { name },
    spec: { bootstrapServers: [bootstrap], credentials },
  };
}

/** The operator's admin over SCRAM-SHA-512, its password in Secret `secretName` key `password`. */
export function scramCredentials(secretName: string) {
  return {
    securityProtocol: "SASL_PLAINTEXT",
    sasl: {
      mechanism: "SCRAM-SHA-512",
      username: "kao-admin",
      password: { name: secretName, key: "password" },
    },
  };
}

/**
 * A KafkaCluster `name` for a test cluster, with the operator's admin over SCRAM and its
 * password in Secret "admin": the usual start of a test, as the two manifests to apply.
 */
export function scramKafkaCluster(name: string, cluster: KafkaClusterInfo): object[] {
  return [
    secret("admin", { password: cluster.scramUsers["kao-admin"]! }),
    kafkaCluster(name, cluster.bootstrap.scram, scramCredentials("admin")),
  ];
}

/**
 * The operator's admin over GSSAPI as `principal`, on SASL_SSL: keytab, krb5.conf and the CA in
 * Secret `secretName` (keys `keytab`, `krb5.conf`, `ca.crt`).
 */
export function gssapiCredentials(secretName: string, principal: string) {
  return {
    securityProtocol: "SASL_SSL",
    sasl: {
      mechanism: "GSSAPI",
      gssapi: {
        principal,
        keytab: { name: secretName, key: "keytab" },
        krb5Conf: { name: secretName, key: "krb5.conf" },
      },
    },
    tls: { trust: { type: "PEM", store: { name: secretName, key: "ca.crt" } } },
  };
}
