// KafkaCluster: an existing Kafka cluster the operator manages access on, with the admin
// credential it uses and the namespaces allowed to use it within which limits.
import { z } from "zod";
import { OPERATIONS } from "../../access/acl-vocabulary.ts";
import { credentialSpecSchema } from "../../credentials/credential-spec.ts";
import { httpCredentialSpecSchema } from "../../credentials/http-credential.ts";
import {
  bootstrapServersSchema,
  defineKind,
  principalSchema,
  secretMountPathSchema,
  statusBaseSchema,
  tenancyNamespaceSchema,
} from "../shared/schema-parts.ts";

const principalPatternSchema = z
  .string()
  .min(6)
  .max(512)
  .regex(/^User:\S+$/, 'must be "User:<name>", where * matches any characters');

const prefixList = z.array(z.string().min(1).max(249)).max(64);

const namespaceLimitsSchema = z.object({
  name: tenancyNamespaceSchema.describe('Namespace allowed to use this cluster, or "*" for every namespace.'),
  principals: z
    .array(principalPatternSchema)
    .max(64)
    .optional()
    .describe("Principals this namespace may grant to, e.g. User:team-a-*; any when absent."),
  resourcePrefixes: z
    .object({
      topic: prefixList.optional(),
      group: prefixList.optional(),
      transactionalId: prefixList.optional(),
    })
    .optional()
    .describe("Name prefixes this namespace may grant on, per resource type; any name when absent."),
  operations: z
    .array(z.enum(OPERATIONS))
    .max(OPERATIONS.length)
    .optional()
    .describe("Operations this namespace may grant; all when absent."),
  allowClusterResource: z
    .boolean()
    .default(false)
    .describe("Whether bindings on the cluster resource are allowed."),
  denyOnly: z.boolean().default(false).describe("Whether this namespace may only add deny bindings."),
  exclusivePrincipals: z
    .array(principalPatternSchema)
    .max(64)
    .optional()
    .describe(
      "Principals this namespace may hold in exclusive mode (the operator then removes their ACLs no resource declares), e.g. User:team-a-*; none when absent. Exclusive removals stay within this entry's other limits.",
    ),
});

export const kafkaClusterSpecSchema = z
  .object({
    bootstrapServers: bootstrapServersSchema.describe(
      "Bootstrap servers (host:port) for the listener the credentials authenticate to.",
    ),
    credentials: credentialSpecSchema.describe("The operator's admin credential for this cluster."),
    brokerPrincipals: z
      .array(principalSchema)
      .max(32)
      .optional()
      .describe("Principals the brokers authenticate as (needed for cluster-link offset migration ACLs)."),
    aclBackend: z
      .enum(["kafka", "confluentMds"])
      .default("kafka")
      .describe("Where ACLs are written: the Kafka Admin API, or Confluent's centralized ACLs (MDS)."),
    confluent: z
      .object({
        restEndpoint: z.string().url().max(2048).optional().describe("Confluent Server REST v3 base URL."),
        mdsEndpoint: z.string().url().max(2048).optional().describe("Confluent Metadata Service base URL."),
        restCredentials: httpCredentialSpecSchema
          .optional()
          .describe(
            "How the operator authenticates to the REST v3 endpoint: basic (e.g. a Confluent Cloud API key and secret), a bearer token, and TLS.",
          ),
        mdsCredentials: httpCredentialSpecSchema
          .optional()
          .describe(
            "How the operator authenticates to the Metadata Service: basic credentials are exchanged at its login endpoint for a token, renewed before it expires; or a bearer token, or a TLS client certificate.",
          ),
        secretMountPath: secretMountPathSchema
          .optional()
          .describe(
            "Where every broker of this cluster mounts the Secrets a cluster link names as files (keytabs, PKCS12/JKS stores), as <path>/<secret>/<key>; needed only for such link credentials.",
          ),
      })
      .optional(),
    tenancy: z
      .object({
        namespaces: z
          .array(namespaceLimitsSchema)
          .max(256)
          .describe("Namespaces that may use this cluster, each within its limits."),
      })
      .optional()
      .describe("Who may use this cluster; without it only this resource's own namespace, without limits."),
  })
  .meta({
    "x-kubernetes-validations": [
      {
        rule: "self.aclBackend != 'confluentMds' || (has(self.confluent) && has(self.confluent.mdsEndpoint))",
        message: "aclBackend confluentMds needs confluent.mdsEndpoint",
      },
    ],
  });
export type KafkaClusterSpec = z.infer<typeof kafkaClusterSpecSchema>;

export const kafkaClusterStatusSchema = statusBaseSchema.extend({
  clusterId: z.string().max(256).optional(),
  brokerCount: z.number().int().min(0).optional(),
  controllerId: z.number().int().optional(),
  authorizerPresent: z.boolean().optional().describe("Whether the cluster answers ACL requests."),
  credentialsHash: z
    .string()
    .max(128)
    .optional()
    .describe("Hash of the referenced Secret data last validated."),
});
export type KafkaClusterStatus = z.infer<typeof kafkaClusterStatusSchema>;

export const kafkaClusterKind = defineKind({
  kind: "KafkaCluster",
  shortNames: ["kc"],
  description: "An existing Kafka cluster the operator manages access on.",
  spec: kafkaClusterSpecSchema,
  status: kafkaClusterStatusSchema,
  printerColumns: [
    { name: "Cluster ID", type: "string", jsonPath: ".status.clusterId" },
    { name: "Brokers", type: "integer", jsonPath: ".status.brokerCount" },
  ],
});
