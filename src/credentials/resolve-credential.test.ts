import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CredentialSpec } from "./credential-spec.ts";
import { CredentialError, resolveCredential, type SecretKeyReader } from "./resolve-credential.ts";

// Keystores made by the JDK's keytool and openssl, as users make them; nothing is committed.
let dir: string;
const stores: Record<string, Buffer> = {};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "credential-test-"));
  const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: dir, stdio: "pipe" });
  run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=client",
    "-keyout",
    "key.pem",
    "-out",
    "cert.pem",
  ]);
  run("openssl", [
    "pkcs12",
    "-export",
    "-in",
    "cert.pem",
    "-inkey",
    "key.pem",
    "-name",
    "client",
    "-out",
    "client.p12",
    "-passout",
    "pass:store-pass",
  ]);
  run(
    "keytool",
    [
      "-importkeystore",
      "-noprompt",
      "-srckeystore",
      "client.p12",
      "-srcstoretype",
      "PKCS12",
      "-srcstorepass",
      "store-pass",
    ].concat([
      "-destkeystore",
      "client.jks",
      "-deststoretype",
      "JKS",
      "-deststorepass",
      "store-pass",
      "-destkeypass",
      "store-pass",
    ]),
  );
  run("keytool", [
    "-importcert",
    "-noprompt",
    "-alias",
    "ca",
    "-file",
    "cert.pem",
    "-storetype",
    "JKS",
    "-keystore",
    "trust.jks",
    "-storepass",
    "store-pass",
  ]);
  for (const name of ["cert.pem", "key.pem", "client.p12", "client.jks", "trust.jks"])
    stores[name] = readFileSync(join(dir, name));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Missing Secrets are the reader's to report (see the SecretSource adapter's tests).
const lookup =
  (data: Record<string, Record<string, string | Buffer>>): SecretKeyReader =>
  (ref, purpose) => {
    const value = data[ref.name]?.[ref.key];
    if (value === undefined) throw new Error(`no ${ref.name}/${ref.key} (${purpose})`);
    return Buffer.from(value);
  };
const keystoreSpec = (type: "PKCS12" | "JKS", alias?: string): CredentialSpec => ({
  securityProtocol: "SSL",
  tls: {
    verifyHostname: true,
    keystore: {
      type,
      store: { name: "tls", key: "store" },
      password: { name: "tls", key: "password" },
      ...(alias ? { alias } : {}),
    },
  },
});

describe("resolveCredential", () => {
  it.each([
    { why: "a PKCS12 keystore opens in memory", type: "PKCS12" as const, file: "client.p12" },
    { why: "a JKS keystore opens in memory", type: "JKS" as const, file: "client.jks" },
  ])("$why into a PEM certificate and key", ({ type, file }) => {
    const resolved = resolveCredential(
      keystoreSpec(type),
      lookup({ tls: { store: stores[file]!, password: "store-pass" } }),
    );
    expect(resolved.tls?.cert).toContain("-----BEGIN CERTIFICATE-----");
    expect(resolved.tls?.key).toMatch(/-----BEGIN (RSA )?PRIVATE KEY-----/);
  });

  it.each([
    {
      why: "the PKCS12 password is wrong",
      data: { tls: { store: "p12", password: "wrong" } },
      spec: keystoreSpec("PKCS12"),
      reason: "InvalidKeystore",
      message:
        'Cannot open the PKCS12 store in Secret "tls": the password is wrong or the data is not PKCS12',
    },
    {
      why: "the JKS password is wrong",
      data: { tls: { store: "jks", password: "wrong" } },
      spec: keystoreSpec("JKS"),
      reason: "InvalidKeystore",
      message:
        'Cannot open the JKS store in Secret "tls": the password is wrong or the data is not a Java KeyStore',
    },
    {
      why: "a JKS truststore is given as the keystore (no private key)",
      data: { tls: { store: "trust", password: "store-pass" } },
      spec: keystoreSpec("JKS"),
      reason: "InvalidKeystore",
      message: 'JKS keystore in Secret "tls" has no private key entry',
    },
    {
      why: "the alias names no key entry",
      data: { tls: { store: "jks", password: "store-pass" } },
      spec: keystoreSpec("JKS", "server"),
      reason: "InvalidKeystore",
      message: 'JKS keystore in Secret "tls" has no private key entry "server"',
    },
  ])("fails with a reason and no secret value when $why", ({ data, spec, reason, message }) => {
    const files: Record<string, Buffer> = {
      p12: stores["client.p12"]!,
      jks: stores["client.jks"]!,
      trust: stores["trust.jks"]!,
    };
    const withFiles = Object.fromEntries(
      Object.entries(data).map(([name, keys]) => [
        name,
        Object.fromEntries(
          Object.entries(keys as Record<string, string>).map(([k, v]) => [
            k,
            k === "store" ? (files[v] ?? v) : v,
          ]),
        ),
      ]),
    );
    const attempt = () => resolveCredential(spec, lookup(withFiles));
    expect(attempt).toThrow(CredentialError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (err) {
      expect((err as CredentialError).reason).toBe(reason);
      expect((err as Error).message).not.toContain("store-pass");
    }
  });

  it("changes the content hash when a referenced value changes, and only then", () => {
    const spec: CredentialSpec = {
      securityProtocol: "SASL_PLAINTEXT",
      sasl: { mechanism: "SCRAM-SHA-512", username: "u", password: { name: "s", key: "password" } },
    };
    const hash = (password: string, unrelated: string) =>
      resolveCredential(spec, lookup({ s: { password, unrelated } })).contentHash;
    expect(hash("a", "x")).toBe(hash("a", "y"));
    expect(hash("a", "x")).not.toBe(hash("b", "x"));
  });
});
