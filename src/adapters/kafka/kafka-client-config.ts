// kafkajs options from a resolved credential. TLS material stays in memory; a GSSAPI keytab is
// the one file MIT Kerberos needs, written to a private directory (0700, file 0600) that
// `dispose` removes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConnectionOptions } from "node:tls";
import kafkajs, { type Admin, type KafkaConfig, type SASLOptions } from "kafkajs";
import { fetch } from "undici";
import type { ResolvedCredential, ResolvedSasl } from "../../credentials/resolve-credential.ts";
import { gssapiMechanism } from "./gssapi-mechanism.ts";

export interface KafkaClientConfig {
  config: KafkaConfig;
  /** Removes files written for this config (the keytab). */
  dispose(): void;
}

export function toKafkaClientConfig(
  credential: ResolvedCredential,
  { clientId, brokers }: { clientId: string; brokers: readonly string[] },
): KafkaClientConfig {
  let privateDir: string | undefined;
  const dispose = () => {
    if (privateDir) rmSync(privateDir, { recursive: true, force: true });
  };
  const config: KafkaConfig = { clientId, brokers: [...brokers] };
  if (credential.tls) {
    const { ca, cert, key, verifyHostname } = credential.tls;
    const ssl: ConnectionOptions = {
      ...(ca ? { ca } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
      ...(verifyHostname ? {} : { checkServerIdentity: () => undefined }),
    };
    config.ssl = ssl;
  }
  if (credential.sasl) {
    const sasl = credential.sasl;
    if (sasl.mechanism === "GSSAPI") {
      privateDir = mkdtempSync(join(tmpdir(), "kafka-access-operator-"));
      const keytabPath = join(privateDir, "client.keytab");
      writeFileSync(keytabPath, sasl.keytab, { mode: 0o600 });
      let krb5ConfPath: string | undefined;
      if (sasl.krb5Conf) {
        krb5ConfPath = join(privateDir, "krb5.conf");
        writeFileSync(krb5ConfPath, sasl.krb5Conf, { mode: 0o600 });
      }
      config.sasl = gssapiMechanism({
        principal: sasl.principal,
        keytabPath,
        serviceName: sasl.serviceName,
        ...(krb5ConfPath ? { krb5ConfPath } : {}),
      });
    } else {
      config.sasl = toSaslOptions(sasl);
    }
  }
  return { config, dispose };
}

/**
 * A kafkajs Admin for `clientConfig` that logs nothing (its errors are translated, not logged)
 * and gives up on a silent broker within seconds. `retries`: attempts after the first.
 */
export function createAdmin(
  clientConfig: KafkaClientConfig,
  { retries = 2 }: { retries?: number } = {},
): Admin {
  return new kafkajs.Kafka({
    ...clientConfig.config,
    logLevel: kafkajs.logLevel.NOTHING,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { retries, initialRetryTime: 200 },
  }).admin();
}

function toSaslOptions(sasl: Exclude<ResolvedSasl, { mechanism: "GSSAPI" }>): SASLOptions {
  switch (sasl.mechanism) {
    case "PLAIN":
      return { mechanism: "plain", username: sasl.username, password: sasl.password };
    case "SCRAM-SHA-256":
      return { mechanism: "scram-sha-256", username: sasl.username, password: sasl.password };
    case "SCRAM-SHA-512":
      return { mechanism: "scram-sha-512", username: sasl.username, password: sasl.password };
    case "OAUTHBEARER":
      return { mechanism: "oauthbearer", oauthBearerProvider: () => fetchClientCredentialsToken(sasl) };
  }
}

/** OAuth 2 client credentials grant; the broker validates the token. */
async function fetchClientCredentialsToken(o: Extract<ResolvedSasl, { mechanism: "OAUTHBEARER" }>) {
  const body = new URLSearchParams({
    grant_type: "client_credentials",
    ...(o.scope ? { scope: o.scope } : {}),
  });
  const response = await fetch(o.tokenEndpoint, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body,
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok) throw new Error(`token endpoint ${o.tokenEndpoint} answered ${response.status}`);
  const token = (await response.json()) as { access_token?: string };
  if (!token.access_token) throw new Error(`token endpoint ${o.tokenEndpoint} returned no access_token`);
  return { value: token.access_token };
}
