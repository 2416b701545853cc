// Kafka client properties rendered from one credential, for the two places the operator hands
// credentials to Java clients it does not run:
//  - a Confluent cluster link: properties stored (encrypted) on the destination brokers, so
//    secret values are inlined, and files (keytab, JKS/PKCS12 stores) are named at the path
//    where every destination broker mounts them;
//  - a Kafka Connect connector's overrides: every secret is a config-provider variable the
//    workers resolve, never a value, so the REST API and the config topic never hold one.
import type { CredentialSpec, SecretKeyRef } from "./credential-spec.ts";

/** Where files named by the credential are found on the machines that use the properties. */
export interface MountedFiles {
  /** Path of a Secret key's file, e.g. `/etc/kafka/secrets/<secret>/<key>`. */
  pathOf(ref: SecretKeyRef): string;
}

/** Properties that may hold secret values, with the keys that do, for redacted views. */
export interface SecretProperties {
  readonly properties: Readonly<Record<string, string>>;
  readonly secretKeys: ReadonlySet<string>;
}

const LOGIN_MODULES = {
  PLAIN: "org.apache.kafka.common.security.plain.PlainLoginModule",
  "SCRAM-SHA-256": "org.apache.kafka.common.security.scram.ScramLoginModule",
  "SCRAM-SHA-512": "org.apache.kafka.common.security.scram.ScramLoginModule",
} as const;

/** Keys the `Principal` override policy lets a connector set; anything else needs `All`. */
export const PRINCIPAL_POLICY_KEYS: ReadonlySet<string> = new Set([
  "security.protocol",
  "sasl.jaas.config",
  "sasl.mechanism",
]);

