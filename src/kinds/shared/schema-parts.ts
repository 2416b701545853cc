// Schema pieces every kind shares: references to Secrets and clusters, and the status block
// kstatus-aware tools (Argo CD, Flux) read: observedGeneration and conditions.
import { z } from "zod";

export { type SecretKeyRef, secretKeyRefSchema } from "../../credentials/credential-spec.ts";

export const API_GROUP = "kafkaaccess.io";
export const API_VERSION = "v1alpha1";
export const CATEGORIES = ["kafkaaccess"] as const;

const dnsName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a lowercase RFC 1123 name");

export const clusterRefSchema = z
  .object({
    name: dnsName.describe("Name of the cluster resource."),
    namespace: dnsName
      .optional()
      .describe("Namespace of the cluster resource; defaults to the referring resource's namespace."),
  })
  .describe(
    "Reference to a cluster resource; the cluster's tenancy policy decides if this namespace may use it.",
  );
export type ClusterRef = z.infer<typeof clusterRefSchema>;

/** Where servers the operator does not run mount Secrets as files: <path>/<secret>/<key>. */
export const secretMountPathSchema = z
  .string()
  .min(2)
  .max(1024)
  .regex(/^\/[^\s,:]*[^\s,:/]$/, "must be an absolute path without spaces, commas, colons or a trailing /");

export const principalSchema = z
  .string()
  .min(6)
  .max(512)
  .regex(/^User:(\*|[^*\s]+)$/, 'must be "User:<name>" or "User:*"');

export const conditionSchema = z.object({
  type: z.string().min(1).max(316).describe("Condition type, e.g. Ready."),
  status: z.enum(["True", "False", "Unknown"]),
  reason: z.string().max(1024).describe("CamelCase reason for the last transition."),
  message: z.string().max(32768).describe("Human-readable detail."),
  observedGeneration: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("Generation the condition was computed for."),
  lastTransitionTime: z.string().describe("When the status last changed (RFC 3339)."),
});
export type Condition = z.infer<typeof conditionSchema>;

/** Fields every status carries; kinds extend it with their own. */
export const statusBaseSchema = z.object({
  observedGeneration: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("Generation of the spec the status reflects."),
  conditions: z.array(conditionSchema).max(16).optional(),
});

/** printer columns every kind shows. */
export const readyColumns = [
  { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  { name: "Reason", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].reason' },
] as const;

/**
 * A binding key (access/acl-binding.ts) in status: a 1,024-character name and a 512-character
 * principal, each "|" and "%" in them escaped to three characters, still fit.
 */
export const bindingKeySchema = z.string().max(8192);

/** What a resource applied on a cluster (see access/ownership-ledger.ts); written by the operator. */
export const aclLedgerSchema = z
  .object({
    cluster: z.string().max(512),
    count: z.number().int().min(0),
    hash: z.string().max(128),
    bindings: z.array(bindingKeySchema).max(256),
  })
  .describe(
    "ACL bindings this resource applied: the operator deletes only these, and only when no other resource wants them.",
  );
