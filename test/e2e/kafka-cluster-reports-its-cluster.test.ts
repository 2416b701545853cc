import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../env/managed-process.ts";
import { type OperatorFixture, startOperatorFixture } from "./operator-fixture.ts";

const stack = inject("stack");
const { destination } = stack.kafka;
const b64 = (value: string | Buffer) => Buffer.from(value).toString("base64");
const ready =
  '{.status.conditions[?(@.type=="Ready")].status}/{.status.conditions[?(@.type=="Ready")].reason}';

let f: OperatorFixture;
beforeAll(async () => {
  f = await startOperatorFixture("kc");
});
afterAll(() => f?.stop());

const secret = (name: string, data: Record<string, string | Buffer>) => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name },
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
});
const kafkaCluster = (name: string, bootstrap: string, credentials: object) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "KafkaCluster",
  metadata: { name },
  spec: { bootstrapServers: [bootstrap], credentials },
});
const scramCredentials = (secretName: string) => ({
  securityProtocol: "SASL_PLAINTEXT",
  sasl: {
    mechanism: "SCRAM-SHA-512",
    username: "kao-admin",
    password: { name: secretName, key: "password" },
  },
});

describe("a KafkaCluster", () => {
  it("reports the cluster id and brokers once the operator logs in with SCRAM", async () => {
    f.apply(secret("scram-admin", { password: destination.scramUsers["kao-admin"]! }));
    f.apply(kafkaCluster("dest", destination.bootstrap.scram, scramCredentials("scram-admin")));
    expect(await f.waitFor("kafkacluster/dest", ready, (v) => v === "True/ClusterReady")).toBe(
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
    await f.waitFor("kafkacluster/rotating", ready, (v) => v === "True/ClusterReady");

    f.apply(secret("rotating", { password: "not-the-password" }));
    await f.waitFor("kafkacluster/rotating", ready, (v) => v === "False/AuthenticationFailed");
    const credentialsValid = '{.status.conditions[?(@.type=="CredentialsValid")].reason}';
    expect(
      f.kubectl(["-n", f.namespace, "get", "kafkacluster/rotating", "-o", `jsonpath=${credentialsValid}`])
        .stdout,
    ).toBe("AuthenticationFailed");
    const events = f.kubectl([
      "-n",
      f.namespace,
      "get",
      "events",
      "--field-selector",
      "involvedObject.name=rotating",
    ]).stdout;
    expect(events).toContain("AuthenticationFailed");

    f.apply(secret("rotating", { password: destination.scramUsers["kao-admin"]! }));
    await f.waitFor("kafkacluster/rotating", ready, (v) => v === "True/ClusterReady");
  });

  it("names the missing Secret", async () => {
    f.apply(kafkaCluster("no-secret", destination.bootstrap.scram, scramCredentials("absent")));
    await f.waitFor("kafkacluster/no-secret", ready, (v) => v === "False/SecretNotFound");
    const message = f.kubectl([
      "-n",
      f.namespace,
      "get",
      "kafkacluster/no-secret",
      "-o",
      'jsonpath={.status.conditions[?(@.type=="Ready")].message}',
    ]).stdout;
    expect(message).toBe('Secret "absent" (password) does not exist');
  });

  it("says the cluster is unreachable when no broker answers", async () => {
    f.apply(secret("unused", { password: "x" }));
    f.apply(kafkaCluster("nowhere", `127.0.0.1:${await freePort()}`, scramCredentials("unused")));
    await f.waitFor("kafkacluster/nowhere", ready, (v) => v === "False/ClusterUnreachable");
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
    await f.waitFor("kafkacluster/kerberos", ready, (v) => v === "True/ClusterReady");
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
    await f.waitFor(`kafkacluster/${name}`, ready, (v) => v === "True/ClusterReady");
  });
});
