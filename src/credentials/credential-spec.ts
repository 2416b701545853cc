// How a Kafka client authenticates, as a resource declares it: security protocol, SASL
// mechanism and TLS material, every secret referenced by Secret key and never inlined. Shared by
// KafkaCluster (the operator's admin access), ClusterLink (the link credential) and
// ConnectorPrincipal (a connector's own principal).
//
// The schema must stay structural (CRDs are generated from it): plain objects, enums and
// optional fields, no unions. Cross-field rules are written once below, as CEL for the API
// server and as the same check for zod, so manifests checked offline fail as the cluster would.
import { z } from "zod";

export const secretKeyRefSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .max(253)
      .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a lowercase RFC 1123 name")
      .describe("Name of a Secret in the resource's own namespace."),
    key: z
      .string()
      .min(1)
      .max(253)
      .regex(/^[-._a-zA-Z0-9]+$/, "must be a valid Secret data key")
      .describe("Key within the Secret's data."),
  })
  .describe("A key of a Secret in the same namespace as the resource.");
export type SecretKeyRef = z.infer<typeof secretKeyRefSchema>;

export const SECURITY_PROTOCOLS = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];
export const SASL_MECHANISMS = ["GSSAPI", "SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN", "OAUTHBEARER"] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];
export const STORE_TYPES = ["PEM", "PKCS12", "JKS"] as const;
export type StoreType = (typeof STORE_TYPES)[number];

/** Whether the protocol runs over TLS. */
export function isTlsProtocol(protocol: SecurityProtocol): boolean {
  return protocol === "SSL" || protocol === "SASL_SSL";
}

/** A cross-field rule: CEL for the API server, `holds` for zod; both say the same thing. */
export interface CrossFieldRule<T> {
  rule: string;
  message: string;
  holds(value: T): boolean;
}

/** `schema` checked by `rules`: zod runs `holds`, the generated CRD carries the CEL. */
export function withRules<S extends z.ZodType>(schema: S, rules: readonly CrossFieldRule<z.output<S>>[]) {
  return schema
    .superRefine((value, context) => {
      for (const { message, holds } of rules)
        if (!holds(value)) context.addIssue({ code: "custom", message });
    })
    .meta({ "x-kubernetes-validations": rules.map(({ rule, message }) => ({ rule, message })) });
}

const gssapiSchema = z.object({
  principal: z
    .string()
    .min(1)
    .max(512)
    .describe("Kerberos principal of the client, e.g. link@EXAMPLE.COM; the keytab must hold its keys."),
  serviceName: z
    .string()
    .min(1)
    .max(128)
    .default("kafka")
    .describe("Kerberos service name of the brokers (the primary of their principals)."),
  keytab: secretKeyRefSchema.describe("The keytab holding the principal's keys."),
  krb5Conf: secretKeyRefSchema.optional().describe("krb5.conf to use instead of the operator's."),
});

const oauthbearerSchema = z.object({
  tokenEndpoint: z.string().url().max(2048).describe("OAuth 2 token endpoint (client credentials grant)."),
  clientId: z.string().min(1).max(512).describe("OAuth client id."),
  clientSecret: secretKeyRefSchema.describe("OAuth client secret."),
  scope: z.string().max(1024).optional().describe("Scope to request, space-separated."),
});

const USER_PASSWORD_MECHANISMS = ["SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"] as const;
const isUserPassword = (mechanism: SaslMechanism) =>
  (USER_PASSWORD_MECHANISMS as readonly string[]).includes(mechanism);

const saslFields = z.object({
  mechanism: z.enum(SASL_MECHANISMS).describe("Kafka sasl.mechanism."),
  gssapi: gssapiSchema.optional().describe("Kerberos settings; required for GSSAPI."),
  username: z.string().min(1).max(512).optional().describe("User name for SCRAM and PLAIN."),
  usernameFrom: secretKeyRefSchema
    .optional()
    .describe("User name for SCRAM and PLAIN read from a Secret (e.g. a Confluent Cloud API key)."),
  password: secretKeyRefSchema.optional().describe("Password for SCRAM and PLAIN."),
  oauthbearer: oauthbearerSchema.optional().describe("Client credentials; required for OAUTHBEARER."),
});

