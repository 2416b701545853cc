// The shapes of Confluent Server's REST v3 cluster-link answers (contracts/
// confluent-rest-v3.openapi.yaml: ListLinksResponseData, LinkTask, ListLinkConfigsResponseData,
// ListMirrorTopicsResponseData, AlterMirrorStatusResponseData), as zod schemas. Fields the
// document marks as extensible enums (link_state, task state, mirror_status, ...) are read as
// strings: a state a newer server adds is shown as it is, not a failed read.
import { z } from "zod";

const resource = { kind: z.string(), metadata: z.object({ self: z.string() }) };
const collection = <T extends z.ZodType>(item: T) => z.object({ ...resource, data: z.array(item) });

const linkTaskErrorSchema = z.object({ error_code: z.string(), error_message: z.string() });

export const linkSchema = z.object({
  ...resource,
  link_name: z.string(),
  cluster_link_id: z.string(),
  remote_cluster_id: z.string().nullish(),
  topic_names: z.array(z.string()),
  link_state: z.string().optional(),
  link_error: z.string().optional(),
  link_error_message: z.string().nullish(),
  tasks: z
    .array(z.object({ task_name: z.string(), state: z.string(), errors: z.array(linkTaskErrorSchema) }))
    .nullish(),
});
export const linkListSchema = collection(linkSchema);

export const linkConfigListSchema = collection(
  z.object({
    ...resource,
    name: z.string(),
    value: z.string().nullish(),
    read_only: z.boolean(),
    sensitive: z.boolean(),
    source: z.string(),
  }),
);

const mirrorLagSchema = z.object({
  partition: z.number(),
  lag: z.number(),
  last_source_fetch_offset: z.number(),
});

export const mirrorSchema = z.object({
  ...resource,
  link_name: z.string(),
  mirror_topic_name: z.string(),
  source_topic_name: z.string(),
  num_partitions: z.number(),
  mirror_lags: z.array(mirrorLagSchema),
  mirror_status: z.string(),
  mirror_topic_error: z.string(),
  state_time_ms: z.number(),
  mirror_state_transition_errors: z.array(linkTaskErrorSchema).optional(),
});
export const mirrorListSchema = collection(mirrorSchema);

export const mirrorActionResultsSchema = collection(
  z.object({
    ...resource,
    mirror_topic_name: z.string(),
    error_code: z.number().nullable(),
    error_message: z.string().nullable(),
    mirror_lags: z.array(mirrorLagSchema),
  }),
);

export type LinkJson = z.infer<typeof linkSchema>;
export type MirrorJson = z.infer<typeof mirrorSchema>;
export type MirrorLagJson = z.infer<typeof mirrorLagSchema>;
