// How a Kafka client authenticates, as a resource declares it: security protocol, SASL
// mechanism and TLS material, every secret referenced by Secret key and never inlined. Shared by
// KafkaCluster (the operator's admin access), ClusterLink (the link credential) and
// ConnectorPrincipal. Cross-field rules are CEL so the API server rejects bad input.
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
export const SASL_MECHANISMS = ["GSSAPI", "SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN", "OAUTHBEARER"] as const;
export const STORE_TYPES = ["PEM", "PKCS12", "JKS"] as const;

const gssapiSchema = z.object({
  principal: z
    .string()
    .min(1)
    .max(512)
    .describe("Kerberos principal of the client, e.g. link@EXAMPLE.COM; must be in the keytab."),
  serviceName: z.string().min(1).max(128).default("kafka").describe("Kerberos service name of the brokers."),
  keytab: secretKeyRefSchema.describe("The keytab holding the principal's keys."),
  krb5Conf: secretKeyRefSchema.optional().describe("krb5.conf to use instead of the operator's."),
});

const oauthbearerSchema = z.object({
  tokenEndpoint: z.string().url().max(2048).describe("OAuth 2 token endpoint (client credentials grant)."),
  clientId: z.string().min(1).max(512),
  clientSecret: secretKeyRefSchema,
  scope: z.string().max(1024).optional(),
});

const saslSchema = z
  .object({
    mechanism: z.enum(SASL_MECHANISMS),
    gssapi: gssapiSchema.optional().describe("Kerberos settings; required for GSSAPI."),
    username: z.string().min(1).max(512).optional().describe("User name for SCRAM and PLAIN."),
    password: secretKeyRefSchema.optional().describe("Password for SCRAM and PLAIN."),
    oauthbearer: oauthbearerSchema.optional().describe("Client credentials; required for OAUTHBEARER."),
  })
  .meta({
    "x-kubernetes-validations": [
      { rule: "self.mechanism != 'GSSAPI' || has(self.gssapi)", message: "GSSAPI needs sasl.gssapi" },
      {
        rule: "!(self.mechanism in ['SCRAM-SHA-256', 'SCRAM-SHA-512', 'PLAIN']) || (has(self.username) && has(self.password))",
        message: "SCRAM and PLAIN need sasl.username and sasl.password",
      },
      {
        rule: "self.mechanism != 'OAUTHBEARER' || has(self.oauthbearer)",
        message: "OAUTHBEARER needs sasl.oauthbearer",
      },
    ],
  });

const storeSchema = z.object({
  type: z.enum(STORE_TYPES).describe("PEM certificates, a PKCS12 file or a Java KeyStore."),
  store: secretKeyRefSchema.describe("The store file, or for PEM the certificate (chain)."),
  password: secretKeyRefSchema.optional().describe("Store password; required for PKCS12 and JKS."),
});

const keystoreSchema = storeSchema
  .extend({
    key: secretKeyRefSchema.optional().describe("PEM private key; required when type is PEM."),
    keyPassword: secretKeyRefSchema
      .optional()
      .describe("Private key password when it differs from the store password."),
    alias: z.string().min(1).max(256).optional().describe("Entry to use when the store holds several keys."),
  })
  .meta({
    "x-kubernetes-validations": [
      { rule: "self.type != 'PEM' || has(self.key)", message: "a PEM keystore needs key" },
      { rule: "self.type == 'PEM' || has(self.password)", message: "PKCS12 and JKS keystores need password" },
    ],
  });

const truststoreSchema = storeSchema.meta({
  "x-kubernetes-validations": [
    { rule: "self.type == 'PEM' || has(self.password)", message: "PKCS12 and JKS truststores need password" },
  ],
});

export const credentialSpecSchema = z
  .object({
    securityProtocol: z.enum(SECURITY_PROTOCOLS).describe("Kafka security.protocol."),
    sasl: saslSchema.optional().describe("SASL settings; required for SASL_PLAINTEXT and SASL_SSL."),
    tls: z
      .object({
        trust: truststoreSchema.optional().describe("CA certificates to trust; the system's when absent."),
        keystore: keystoreSchema.optional().describe("Client certificate and key for mutual TLS."),
        verifyHostname: z.boolean().default(true).describe("Check the broker certificate names the host."),
      })
      .optional()
      .describe("TLS settings for SSL and SASL_SSL."),
  })
  .meta({
    "x-kubernetes-validations": [
      {
        rule: "!self.securityProtocol.startsWith('SASL_') || has(self.sasl)",
        message: "SASL_PLAINTEXT and SASL_SSL need sasl",
      },
      {
        rule: "self.securityProtocol.startsWith('SASL_') || !has(self.sasl)",
        message: "sasl is only used with SASL_PLAINTEXT and SASL_SSL",
      },
      {
        rule: "self.securityProtocol in ['SSL', 'SASL_SSL'] || !has(self.tls)",
        message: "tls is only used with SSL and SASL_SSL",
      },
    ],
  })
  .describe("How to authenticate to Kafka; every secret is a Secret key reference.");
export type CredentialSpec = z.infer<typeof credentialSpecSchema>;
