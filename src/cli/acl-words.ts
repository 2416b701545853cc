// The words of Kafka's ACL model as people type them on a command line, in any of the
// spellings Kafka's own tools and docs use (Read, READ, read; DescribeConfigs,
// DESCRIBE_CONFIGS, describe-configs; transactionalId, TRANSACTIONAL_ID, transactional-id).
import { OPERATIONS, type Operation, RESOURCE_TYPES, type ResourceType } from "../access/acl-vocabulary.ts";
import { UsageError } from "./command-flags.ts";

const normalize = (word: string) => word.replaceAll(/[-_\s]/g, "").toLowerCase();

function parseWord<T extends string>(words: readonly T[], given: string, what: string): T {
  const found = words.find((word) => normalize(word) === normalize(given));
  if (found === undefined) throw new UsageError(`unknown ${what} "${given}"; one of ${words.join(", ")}`);
  return found;
}

export function parseOperation(given: string): Operation {
  return parseWord(OPERATIONS, given, "operation");
}

export function parseResourceType(given: string): ResourceType {
  return parseWord(RESOURCE_TYPES, given, "resource type");
}
