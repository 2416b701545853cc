import { describe, expect, it } from "vitest";
import { credentialSpecSchema } from "./credential-spec.ts";

const ref = (name: string, key: string) => ({ name, key });
const scram = { mechanism: "SCRAM-SHA-512", username: "link", password: ref("scram", "password") };

describe("credentialSpecSchema", () => {
  it.each([
    { why: "PLAINTEXT needs nothing else", spec: { securityProtocol: "PLAINTEXT" } },
    { why: "SCRAM over TLS with the system's trust", spec: { securityProtocol: "SASL_SSL", sasl: scram } },
    {
      why: "a user name kept in a Secret (Confluent Cloud API key)",
      spec: {
        securityProtocol: "SASL_SSL",
        sasl: { mechanism: "PLAIN", usernameFrom: ref("api", "key"), password: ref("api", "secret") },
      },
    },
    {
      why: "GSSAPI with principal and keytab",
      spec: {
        securityProtocol: "SASL_PLAINTEXT",
        sasl: { mechanism: "GSSAPI", gssapi: { principal: "link@EXAMPLE.COM", keytab: ref("kt", "keytab") } },
      },
    },
    {
      why: "mTLS from a JKS keystore with an alias",
      spec: {
        securityProtocol: "SSL",
        tls: {
          keystore: { type: "JKS", store: ref("ks", "jks"), password: ref("ks", "pw"), alias: "client" },
        },
      },
    },
  ])("accepts $why", ({ spec }) => {
    expect(credentialSpecSchema.safeParse(spec).error?.issues).toBeUndefined();
  });

  it("fills in the Kerberos service name and hostname verification", () => {
    const parsed = credentialSpecSchema.parse({
      securityProtocol: "SASL_SSL",
      sasl: { mechanism: "GSSAPI", gssapi: { principal: "link", keytab: ref("kt", "keytab") } },
      tls: {},
    });
    expect(parsed.sasl?.gssapi?.serviceName).toBe("kafka");
    expect(parsed.tls?.verifyHostname).toBe(true);
  });

  it.each([
    {
      why: "a SASL protocol needs sasl",
      spec: { securityProtocol: "SASL_SSL" },
      message: "SASL_PLAINTEXT and SASL_SSL need sasl",
    },
    {
      why: "sasl on a protocol without SASL would be ignored",
      spec: { securityProtocol: "SSL", sasl: scram },
      message: "sasl is only used with SASL_PLAINTEXT and SASL_SSL",
    },
    {
      why: "a keystore on a protocol without TLS would be ignored",
      spec: {
        securityProtocol: "SASL_PLAINTEXT",
        sasl: scram,
        tls: { keystore: { type: "PEM", store: ref("c", "crt"), key: ref("c", "key") } },
      },
      message: "tls (trust, keystore) is only used with SSL and SASL_SSL",
    },
    {
      why: "GSSAPI without principal and keytab cannot log in",
      spec: { securityProtocol: "SASL_SSL", sasl: { mechanism: "GSSAPI" } },
      message: "GSSAPI needs sasl.gssapi (principal and keytab)",
    },
    {
      why: "SCRAM without a password cannot log in",
      spec: { securityProtocol: "SASL_SSL", sasl: { mechanism: "SCRAM-SHA-256", username: "u" } },
      message: "SCRAM and PLAIN need sasl.username and sasl.password",
    },
    {
      why: "two user names leave it unclear which one is used",
      spec: {
        securityProtocol: "SASL_SSL",
        sasl: { ...scram, usernameFrom: ref("scram", "user") },
      },
      message: "sasl.username and sasl.usernameFrom are mutually exclusive",
    },
    {
      why: "a password next to GSSAPI would be ignored",
      spec: {
        securityProtocol: "SASL_SSL",
        sasl: {
          mechanism: "GSSAPI",
          gssapi: { principal: "p", keytab: ref("kt", "keytab") },
          password: ref("x", "y"),
        },
      },
      message: "sasl.username, sasl.usernameFrom and sasl.password are only used with SCRAM and PLAIN",
    },
    {
      why: "OAUTHBEARER needs its client credentials",
      spec: { securityProtocol: "SASL_SSL", sasl: { mechanism: "OAUTHBEARER" } },
      message: "OAUTHBEARER needs sasl.oauthbearer",
    },
    {
      why: "a PKCS12 keystore cannot open without its password",
      spec: { securityProtocol: "SSL", tls: { keystore: { type: "PKCS12", store: ref("ks", "p12") } } },
      message: "PKCS12 and JKS keystores need password",
    },
    {
      why: "a PEM keystore needs its key",
      spec: { securityProtocol: "SSL", tls: { keystore: { type: "PEM", store: ref("c", "crt") } } },
      message: "a PEM keystore needs key",
    },
    {
      why: "a JKS truststore cannot be checked without its password",
      spec: { securityProtocol: "SSL", tls: { trust: { type: "JKS", store: ref("t", "jks") } } },
      message: "PKCS12 and JKS truststores need password",
    },
  ])("rejects a spec where $why", ({ spec, message }) => {
    const issues = credentialSpecSchema.safeParse(spec).error?.issues ?? [];
    expect(issues.map((i) => i.message)).toContainEqual(expect.stringContaining(message));
  });

  it("carries every cross-field rule as CEL for the generated CRD", () => {
    const meta = credentialSpecSchema.meta() as { "x-kubernetes-validations": { rule: string }[] };
    expect(meta["x-kubernetes-validations"].map((v) => v.rule)).toContain(
      "!self.securityProtocol.startsWith('SASL_') || has(self.sasl)",
    );
  });
});
