// Which source topics a link mirrors over MirrorMaker 2, said twice from one rule: as the
// `topics` / `topics.exclude` settings the source and checkpoint connectors read, and as the
// predicate the backend lists its mirrors with. The rule, the same for every backend: a topic
// named in mirrors.topics is mirrored (or kept paused) whatever the filters say; any other topic
// is mirrored when an include filter matches it and no exclude filter does. Kafka's internal
// topics never are, as MirrorMaker 2 itself decides.
import type { DesiredLink, DesiredMirrorState, NamePattern } from "../../ports/link-backend.ts";
import { javaRegexOf, javaRegexOfName, regexList } from "./java-regex.ts";

type Mirrors = DesiredLink["mirrors"];

/** MirrorMaker 2's own default exclusions, kept when the link sets topics.exclude. */
const KAFKA_DEFAULT_EXCLUDES = ["mm2.*\\.internal", ".*\\.replica", "__.*"];

function matches({ name, patternType }: NamePattern, topic: string): boolean {
  return patternType === "prefixed" ? topic.startsWith(name) : topic === name;
}

/** Topics MirrorMaker 2 never mirrors: internal ones (its own, Kafka's, hidden) and legacy replicas. */
function isInternalTopic(topic: string): boolean {
  return (
    topic.startsWith("__") ||
    topic.startsWith(".") ||
    /^mm2.*\.internal$/.test(topic) ||
    topic.endsWith(".checkpoints.internal") ||
    topic.endsWith(".replica")
  );
}

/**
 * What the link does with source topic `topic`: `active` or `paused` (named so, or matched by
 * the filters while the whole link mirrors), undefined when the topic is not the link's.
 */
export function mirrorStateOf(mirrors: Mirrors, topic: string): DesiredMirrorState | undefined {
  if (isInternalTopic(topic)) return undefined;
  const named = mirrors.topics.find((mirror) => mirror.name === topic);
  if (named) return named.state;
  const isIncluded = mirrors.include.some((pattern) => matches(pattern, topic));
  const isExcluded = mirrors.exclude.some((pattern) => matches(pattern, topic));
  return isIncluded && !isExcluded ? "active" : undefined;
}

/**
 * The `topics` and `topics.exclude` settings for the rule above. A named active topic an
 * exclude filter would match is kept out of that filter by a negative lookahead, so naming a
 * topic always mirrors it; a named paused topic is excluded by its literal name.
 */
export function topicFilterConfigs(mirrors: Mirrors): { topics: string; "topics.exclude": string } {
  const active = mirrors.topics.filter((mirror) => mirror.state === "active").map((mirror) => mirror.name);
  const paused = mirrors.topics.filter((mirror) => mirror.state !== "active").map((mirror) => mirror.name);
  const excludes = mirrors.exclude.map((pattern) => {
    const exceptions = active.filter((topic) => matches(pattern, topic));
    const regex = javaRegexOf(pattern);
    return exceptions.length === 0 ? regex : `(?!(?:${exceptions.map(javaRegexOfName).join("|")})$)${regex}`;
  });
  return {
    topics: regexList([...active.map(javaRegexOfName), ...mirrors.include.map(javaRegexOf)]),
    "topics.exclude": regexList([...KAFKA_DEFAULT_EXCLUDES, ...paused.map(javaRegexOfName), ...excludes]),
  };
}

/** The `groups` and `groups.exclude` settings: exactly the link's filters, no implicit exclusions. */
export function groupFilterConfigs(consumerOffsets: DesiredLink["consumerOffsets"]): {
  groups: string;
  "groups.exclude": string;
} {
  return {
    groups: regexList(consumerOffsets.include.map(javaRegexOf)),
    "groups.exclude": regexList(consumerOffsets.exclude.map(javaRegexOf)),
  };
}