const saslSchema = withRules(saslFields, [
  {
    rule: "self.mechanism != 'GSSAPI' || has(self.gssapi)",
    message: "GSSAPI needs sasl.gssapi (principal and keytab)",
    holds: (s) => s.mechanism !== "GSSAPI" || s.gssapi !== undefined,
  },
  {
    rule: "!(self.mechanism in ['SCRAM-SHA-256', 'SCRAM-SHA-512', 'PLAIN']) || ((has(self.username) || has(self.usernameFrom)) && has(self.password))",
    message:
      "SCRAM and PLAIN need sasl.username and sasl.password (or sasl.usernameFrom for a user name in a Secret)",
    holds: (s) =>
      !isUserPassword(s.mechanism) ||
      ((s.username !== undefined || s.usernameFrom !== undefined) && s.password !== undefined),
  },
  {
    rule: "self.mechanism != 'OAUTHBEARER' || has(self.oauthbearer)",
    message: "OAUTHBEARER needs sasl.oauthbearer",
    holds: (s) => s.mechanism !== "OAUTHBEARER" || s.oauthbearer !== undefined,
  },
  {
    rule: "!has(self.username) || !has(self.usernameFrom)",
    message: "sasl.username and sasl.usernameFrom are mutually exclusive",
    holds: (s) => s.username === undefined || s.usernameFrom === undefined,
  },
  {
    rule: "self.mechanism == 'GSSAPI' || !has(self.gssapi)",
    message: "sasl.gssapi is only used with GSSAPI",
    holds: (s) => s.mechanism === "GSSAPI" || s.gssapi === undefined,
  },
  {
    rule: "self.mechanism == 'OAUTHBEARER' || !has(self.oauthbearer)",
    message: "sasl.oauthbearer is only used with OAUTHBEARER",
    holds: (s) => s.mechanism === "OAUTHBEARER" || s.oauthbearer === undefined,
  },
  {
    rule: "self.mechanism in ['SCRAM-SHA-256', 'SCRAM-SHA-512', 'PLAIN'] || !(has(self.username) || has(self.usernameFrom) || has(self.password))",
    message: "sasl.username, sasl.usernameFrom and sasl.password are only used with SCRAM and PLAIN",
    holds: (s) =>
      isUserPassword(s.mechanism) ||
      (s.username === undefined && s.usernameFrom === undefined && s.password === undefined),
  },
]);

const storeFields = z.object({
  type: z.enum(STORE_TYPES).describe("PEM certificates, a PKCS12 file or a Java KeyStore (JKS)."),
  store: secretKeyRefSchema.describe("The store file, or for PEM the certificate (chain)."),
  password: secretKeyRefSchema.optional().describe("Store password; required for PKCS12 and JKS."),
});

const keystoreSchema = withRules(
  storeFields.extend({
    key: secretKeyRefSchema
      .optional()
      .describe("PEM private key (PKCS#8 or PKCS#1); required when type is PEM."),
    keyPassword: secretKeyRefSchema
      .optional()
      .describe(
        "Password of the private key: for PEM when the key is encrypted, else when it differs from the store password.",
      ),
    alias: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe("PKCS12/JKS entry to use when the store holds several keys."),
  }),
  [
    {
      rule: "self.type != 'PEM' || has(self.key)",
      message: "a PEM keystore needs key",
      holds: (k) => k.type !== "PEM" || k.key !== undefined,
    },
    {
      rule: "self.type == 'PEM' || has(self.password)",
      message: "PKCS12 and JKS keystores need password",
      holds: (k) => k.type === "PEM" || k.password !== undefined,
    },
    {
      rule: "self.type == 'PEM' || !has(self.key)",
      message: "key is only used with a PEM keystore (PKCS12 and JKS hold their key)",
      holds: (k) => k.type === "PEM" || k.key === undefined,
    },
    {
      rule: "self.type != 'PEM' || (!has(self.alias) && !has(self.password))",
      message: "alias and password are only used with PKCS12 and JKS keystores",
      holds: (k) => k.type !== "PEM" || (k.alias === undefined && k.password === undefined),
    },
  ],
);

const truststoreSchema = withRules(storeFields, [
  {
    rule: "self.type == 'PEM' || has(self.password)",
    message: "PKCS12 and JKS truststores need password",
    holds: (t) => t.type === "PEM" || t.password !== undefined,
  },
  {
    rule: "self.type != 'PEM' || !has(self.password)",
    message: "password is only used with PKCS12 and JKS truststores",
    holds: (t) => t.type !== "PEM" || t.password === undefined,
  },
]);

const tlsSchema = z.object({
  trust: truststoreSchema.optional().describe("CA certificates to trust; the system's when absent."),
  keystore: keystoreSchema.optional().describe("Client certificate and key for mutual TLS."),
  verifyHostname: z
    .boolean()
    .default(true)
    .describe("Check that the broker certificate names the host connected to."),
});

export const credentialSpecSchema = withRules(
  z.object({
    securityProtocol: z.enum(SECURITY_PROTOCOLS).describe("Kafka security.protocol."),
    sasl: saslSchema.optional().describe("SASL settings; required for SASL_PLAINTEXT and SASL_SSL."),
    tls: tlsSchema.optional().describe("TLS settings for SSL and SASL_SSL."),
  }),
  [
    {
      rule: "!self.securityProtocol.startsWith('SASL_') || has(self.sasl)",
      message: "SASL_PLAINTEXT and SASL_SSL need sasl",
      holds: (c) => !c.securityProtocol.startsWith("SASL_") || c.sasl !== undefined,
    },
    {
      rule: "self.securityProtocol.startsWith('SASL_') || !has(self.sasl)",
      message: "sasl is only used with SASL_PLAINTEXT and SASL_SSL",
      holds: (c) => c.securityProtocol.startsWith("SASL_") || c.sasl === undefined,
    },
    {
      rule: "self.securityProtocol in ['SSL', 'SASL_SSL'] || !has(self.tls)",
      message: "tls (trust, keystore) is only used with SSL and SASL_SSL",
      holds: (c) => isTlsProtocol(c.securityProtocol) || c.tls === undefined,
    },
  ],
).describe("How to authenticate to Kafka; every secret is a Secret key reference.");

/** A credential spec after parsing (defaults filled in). */
export type CredentialSpec = z.output<typeof credentialSpecSchema>;
/** A credential spec as written in a manifest (defaults may be absent). */
export type CredentialSpecInput = z.input<typeof credentialSpecSchema>;
