// What a connector touches in Kafka, from the spec where it says so and from the connector's
// own config where Connect defines it: a sink's topics (topics, topics.regex), its consumer
// group (consumer.override.group.id, else connect-<name>), its dead letter queue; a source's
// topic creation (topic.creation.* keys), exactly-once (exactly.once.support) and, under
// exactly-once, its transactional ids and offsets topic. The ACLs and the client overrides are
// both derived from this one answer.
import { sinkConnectorGroup } from "../../access/access-roles.ts";
import type { ConnectorPrincipalReason } from "./reasons.ts";
import type { ConnectorPrincipalSpec, ConnectorRole, TopicRef, TopicsSource } from "./schema.ts";
import { topicRefsFromRegex } from "./topics-regex.ts";

export interface ConnectorAccess {
  readonly role: ConnectorRole;
  readonly topics: readonly TopicRef[];
  readonly topicsFrom: TopicsSource;
  /** Sink: the consumer group its tasks join. */
  readonly consumerGroup?: string;
  /** Sink: where failed records go; its producer and admin then run as the principal too. */
  readonly deadLetterQueueTopic?: string;
  /** Sink: the Connect Reporter's topics. */
  readonly reporter?: ConnectorPrincipalSpec["reporter"];
  /** Source: creates its topics through its admin client. */
  readonly topicCreation: boolean;
  /** Source: writes in transactions, with ids prefixed `<group.id>-<name>-`, committing offsets to `offsetsTopic`. */
  readonly exactlyOnce: boolean;
  readonly transactionalIdPrefix?: string;
  readonly offsetsTopic?: string;
}

export type AccessResolution =
  | { readonly isResolved: true; readonly access: ConnectorAccess }
  | { readonly isResolved: false; readonly reason: ConnectorPrincipalReason; readonly message: string };

/** What the workers define that a connector's access depends on (ConnectCluster spec). */
export interface WorkerSettings {
  readonly groupId: string;
  readonly offsetTopic: string;
}

const SINK_ONLY_FIELDS = ["consumerGroup", "deadLetterQueueTopic", "reporter"] as const;
const SOURCE_ONLY_FIELDS = ["topicCreation", "exactlyOnce"] as const;

export function resolveConnectorAccess(input: {
  spec: ConnectorPrincipalSpec;
  role: ConnectorRole;
  config: Readonly<Record<string, string>>;
  workers: WorkerSettings;
}): AccessResolution {
  const { spec, role, config } = input;
  // The schema checks these for a role written in the spec; a detected role is checked here.
  const misplaced = (role === "source" ? SINK_ONLY_FIELDS : SOURCE_ONLY_FIELDS).filter(
    (field) => spec[field] !== undefined,
  );
  if (misplaced.length > 0) {
    return refused(
      "RoleFieldMismatch",
      `${misplaced.join(", ")} belong${misplaced.length === 1 ? "s" : ""} to a ${role === "source" ? "sink" : "source"} connector, and the connector is a ${role}`,
    );
  }
  return role === "sink" ? sinkAccess(spec, config) : sourceAccess(spec, config, input.workers);
}

function sinkAccess(
  spec: ConnectorPrincipalSpec,
  config: Readonly<Record<string, string>>,
): AccessResolution {
  const topics = sinkTopics(spec, config);
  if (!topics.isResolved) return topics;
  const consumerGroup = setting(config, "consumer.override.group.id") ?? sinkConnectorGroup(spec.connector);
  if (spec.consumerGroup !== undefined && spec.consumerGroup !== consumerGroup) {
    return refused(
      "ConsumerGroupMismatch",
      `consumerGroup is "${spec.consumerGroup}", but the connector's tasks join "${consumerGroup}"`,
    );
  }
  const configuredDlq = setting(config, "errors.deadletterqueue.topic.name");
  if (spec.deadLetterQueueTopic !== undefined && spec.deadLetterQueueTopic !== configuredDlq) {
    return refused(
      "DeadLetterQueueMismatch",
      configuredDlq === undefined
        ? `deadLetterQueueTopic is "${spec.deadLetterQueueTopic}", but the connector has no errors.deadletterqueue.topic.name`
        : `deadLetterQueueTopic is "${spec.deadLetterQueueTopic}", but the connector's errors.deadletterqueue.topic.name is "${configuredDlq}"`,
    );
  }
  return resolved({
    role: "sink",
    ...topics.value,
    consumerGroup,
    deadLetterQueueTopic: configuredDlq,
    reporter: spec.reporter,
    topicCreation: false,
    exactlyOnce: false,
  });
}

function sinkTopics(
  spec: ConnectorPrincipalSpec,
  config: Readonly<Record<string, string>>,
):
  | { isResolved: true; value: Pick<ConnectorAccess, "topics" | "topicsFrom"> }
  | Extract<AccessResolution, { isResolved: false }> {
  if (spec.topics !== undefined)
    return { isResolved: true, value: { topics: spec.topics, topicsFrom: "spec" } };
  const listed = setting(config, "topics")
    ?.split(",")
    .map((topic) => topic.trim())
    .filter((topic) => topic !== "");
  if (listed !== undefined && listed.length > 0) {
    const topics = [...new Set(listed)].map((name) => ({ name, patternType: "literal" as const }));
    return { isResolved: true, value: { topics, topicsFrom: "connectorTopics" } };
  }
  const regex = setting(config, "topics.regex");
  if (regex === undefined) {
    return refused(
      "TopicsUnknown",
      "The sink connector's config has neither topics nor topics.regex; list its topics in spec.topics",
    );
  }
  const topics = topicRefsFromRegex(regex);
  if (topics === undefined) {
    return refused(
      "TopicsRegexNotConvertible",
      `The connector's topics.regex "${regex}" cannot be granted as literal or prefixed topics (only alternatives of names, each optionally ending in .*, can; escape a dot meant literally as \\.); list its topics in spec.topics`,
    );
  }
  return { isResolved: true, value: { topics, topicsFrom: "connectorTopicsRegex" } };
}

function sourceAccess(
  spec: ConnectorPrincipalSpec,
  config: Readonly<Record<string, string>>,
  workers: WorkerSettings,
): AccessResolution {
  if (spec.topics === undefined) {
    return refused(
      "TopicsUnknown",
      "The connector is a source, whose topics are not in a standard config key; list them in spec.topics",
    );
  }
  // As Connect decides whether a source uses its admin client for topic creation.
  const topicCreation =
    spec.topicCreation ?? Object.keys(config).some((key) => key.startsWith("topic.creation."));
  const exactlyOnce = spec.exactlyOnce ?? setting(config, "exactly.once.support") === "required";
  return resolved({
    role: "source",
    topics: spec.topics,
    topicsFrom: "spec",
    topicCreation,
    exactlyOnce,
    // Tasks use <group.id>-<connector>-<task>; the prefix covers every task count.
    transactionalIdPrefix: exactlyOnce ? `${workers.groupId}-${spec.connector}-` : undefined,
    offsetsTopic: exactlyOnce ? (setting(config, "offsets.storage.topic") ?? workers.offsetTopic) : undefined,
  });
}

/** A config value, with blank treated as unset (Connect's defaults for these keys are empty). */
function setting(config: Readonly<Record<string, string>>, key: string): string | undefined {
  const value = config[key]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

function resolved(access: ConnectorAccess): AccessResolution {
  return { isResolved: true, access };
}

function refused(
  reason: ConnectorPrincipalReason,
  message: string,
): Extract<AccessResolution, { isResolved: false }> {
  return { isResolved: false, reason, message };
}