/** JAAS option values are quoted strings: escape what would end them. */
function jaasQuote(value: string): string {
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/**
 * Rendering shared by both targets; `value` turns a Secret key into what the property holds
 * (the value itself, or a variable), `file` into a path.
 */
function render(
  spec: CredentialSpec,
  value: (ref: SecretKeyRef) => string,
  file: (ref: SecretKeyRef) => string,
): SecretProperties {
  const properties: Record<string, string> = { "security.protocol": spec.securityProtocol };
  const secretKeys = new Set<string>();
  const secret = (key: string, text: string) => {
    properties[key] = text;
    secretKeys.add(key);
  };
  const sasl = spec.sasl;
  if (sasl) {
    properties["sasl.mechanism"] = sasl.mechanism;
    if (sasl.mechanism === "GSSAPI") {
      const g = sasl.gssapi!;
      // serviceName inside the JAAS config rather than sasl.kerberos.service.name: a connector
      // under the Principal override policy may set only the JAAS config.
      properties["sasl.jaas.config"] =
        `com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true storeKey=true keyTab=${jaasQuote(file(g.keytab))} principal=${jaasQuote(g.principal)} serviceName=${jaasQuote(g.serviceName ?? "kafka")};`;
    } else if (sasl.mechanism === "OAUTHBEARER") {
      const o = sasl.oauthbearer!;
      properties["sasl.oauthbearer.token.endpoint.url"] = o.tokenEndpoint;
      properties["sasl.login.callback.handler.class"] =
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler";
      const secretValue = value(o.clientSecret);
      const scope = o.scope ? ` scope=${jaasQuote(o.scope)}` : "";
      secret(
        "sasl.jaas.config",
        `org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId=${jaasQuote(o.clientId)} clientSecret=${jaasQuote(secretValue)}${scope};`,
      );
    } else {
      const password = value(sasl.password!);
      const username = sasl.usernameFrom ? value(sasl.usernameFrom) : sasl.username!;
      secret(
        "sasl.jaas.config",
        `${LOGIN_MODULES[sasl.mechanism]} required username=${jaasQuote(username)} password=${jaasQuote(password)};`,
      );
    }
  }
  const tls = spec.tls;
  if (tls && (spec.securityProtocol === "SSL" || spec.securityProtocol === "SASL_SSL")) {
    if (tls.verifyHostname === false) properties["ssl.endpoint.identification.algorithm"] = "";
    if (tls.trust) {
      properties["ssl.truststore.type"] = tls.trust.type;
      if (tls.trust.type === "PEM") {
        properties["ssl.truststore.certificates"] = value(tls.trust.store);
      } else {
        properties["ssl.truststore.location"] = file(tls.trust.store);
        secret("ssl.truststore.password", value(tls.trust.password!));
      }
    }
    if (tls.keystore) {
      const k = tls.keystore;
      properties["ssl.keystore.type"] = k.type;
      if (k.type === "PEM") {
        properties["ssl.keystore.certificate.chain"] = value(k.store);
        secret("ssl.keystore.key", value(k.key!));
      } else {
        properties["ssl.keystore.location"] = file(k.store);
        secret("ssl.keystore.password", value(k.password!));
        if (k.keyPassword) secret("ssl.key.password", value(k.keyPassword));
      }
    }
  }
  return { properties, secretKeys };
}

/**
 * Properties for a Confluent cluster link's credential: secret values inline (the brokers
 * encrypt link configs with password.encoder.secret), files at their mount paths.
 * `secretValue` reads a Secret key's value (the operator's SecretSource).
 */
export function renderLinkProperties(
  spec: CredentialSpec,
  { secretValue, mounts }: { secretValue: (ref: SecretKeyRef) => string; mounts: MountedFiles },
): SecretProperties {
  return render(spec, secretValue, (ref) => mounts.pathOf(ref));
}

export type ConfigProvider =
  /** io.strimzi.kafka.KubernetesSecretConfigProvider: `${name:namespace/secret:key}`. */
  | { kind: "kubernetesSecrets"; name: string; namespace: string }
  /** DirectoryConfigProvider over Secrets mounted as `<root>/<secret>/<key>`: `${name:<root>/<secret>:key}`. */
  | { kind: "directory"; name: string; root: string };

/** A config-provider variable that resolves to the Secret key's value on the workers. */
export function providerVariable(provider: ConfigProvider, ref: SecretKeyRef): string {
  return provider.kind === "kubernetesSecrets"
    ? `\${${provider.name}:${provider.namespace}/${ref.name}:${ref.key}}`
    : `\${${provider.name}:${provider.root}/${ref.name}:${ref.key}}`;
}

/**
 * A connector's client properties under `prefix` (producer.override., consumer.override.,
 * admin.override., source.cluster., ...), every secret a provider variable. Files (keytab,
 * JKS/PKCS12 stores) are named at `mounts` on the workers.
 */
export function renderConnectProperties(
  spec: CredentialSpec,
  { provider, mounts, prefix }: { provider: ConfigProvider; mounts: MountedFiles; prefix: string },
): Record<string, string> {
  const { properties } = render(
    spec,
    (ref) => providerVariable(provider, ref),
    (ref) => mounts.pathOf(ref),
  );
  return Object.fromEntries(Object.entries(properties).map(([key, value]) => [`${prefix}${key}`, value]));
}

/** Override keys (without prefix) the worker's policy must allow: `Principal` covers only three. */
export function requiredOverridePolicy(unprefixedKeys: Iterable<string>): "Principal" | "All" {
  for (const key of unprefixedKeys) if (!PRINCIPAL_POLICY_KEYS.has(key)) return "All";
  return "Principal";
}

/** A copy safe for status, Events and logs: secret-bearing values replaced. */
export function redactProperties(rendered: SecretProperties): Record<string, string> {
  return Object.fromEntries(
    Object.entries(rendered.properties).map(([key, value]) => [
      key,
      rendered.secretKeys.has(key) ? "[redacted]" : value,
    ]),
  );
}

/** Secret values (longer than 3 characters) found in `text`, for scans of logs, status and configs. */
export function findSecretValues(text: string, secretValues: Iterable<string>): string[] {
  return [...secretValues].filter((value) => value.length > 3 && text.includes(value));
}
