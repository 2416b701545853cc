// Per-run TLS material for the test environment, made with openssl and the JDK's keytool: a
// CA, the brokers' certificate for localhost, and client identities as PEM, PKCS12 and JKS.
// Test-only secrets: they live in the run folder and are handed to tests as paths.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createCa, issueCertificate } from "./pki.ts";

export interface StoreFiles {
  readonly certPem: string;
  readonly keyPem: string;
  readonly pkcs12: string;
  readonly jks: string;
  /** Password of the PKCS12 and JKS stores and of their key entry. */
  readonly password: string;
}

export interface TlsInfo {
  readonly caPem: string;
  /** The CA as a truststore. */
  readonly truststorePkcs12: string;
  readonly truststoreJks: string;
  readonly truststorePassword: string;
  /** The brokers' identity (CN=localhost, SAN localhost and 127.0.0.1). */
  readonly broker: StoreFiles;
  /** Client identities by common name; each authenticates as User:<common name>. */
  readonly clients: Readonly<Record<string, StoreFiles>>;
}

const CLIENT_NAMES = ["kao-admin", "link", "connector", "alice"];

export function createTlsMaterial(runDir: string): TlsInfo {
  const dir = join(runDir, "tls");
  mkdirSync(dir, { recursive: true });
  const path = (name: string) => join(dir, name);
  const run = (command: string, args: string[]) =>
    execFileSync(command, args, { stdio: ["ignore", "ignore", "pipe"] });
  const password = () => randomBytes(12).toString("base64url");

  const ca = createCa(dir, "ca", "kafka-test-ca");
  const truststorePassword = password();
  run(
    "keytool",
    ["-importcert", "-noprompt", "-alias", "ca", "-file", path("ca.crt"), "-storetype", "PKCS12"].concat([
      "-keystore",
      path("truststore.p12"),
      "-storepass",
      truststorePassword,
    ]),
  );
  run(
    "keytool",
    ["-importcert", "-noprompt", "-alias", "ca", "-file", path("ca.crt"), "-storetype", "JKS"].concat([
      "-keystore",
      path("truststore.jks"),
      "-storepass",
      truststorePassword,
    ]),
  );

  const identity = (name: string, subject: string, extensions: string): StoreFiles => {
    issueCertificate(dir, ca, name, subject, extensions);
    const storePassword = password();
    run(
      "openssl",
      ["pkcs12", "-export", "-in", path(`${name}.crt`), "-inkey", path(`${name}.key`)].concat([
        "-certfile",
        path("ca.crt"),
        "-name",
        name,
        "-out",
        path(`${name}.p12`),
        "-passout",
        `pass:${storePassword}`,
      ]),
    );
    run(
      "keytool",
      ["-importkeystore", "-noprompt", "-srckeystore", path(`${name}.p12`), "-srcstoretype", "PKCS12"]
        .concat([
          "-srcstorepass",
          storePassword,
          "-destkeystore",
          path(`${name}.jks`),
          "-deststoretype",
          "JKS",
        ])
        .concat(["-deststorepass", storePassword, "-destkeypass", storePassword]),
    );
    return {
      certPem: path(`${name}.crt`),
      keyPem: path(`${name}.key`),
      pkcs12: path(`${name}.p12`),
      jks: path(`${name}.jks`),
      password: storePassword,
    };
  };

  const broker = identity(
    "broker",
    "/CN=localhost",
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n",
  );
  const clients: Record<string, StoreFiles> = {};
  for (const name of CLIENT_NAMES)
    clients[name] = identity(name, `/CN=${name}`, "extendedKeyUsage=clientAuth\n");
  return {
    caPem: path("ca.crt"),
    truststorePkcs12: path("truststore.p12"),
    truststoreJks: path("truststore.jks"),
    truststorePassword,
    broker,
    clients,
  };
}
