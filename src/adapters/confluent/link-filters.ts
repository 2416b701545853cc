// A link's filters as the JSON documents Confluent's cluster link configs hold:
// consumer.offset.group.filters ({"groupFilters": [...]}), auto.create.mirror.topics.filters
// ({"topicFilters": [...]}) and acl.filters ({"aclFilters": [...]}). Pure, and always the same
// text for the same filters, so the server's copy can be compared with it as a string.

import type { Operation, PatternType, Permission, ResourceType } from "../../access/acl-vocabulary.ts";
import type { AclSyncFilter, NamePattern } from "../../ports/link-backend.ts";
import {
  OPERATION_NAMES,
  PATTERN_TYPE_NAMES,
  PERMISSION_NAMES,
  RESOURCE_TYPE_NAMES,
} from "./kafka-acl-names.ts";

function nameFilters(include: readonly NamePattern[], exclude: readonly NamePattern[]) {
  const filter = (filterType: "INCLUDE" | "EXCLUDE") => (pattern: NamePattern) => ({
    name: pattern.name,
    patternType: PATTERN_TYPE_NAMES[pattern.patternType],
    filterType,
  });
  return [...include.map(filter("INCLUDE")), ...exclude.map(filter("EXCLUDE"))];
}

/** consumer.offset.group.filters: the groups whose offsets are migrated. */
export function groupFiltersJson(include: readonly NamePattern[], exclude: readonly NamePattern[]): string {
  return JSON.stringify({ groupFilters: nameFilters(include, exclude) });
}

/** auto.create.mirror.topics.filters: the source topics mirrored as they appear. */
export function topicFiltersJson(include: readonly NamePattern[], exclude: readonly NamePattern[]): string {
  return JSON.stringify({ topicFilters: nameFilters(include, exclude) });
}

/**
 * acl.filters: the source ACLs synced. A field the filter leaves out matches anything: "ANY" for
 * the enum fields, absent for name, principal and host, as Confluent's examples write them.
 */
export function aclFiltersJson(filters: readonly AclSyncFilter[]): string {
  const word = <K extends string>(names: Readonly<Record<K, string>>, value: string | undefined) =>
    value === undefined ? "ANY" : names[value as K];
  return JSON.stringify({
    aclFilters: filters.map((filter) => ({
      resourceFilter: {
        resourceType: word<ResourceType>(RESOURCE_TYPE_NAMES, filter.resourceType),
        ...(filter.name === undefined ? {} : { name: filter.name }),
        patternType: word<PatternType>(PATTERN_TYPE_NAMES, filter.patternType),
      },
      accessFilter: {
        ...(filter.principal === undefined ? {} : { principal: filter.principal }),
        ...(filter.host === undefined ? {} : { host: filter.host }),
        operation: word<Operation>(OPERATION_NAMES, filter.operation),
        permissionType: word<Permission>(PERMISSION_NAMES, filter.permission),
      },
    })),
  });
}
