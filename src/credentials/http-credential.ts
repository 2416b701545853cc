// How the operator authenticates to a cluster's HTTP APIs (Confluent Server's REST v3, the
// Metadata Service), as a KafkaCluster declares it: basic credentials or a bearer token, and
// TLS trust and a client certificate, every secret a Secret key reference. Resolved in memory
// like the Kafka credential; failures name the Secret and key, never a value.
import { createHash } from "node:crypto";
import { z } from "zod";
import {
  keystoreSchema,
  type SecretKeyRef,
  secretKeyRefSchema,
  truststoreSchema,
  withRules,
} from "./credential-spec.ts";
import { resolveCredential, type SecretKeyReader } from "./resolve-credential.ts";

const basicSchema = withRules(
  z.object({
    username: z.string().min(1).max(512).optional().describe("User name."),
    usernameFrom: secretKeyRefSchema
      .optional()
      .describe("User name read from a Secret (e.g. a Confluent Cloud API key)."),
    password: secretKeyRefSchema.describe("Password (or API secret)."),
  }),
  [
    {
      rule: "has(self.username) != has(self.usernameFrom)",
      message: "basic needs exactly one of username and usernameFrom",
      holds: (b) => (b.username === undefined) !== (b.usernameFrom === undefined),
    },
  ],
);

export const httpCredentialSpecSchema = withRules(
  z.object({
    basic: basicSchema.optional().describe("HTTP basic authentication."),
    bearer: z
      .object({ token: secretKeyRefSchema.describe("The token.") })
      .optional()
      .describe("A bearer token of the operator's own, sent as is."),
    tls: z
      .object({
        trust: truststoreSchema.optional().describe("CA certificates to trust; the system's when absent."),
        keystore: keystoreSchema.optional().describe("Client certificate and key for mutual TLS."),
      })
      .optional()
      .describe("TLS settings for an https endpoint."),
  }),
  [
    {
      rule: "!(has(self.basic) && has(self.bearer))",
      message: "basic and bearer are mutually exclusive",
      holds: (c) => c.basic === undefined || c.bearer === undefined,
    },
  ],
).describe("How to authenticate to an HTTP endpoint; every secret is a Secret key reference.");
export type HttpCredentialSpec = z.output<typeof httpCredentialSpecSchema>;

export interface ResolvedHttpCredential {
  readonly auth?:
    | { readonly type: "basic"; readonly username: string; readonly password: string }
    | { readonly type: "bearer"; readonly token: string };
  /** PEM material for an https endpoint. */
  readonly tls?: { readonly ca?: string; readonly cert?: string; readonly key?: string };
  /** sha256 over the referenced Secret data; changes when any referenced value changes. */
  readonly contentHash: string;
}

export function resolveHttpCredential(
  spec: HttpCredentialSpec,
  readSecret: SecretKeyReader,
): ResolvedHttpCredential {
  const hash = createHash("sha256");
  const text = (ref: SecretKeyRef, what: string): string => {
    const value = readSecret(ref, what);
    hash.update(`${ref.name}\0${ref.key}\0`).update(value).update("\0");
    return value.toString("utf8").replace(/\r?\n$/, "");
  };
  let auth: ResolvedHttpCredential["auth"];
  if (spec.basic) {
    const { username, usernameFrom, password } = spec.basic;
    auth = {
      type: "basic",
      username: usernameFrom ? text(usernameFrom, "user name") : username!,
      password: text(password, "password"),
    };
  } else if (spec.bearer) {
    auth = { type: "bearer", token: text(spec.bearer.token, "bearer token") };
  }
  let tls: ResolvedHttpCredential["tls"];
  if (spec.tls) {
    // The stores open as the Kafka credential's do (PEM, PKCS12, JKS).
    const resolved = resolveCredential(
      { securityProtocol: "SSL", tls: { ...spec.tls, verifyHostname: true } },
      readSecret,
    );
    hash.update(resolved.contentHash);
    tls = {
      ...(resolved.tls?.ca ? { ca: resolved.tls.ca.join("\n") } : {}),
      ...(resolved.tls?.cert ? { cert: resolved.tls.cert } : {}),
      ...(resolved.tls?.key ? { key: resolved.tls.key } : {}),
    };
  }
  return { ...(auth ? { auth } : {}), ...(tls ? { tls } : {}), contentHash: hash.digest("hex") };
}
