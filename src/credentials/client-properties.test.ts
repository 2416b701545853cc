import { describe, expect, it } from "vitest";
import {
  findSecretValues,
  redactProperties,
  renderConnectProperties,
  renderLinkProperties,
  requiredOverridePolicy,
} from "./client-properties.ts";
import type { CredentialSpec, SecretKeyRef } from "./credential-spec.ts";

const secrets: Record<string, Record<string, string>> = {
  scram: { password: "pw-1" },
  stores: { "keystore.p12": "binary", password: "store-pa55word", "ca.crt": "-----BEGIN CERTIFICATE-----x" },
  kerberos: { keytab: "binary" },
};
const secretValue = (ref: SecretKeyRef) => secrets[ref.name]![ref.key]!;
const mounts = { pathOf: (ref: SecretKeyRef) => `/mnt/secrets/${ref.name}/${ref.key}` };
const allSecretValues = Object.values(secrets).flatMap((d) => Object.values(d));
const passwords = ["pw-1", "store-pa55word"];

const scramSsl: CredentialSpec = {
  securityProtocol: "SASL_SSL",
  sasl: { mechanism: "SCRAM-SHA-512", username: "link", password: { name: "scram", key: "password" } },
  tls: { verifyHostname: true, trust: { type: "PEM", store: { name: "stores", key: "ca.crt" } } },
};
const gssapi: CredentialSpec = {
  securityProtocol: "SASL_SSL",
  sasl: {
    mechanism: "GSSAPI",
    gssapi: {
      principal: "link@EXAMPLE.COM",
      serviceName: "kafka",
      keytab: { name: "kerberos", key: "keytab" },
    },
  },
};
const mtlsPkcs12: CredentialSpec = {
  securityProtocol: "SSL",
  tls: {
    verifyHostname: false,
    keystore: {
      type: "PKCS12",
      store: { name: "stores", key: "keystore.p12" },
      password: { name: "stores", key: "password" },
    },
  },
};

describe("renderLinkProperties", () => {
  it("inlines SCRAM in the JAAS config and PEM trust, as brokers store link configs encrypted", () => {
    const { properties, secretKeys } = renderLinkProperties(scramSsl, { secretValue, mounts });
    expect(properties).toEqual({
      "security.protocol": "SASL_SSL",
      "sasl.mechanism": "SCRAM-SHA-512",
      "sasl.jaas.config":
        'org.apache.kafka.common.security.scram.ScramLoginModule required username="link" password="pw-1";',
      "ssl.truststore.type": "PEM",
      "ssl.truststore.certificates": "-----BEGIN CERTIFICATE-----x",
    });
    expect([...secretKeys]).toEqual(["sasl.jaas.config"]);
  });

  it("names the keytab where the destination brokers mount it (Krb5LoginModule)", () => {
    expect(renderLinkProperties(gssapi, { secretValue, mounts }).properties["sasl.jaas.config"]).toBe(
      'com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true storeKey=true keyTab="/mnt/secrets/kerberos/keytab" principal="link@EXAMPLE.COM" serviceName="kafka";',
    );
  });

  it("gives a redacted view without any secret value", () => {
    const view = redactProperties(renderLinkProperties(scramSsl, { secretValue, mounts }));
    expect(findSecretValues(JSON.stringify(view), passwords)).toEqual([]);
    expect(view["sasl.jaas.config"]).toBe("[redacted]");
  });
});

describe("renderConnectProperties", () => {
  const provider = { kind: "kubernetesSecrets", name: "secrets", namespace: "team-a" } as const;

  it.each([
    { why: "SCRAM over TLS", spec: scramSsl },
    { why: "GSSAPI with a keytab", spec: gssapi },
    { why: "mTLS from a PKCS12 keystore", spec: mtlsPkcs12 },
  ])("never holds a clear-text secret: $why", ({ spec }) => {
    const rendered = renderConnectProperties(spec, { provider, mounts, prefix: "producer.override." });
    expect(findSecretValues(JSON.stringify(rendered), allSecretValues)).toEqual([]);
  });

  it("refers to Secrets through the config provider", () => {
    const rendered = renderConnectProperties(mtlsPkcs12, { provider, mounts, prefix: "consumer.override." });
    expect(rendered).toEqual({
      "consumer.override.security.protocol": "SSL",
      "consumer.override.ssl.endpoint.identification.algorithm": "",
      "consumer.override.ssl.keystore.type": "PKCS12",
      "consumer.override.ssl.keystore.location": "/mnt/secrets/stores/keystore.p12",
      "consumer.override.ssl.keystore.password": "${secrets:team-a/stores:password}",
    });
  });

  it("uses the directory provider's path form", () => {
    const rendered = renderConnectProperties(scramSsl, {
      provider: { kind: "directory", name: "dir", root: "/mnt/secrets" },
      mounts,
      prefix: "",
    });
    expect(rendered["sasl.jaas.config"]).toContain('password="${dir:/mnt/secrets/scram:password}"');
  });
});

describe("requiredOverridePolicy", () => {
  it.each([
    { why: "SASL settings alone fit the Principal policy", spec: gssapi, expected: "Principal" },
    { why: "TLS settings need the All policy", spec: mtlsPkcs12, expected: "All" },
    { why: "SASL with a truststore needs All", spec: scramSsl, expected: "All" },
  ])("$why", ({ spec, expected }) => {
    const keys = Object.keys(
      renderConnectProperties(spec, {
        provider: { kind: "kubernetesSecrets", name: "s", namespace: "n" },
        mounts,
        prefix: "",
      }),
    );
    expect(requiredOverridePolicy(keys)).toBe(expected);
  });
});
