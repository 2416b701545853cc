// ConnectCluster: an existing Kafka Connect cluster, the KafkaCluster it runs on, and what the
// operator needs to know to give connectors their own principals (override policy, config
// provider, worker principal and internal topics).
import { z } from "zod";
import { secretKeyRefSchema } from "../../credentials/credential-spec.ts";
import {
  aclLedgersSchema,
  clusterRefSchema,
  defineKind,
  legacyAclLedgerSchema,
  principalSchema,
  secretMountPathSchema,
  statusBaseSchema,
  tenancyNamespaceSchema,
  topicNameSchema,
} from "../shared/schema-parts.ts";

export const connectClusterSpecSchema = z
  .object({
    restUrl: z
      .string()
      .url()
      .max(2048)
      .describe("Base URL of the Connect REST API, e.g. https://connect:8083."),
    tls: z
      .object({
        ca: secretKeyRefSchema.optional().describe("PEM CA certificate(s) to trust for an https REST URL."),
        clientCert: secretKeyRefSchema
          .optional()
          .describe("PEM client certificate when the REST API requires one."),
        clientKey: secretKeyRefSchema.optional().describe("PEM key of the client certificate."),
      })
      .optional()
      .meta({
        "x-kubernetes-validations": [
          {
            rule: "has(self.clientCert) == has(self.clientKey)",
            message: "clientCert and clientKey go together",
          },
        ],
      }),
    basicAuth: z
      .object({ username: z.string().min(1).max(512), password: secretKeyRefSchema })
      .optional()
      .describe("HTTP basic authentication for the REST API."),
    kafkaClusterRef: clusterRefSchema.describe("The KafkaCluster the workers store their state in."),
    workerPrincipal: principalSchema.describe("Principal the workers authenticate to Kafka as."),
    groupId: z.string().min(1).max(249).describe("The workers' group.id."),
    configTopic: topicNameSchema.default("connect-configs"),
    offsetTopic: topicNameSchema.default("connect-offsets"),
    statusTopic: topicNameSchema.default("connect-status"),
    manageWorkerAcls: z
      .boolean()
      .default(false)
      .describe(
        "Apply the ACLs the access catalog lists for a Connect worker to workerPrincipal, within the KafkaCluster's tenancy limits; removed again when turned off or the resource is deleted.",
      ),
    overridePolicy: z
      .enum(["None", "Principal", "All"])
      .default("All")
      .describe("The workers' connector.client.config.override.policy (Apache Kafka's default is All)."),
    configProvider: z
      .object({
        name: z
          .string()
          .min(1)
          .max(64)
          .default("secrets")
          .describe("Provider name used in connector config variables, as in <name>:namespace/secret:key."),
        kind: z
          .enum(["kubernetesSecrets", "directory", "file"])
          .default("kubernetesSecrets")
          .describe("kubernetesSecrets: io.strimzi.kafka.KubernetesSecretConfigProvider."),
      })
      .default({ name: "secrets", kind: "kubernetesSecrets" }),
    tenancy: z
      .object({
        namespaces: z
          .array(
            z.object({
              name: tenancyNamespaceSchema.describe(
                'Namespace allowed to use this Connect cluster, or "*" for every namespace.',
              ),
            }),
          )
          .max(256)
          .describe("Namespaces whose resources may run connectors on this Connect cluster."),
      })
      .optional()
      .describe(
        "Who may use this Connect cluster (ConnectorPrincipal, MirrorMaker 2 links); without it only this resource's own namespace.",
      ),
    secretMountPath: secretMountPathSchema
      .optional()
      .describe(
        "Where every worker mounts Secrets as files, one folder per Secret: <secretMountPath>/<secret>/<key> (as Strimzi's externalConfiguration volumes or a Secret volume per Secret). Connector configs name keytabs and keystores at that path; the directory config provider reads it too.",
      ),
  })
  .meta({
    "x-kubernetes-validations": [
      {
        rule: "!self.restUrl.startsWith('http://') || !has(self.tls)",
        message: "tls needs an https restUrl",
      },
    ],
  });
export type ConnectClusterSpec = z.infer<typeof connectClusterSpecSchema>;

export const connectClusterStatusSchema = statusBaseSchema.extend({
  version: z.string().max(128).optional(),
  kafkaClusterId: z.string().max(256).optional(),
  pluginCount: z.number().int().min(0).optional(),
  plugins: z.array(z.string().max(512)).max(64).optional().describe("Connector plugin classes (first 64)."),
  missingWorkerAccess: z
    .array(z.string().max(1024))
    .max(32)
    .optional()
    .describe("ACLs the worker principal needs and lacks, from the access catalog (first 32)."),
  aclLedgers: aclLedgersSchema.optional(),
  workerAclLedger: legacyAclLedgerSchema.optional(),
});
export type ConnectClusterStatus = z.infer<typeof connectClusterStatusSchema>;

export const connectClusterKind = defineKind({
  kind: "ConnectCluster",
  shortNames: ["kcc"],
  description: "An existing Kafka Connect cluster whose connectors get principals of their own.",
  spec: connectClusterSpecSchema,
  status: connectClusterStatusSchema,
  printerColumns: [
    { name: "Version", type: "string", jsonPath: ".status.version" },
    { name: "Plugins", type: "integer", jsonPath: ".status.pluginCount" },
  ],
});
