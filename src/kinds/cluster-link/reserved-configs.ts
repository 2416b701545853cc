// Which keys `spec.configs` may not set, per backend: the ones the spec models (so one setting
// has one place), and every connection or credential setting (so a secret can never be written
// inline). Written once as data and turned into both the CEL rule the API server runs and the
// same check for zod.
import { CONFLUENT_FIELD_CONFIGS } from "../../ports/link-backend.ts";

/** Keys of connection and credential settings, for every backend: these come from the credential. */
const CONNECTION_KEY_PATTERN =
  "(^|[.])(sasl|ssl)[.]|(^|[.])security[.]protocol$|(^|[.])bootstrap[.]servers$|password|secret";

export interface ReservedConfigs {
  /** Keys set from the spec's own fields. */
  readonly keys: readonly string[];
  /** Key prefixes set from the spec (client settings per cluster side, worker overrides). */
  readonly prefixes: readonly string[];
}

/** MirrorMaker 2 connector settings the link's fields render. */
const MIRROR_MAKER2: ReservedConfigs = {
  keys: [
    "name",
    "connector.class",
    "key.converter",
    "value.converter",
    "header.converter",
    "topics",
    "topics.exclude",
    "topic.filter.class",
    "groups",
    "groups.exclude",
    "group.filter.class",
    "replication.policy.class",
    "replication.policy.separator",
    "replication.policy.internal.topic.separator.enabled",
    "source.cluster.alias",
    "target.cluster.alias",
    "offset-syncs.topic.location",
    "emit.offset-syncs.enabled",
    "emit.checkpoints.enabled",
    "emit.checkpoints.interval.seconds",
    "sync.group.offsets.enabled",
    "sync.group.offsets.interval.seconds",
    "sync.topic.acls.enabled",
    "sync.topic.acls.interval.seconds",
  ],
  prefixes: [
    "source.cluster.",
    "target.cluster.",
    "producer.override.",
    "consumer.override.",
    "admin.override.",
  ],
};

/** Confluent cluster link settings the link's fields render. */
const CONFLUENT: ReservedConfigs = {
  keys: ["link.mode", "connection.mode", ...CONFLUENT_FIELD_CONFIGS],
  prefixes: ["local."],
};

export const RESERVED_CONFIGS = { mirrorMaker2: MIRROR_MAKER2, confluent: CONFLUENT } as const;
export type LinkBackendName = keyof typeof RESERVED_CONFIGS;

const connectionKey = new RegExp(CONNECTION_KEY_PATTERN);

/** Whether `key` is a connection or credential setting, which no backend takes from `configs`. */
export function isConnectionConfig(key: string): boolean {
  return connectionKey.test(key);
}

/** Whether `backend` sets `key` from the link's own fields. */
export function isReservedConfig(backend: LinkBackendName, key: string): boolean {
  const { keys, prefixes } = RESERVED_CONFIGS[backend];
  return keys.includes(key) || prefixes.some((prefix) => key.startsWith(prefix));
}

const celList = (words: readonly string[]) => `[${words.map((w) => `'${w}'`).join(", ")}]`;

/** CEL over the spec: no key of `configs` is a connection setting. */
export const CONNECTION_CONFIGS_RULE = `!has(self.configs) || self.configs.all(k, !k.matches('${CONNECTION_KEY_PATTERN}'))`;

/** CEL over the spec: no key of `configs` is one `backend` sets from the link's fields. */
export function reservedConfigsRule(backend: LinkBackendName): string {
  const { keys, prefixes } = RESERVED_CONFIGS[backend];
  const isPrefixed = prefixes.map((prefix) => `k.startsWith('${prefix}')`).join(" || ");
  return `self.backend != '${backend}' || !has(self.configs) || self.configs.all(k, !(k in ${celList(keys)}) && !(${isPrefixed}))`;
}
