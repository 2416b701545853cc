import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../local-stack/managed-process.ts";
import { useStack } from "../env/use-stack.ts";
import { kafkaCluster, scramCredentials, secret } from "./manifests.ts";
import { conditionPath, type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("kube", "kafka");
const { destination } = stack.kafka;

let f: OperatorFixture;
beforeAll(async () => {
  f = await startOperatorFixture("kc");
});
afterAll(() => f?.stop());

/** Every secret value these tests put in Secrets; none may show up anywhere the operator writes. */
const secretValues = () => [
  ...Object.values(destination.scramUsers),
  stack.tls.clients["kao-admin"]!.password,
  stack.tls.truststorePassword,
  readFileSync(stack.kdc.keytabs["kao-admin"]!).toString("base64"),
  readFileSync(stack.tls.clients["kao-admin"]!.keyPem, "utf8").split("\n")[1]!,
];

describe("a KafkaCluster", () => {
  it("reports the cluster id and brokers once the operator logs in with SCRAM", async () => {
    f.apply(secret("scram-admin", { password: destination.scramUsers["kao-admin"]! }));
    f.apply(kafkaCluster("dest", destination.bootstrap.scram, scramCredentials("scram-admin")));
    expect(await f.waitFor("kafkacluster/dest", READY, (v) => v === "True/ClusterReady")).toBe(
      "True/ClusterReady",
    );
    const status = JSON.parse(
      f.kubectl(["-n", f.namespace, "get", "kafkacluster/dest", "-o", "json"]).stdout,
    ).status;
    expect(status).toMatchObject({
      clusterId: destination.clusterId,
      brokerCount: 1,
      authorizerPresent: true,
    });
    expect(JSON.stringify(status)).not.toContain(destination.scramUsers["kao-admin"]);
  });

  it("turns not ready with AuthenticationFailed when its Secret breaks, and recovers when it is fixed", async () => {
    f.apply(secret("rotating", { password: destination.scramUsers["kao-admin"]! }));
    f.apply(kafkaCluster("rotating", destination.bootstrap.scram, scramCredentials("rotating")));
    await f.waitFor("kafkacluster/rotating", READY, (v) => v === "True/ClusterReady");

    f.apply(secret("rotating", { password: "not-the-password" }));
    await f.waitFor("kafkacluster/rotating", READY, (v) => v === "False/AuthenticationFailed");
    expect(f.read("kafkacluster/rotating", conditionPath("CredentialsValid", "reason"))).toBe(
      "AuthenticationFailed",
    );
    await f.waitForEvent("rotating", "AuthenticationFailed");

    f.apply(secret("rotating", { password: destination.scramUsers["kao-admin"]! }));
    await f.waitFor("kafkacluster/rotating", READY, (v) => v === "True/ClusterReady");
  });

  it("names the missing Secret", async () => {
    f.apply(kafkaCluster("no-secret", destination.bootstrap.scram, scramCredentials("absent")));
    await f.waitFor("kafkacluster/no-secret", READY, (v) => v === "False/SecretNotFound");
    const message = f.read("kafkacluster/no-secret", conditionPath("Ready", "message"));
    expect(message).toBe('Secret "absent" (password) does not exist');
  });

  it("says the cluster is unreachable when no broker answers", async () => {
    f.apply(secret("unused", { password: "x" }));
    f.apply(kafkaCluster("nowhere", `127.0.0.1:${await freePort()}`, scramCredentials("unused")));
    await f.waitFor("kafkacluster/nowhere", READY, (v) => v === "False/ClusterUnreachable");
  });

  it("logs in with a GSSAPI keytab from a Secret over SASL_SSL", async () => {
    f.apply(
      secret("kerberos", {
        keytab: readFileSync(stack.kdc.keytabs["kao-admin"]!),
        "krb5.conf": readFileSync(stack.kdc.krb5ConfPath),
        "ca.crt": readFileSync(stack.tls.caPem),
      }),
    );
    f.apply(
      kafkaCluster("kerberos", destination.bootstrap.gssapi, {
        securityProtocol: "SASL_SSL",
        sasl: {
          mechanism: "GSSAPI",
          gssapi: {
            principal: `kao-admin@${stack.kdc.realm}`,
            keytab: { name: "kerberos", key: "keytab" },
            krb5Conf: { name: "kerberos", key: "krb5.conf" },
          },
        },
        tls: { trust: { type: "PEM", store: { name: "kerberos", key: "ca.crt" } } },
      }),
    );
    await f.waitFor("kafkacluster/kerberos", READY, (v) => v === "True/ClusterReady");
  });

  it("names both principals when the keytab is for another one, and recovers when the Secret gets the right keytab", async () => {
    const kerberosSecret = (keytab: string) =>
      secret("kerberos-rotating", {
        keytab: readFileSync(keytab),
        "krb5.conf": readFileSync(stack.kdc.krb5ConfPath),
        "ca.crt": readFileSync(stack.tls.caPem),
      });
    f.apply(kerberosSecret(stack.kdc.keytabs.other!));
    f.apply(
      kafkaCluster("kerberos-rotating", destination.bootstrap.gssapi, {
        securityProtocol: "SASL_SSL",
        sasl: {
          mechanism: "GSSAPI",
          gssapi: {
            principal: `kao-admin@${stack.kdc.realm}`,
            keytab: { name: "kerberos-rotating", key: "keytab" },
            krb5Conf: { name: "kerberos-rotating", key: "krb5.conf" },
          },
        },
        tls: { trust: { type: "PEM", store: { name: "kerberos-rotating", key: "ca.crt" } } },
      }),
    );
    await f.waitFor("kafkacluster/kerberos-rotating", READY, (v) => v === "False/KeytabPrincipalMismatch");
    const message = f.read("kafkacluster/kerberos-rotating", conditionPath("CredentialsValid", "message"));
    expect(message).toBe(
      `The keytab in Secret "kerberos-rotating" holds keys for other@${stack.kdc.realm}, not for "kao-admin@${stack.kdc.realm}"`,
    );

    f.apply(kerberosSecret(stack.kdc.keytabs["kao-admin"]!));
    await f.waitFor("kafkacluster/kerberos-rotating", READY, (v) => v === "True/ClusterReady");
  });

  it("says the broker's certificate is not trusted when tls.trust holds another CA", async () => {
    f.apply(
      secret("other-ca", {
        "ca.crt": readFileSync(stack.kube.caPath),
        keystore: readFileSync(stack.tls.clients["kao-admin"]!.pkcs12),
        password: stack.tls.clients["kao-admin"]!.password,
      }),
    );
    f.apply(
      kafkaCluster("untrusted", destination.bootstrap.ssl, {
        securityProtocol: "SSL",
        tls: {
          trust: { type: "PEM", store: { name: "other-ca", key: "ca.crt" } },
          keystore: {
            type: "PKCS12",
            store: { name: "other-ca", key: "keystore" },
            password: { name: "other-ca", key: "password" },
          },
        },
      }),
    );
    await f.waitFor("kafkacluster/untrusted", READY, (v) => v === "False/TlsVerificationFailed");
  });

  it("says the keystore cannot be opened when its password is wrong", async () => {
    f.apply(
      secret("wrong-store-password", {
        keystore: readFileSync(stack.tls.clients["kao-admin"]!.pkcs12),
        password: "not-it",
      }),
    );
    f.apply(
      kafkaCluster("wrong-store-password", destination.bootstrap.ssl, {
        securityProtocol: "SSL",
        tls: {
          keystore: {
            type: "PKCS12",
            store: { name: "wrong-store-password", key: "keystore" },
            password: { name: "wrong-store-password", key: "password" },
          },
        },
      }),
    );
    await f.waitFor("kafkacluster/wrong-store-password", READY, (v) => v === "False/InvalidKeystore");
  });

  it.each([
    { type: "JKS", file: () => stack.tls.clients["kao-admin"]!.jks },
    { type: "PKCS12", file: () => stack.tls.clients["kao-admin"]!.pkcs12 },
  ])("logs in with a client certificate from a $type keystore", async ({ type, file }) => {
    const name = `mtls-${type.toLowerCase()}`;
    f.apply(
      secret(name, {
        keystore: readFileSync(file()),
        password: stack.tls.clients["kao-admin"]!.password,
        truststore: readFileSync(type === "JKS" ? stack.tls.truststoreJks : stack.tls.truststorePkcs12),
        "truststore-password": stack.tls.truststorePassword,
      }),
    );
    f.apply(
      kafkaCluster(name, destination.bootstrap.ssl, {
        securityProtocol: "SSL",
        tls: {
          trust: { type, store: { name, key: "truststore" }, password: { name, key: "truststore-password" } },
          keystore: { type, store: { name, key: "keystore" }, password: { name, key: "password" } },
        },
      }),
    );
    await f.waitFor(`kafkacluster/${name}`, READY, (v) => v === "True/ClusterReady");
  });

  it("never lets a secret value reach its logs, statuses or Events", () => {
    const statuses = f.kubectl(["-n", f.namespace, "get", "kafkaclusters", "-o", "json"]).stdout;
    const events = f.kubectl(["-n", f.namespace, "get", "events", "-o", "json"]).stdout;
    expect(f.logLines.length).toBeGreaterThan(0);
    const written = [f.logLines.join(""), statuses, events].join("\n");
    expect(secretValues().filter((value) => written.includes(value))).toEqual([]);
  });
});
