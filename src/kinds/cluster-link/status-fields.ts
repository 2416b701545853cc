// ClusterLink's status fields as pure functions of what a reconcile found, within the schema's
// sizes: the source as kubectl shows it, the link's parts and mirrors, the ACLs applied,
// missing and unchecked per cluster and principal, and when migrated offsets were last seen.
import { describeBinding, parseBindingKey } from "../../access/acl-binding.ts";
import type { OwnedLedger } from "../../access/plan-owned-acls.ts";
import type { LinkObservation } from "../../ports/link-backend.ts";
import { kafkaClusterName } from "../shared/kafka-cluster-reference.ts";
import type { AccessEntry } from "./link-acls.ts";
import { type ClusterLinkSpec, type ClusterLinkStatus, MAX_STATUS_MIRRORS } from "./schema.ts";

const MAX_ACCESS_ENTRIES = 8;
const MAX_LISTED_BINDINGS = 32;
const MAX_TASKS = 64;
const MAX_TRACE = 2048;
const MAX_MIRROR_ERROR = 256;

type AccessList = NonNullable<ClusterLinkStatus["missingAccess"]>;

/** The source column: its KafkaCluster, or its first bootstrap server. */
export function sourceOf(spec: ClusterLinkSpec, namespace: string): string {
  const { kafkaClusterRef, bootstrapServers } = spec.source;
  return kafkaClusterRef ? kafkaClusterName(kafkaClusterRef, namespace) : (bootstrapServers?.[0] ?? "");
}

/** Entries in words for status; undefined when there are none, so the field goes away. */
export function accessListOf(entries: readonly AccessEntry[]): AccessList | undefined {
  if (entries.length === 0) return undefined;
  return entries.slice(0, MAX_ACCESS_ENTRIES).map(({ cluster, principal, bindings }) => ({
    cluster,
    principal,
    count: bindings.length,
    bindings: bindings.slice(0, MAX_LISTED_BINDINGS).map(describeBinding),
  }));
}

/** What the link holds, from its ledgers (which may name only part of what they count). */
export function appliedAccessOf(ledgers: readonly OwnedLedger[]): AccessList | undefined {
  if (ledgers.length === 0) return undefined;
  return ledgers.slice(0, MAX_ACCESS_ENTRIES).map(({ cluster, principal, count, bindings }) => ({
    cluster,
    principal,
    count,
    bindings: bindings
      .flatMap((key) => parseBindingKey(key) ?? [])
      .slice(0, MAX_LISTED_BINDINGS)
      .map(describeBinding),
  }));
}

/** The link as its backend shows it: state, parts with summarised traces, mirrors with their lag and error. */
export function observedFields(
  observed: LinkObservation,
): Pick<ClusterLinkStatus, "state" | "tasks" | "mirrorCount" | "mirrorTopics"> {
  return {
    state: observed.state,
    tasks: observed.tasks.slice(0, MAX_TASKS).map(({ name, state, trace }) => ({
      name,
      state,
      ...(trace ? { trace: trace.slice(0, MAX_TRACE) } : {}),
    })),
    mirrorCount: observed.mirrors.length,
    mirrorTopics: observed.mirrors
      .slice(0, MAX_STATUS_MIRRORS)
      .map(({ sourceTopic, mirrorTopic, state, lag, error }) => ({
        sourceTopic,
        mirrorTopic,
        state,
        ...(lag === undefined ? {} : { lag }),
        ...(error === undefined ? {} : { error: error.slice(0, MAX_MIRROR_ERROR) }),
      })),
  };
}

/**
 * When migrated offsets were last seen moving on the destination: the time moves on only when
 * what the migrated groups committed there changed since it was last read (`isChanged`), so an
 * idle link keeps its status as it is.
 */
export function lastOffsetMigrationOf(
  previous: ClusterLinkStatus["lastOffsetMigration"],
  seen: { readonly groups: number; readonly isChanged: boolean },
  now: Date,
): ClusterLinkStatus["lastOffsetMigration"] {
  if (seen.groups === 0) return undefined;
  if (previous && !seen.isChanged) return { ...previous, groups: seen.groups };
  return { time: now.toISOString().replace(/\.\d+Z$/, "Z"), groups: seen.groups };
}
