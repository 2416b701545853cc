// What REST v3's answers say about a Confluent link as the LinkBackend port reports it: each
// link object and its tasks as parts that run (a link is created while a task is IN_ERROR, so
// its health is read from link_state, link_error and every task), the link's state as a whole,
// and its mirror topics with their state, lag and error. Pure.
import type {
  DesiredLink,
  LinkState,
  ObservedLinkTask,
  ObservedMirror,
  ObservedMirrorState,
} from "../../ports/link-backend.ts";
import type { ClusterLinkState, MirrorTopicState } from "./cluster-link-client.ts";

/** Link tasks' states (LinkTask.state); one the server adds later is pending. */
const TASK_STATES: Readonly<Record<string, ObservedLinkTask["state"]>> = {
  ACTIVE: "running",
  IN_ERROR: "failed",
  LINK_FAILED: "failed",
  LINK_UNAVAILABLE: "pending",
  UNKNOWN: "pending",
};

const MIRROR_STATES: Readonly<Record<string, ObservedMirrorState>> = {
  ACTIVE: "active",
  PAUSED: "paused",
  LINK_PAUSED: "paused",
  STOPPED: "stopped",
  PENDING_STOPPED: "pending",
  PENDING_SYNCHRONIZE: "pending",
  PENDING_MIRROR: "pending",
  FAILED: "failed",
  LINK_FAILED: "failed",
  SOURCE_UNAVAILABLE: "failed",
};

/** Room for a trace in status. */
const MAX_TRACE = 1024;

const traceOf = (errors: readonly { code: string; message: string | undefined }[]) =>
  errors.length === 0
    ? undefined
    : errors
        .map(({ code, message }) => (message ? `${code}: ${message}` : code))
        .join("; ")
        .slice(0, MAX_TRACE);

/**
 * The link object named `part` (e.g. `orders` or `orders (source half)`) and each task it runs,
 * as `<part>/<task>`. Tasks NOT_CONFIGURED (their feature is off) are no part of the link.
 */
export function linkTasksOf(part: string, link: ClusterLinkState): ObservedLinkTask[] {
  const linkState: ObservedLinkTask["state"] =
    link.error !== undefined || link.state === "FAILED"
      ? "failed"
      : link.state === "ACTIVE"
        ? "running"
        : link.state === "PAUSED"
          ? "paused"
          : "pending";
  const linkTrace = traceOf(link.error ? [link.error] : []);
  return [
    { name: part, state: linkState, ...(linkTrace ? { trace: linkTrace } : {}) },
    ...link.tasks
      .filter((task) => task.state !== "NOT_CONFIGURED")
      .map((task): ObservedLinkTask => {
        const trace = traceOf(task.errors);
        return {
          name: `${part}/${task.name}`,
          state: TASK_STATES[task.state] ?? "pending",
          ...(trace ? { trace } : {}),
        };
      }),
  ];
}

/**
 * The link as a whole: absent when no object of it exists; a failure anywhere first (a FAILED
 * link, a link error, a task IN_ERROR), then paused, then anything missing or not yet running.
 */
export function linkStateOf(input: {
  readonly wanted: number;
  readonly found: number;
  readonly tasks: readonly ObservedLinkTask[];
  readonly isPaused: boolean;
}): LinkState {
  if (input.found === 0) return "absent";
  if (input.tasks.some((task) => task.state === "failed")) return "failed";
  if (input.isPaused) return "paused";
  if (input.found < input.wanted || input.tasks.some((task) => task.state !== "running")) return "pending";
  return "active";
}

/**
 * Every mirror topic of the link as REST v3 lists it (named or auto-created), and each named
 * one not there yet as pending. Lag is summed over partitions; a partition whose source is out
 * of reach reports a negative lag, which counts as none.
 */
export function observedMirrorsOf(link: DesiredLink, mirrors: readonly MirrorTopicState[]): ObservedMirror[] {
  const listed = new Set(mirrors.map((mirror) => mirror.sourceTopic));
  const observed = mirrors.map(
    (mirror): ObservedMirror => ({
      sourceTopic: mirror.sourceTopic,
      mirrorTopic: mirror.mirrorTopic,
      state: MIRROR_STATES[mirror.status] ?? "pending",
      lag: mirror.lags.reduce((sum, partition) => sum + Math.max(0, partition.lag), 0),
      ...(mirror.error ? { error: mirror.error } : {}),
    }),
  );
  const missing = link.mirrors.topics
    .filter((topic) => !listed.has(topic.name))
    .map(
      (topic): ObservedMirror => ({
        sourceTopic: topic.name,
        mirrorTopic: `${link.mirrors.prefix ?? ""}${topic.name}`,
        state: "pending",
      }),
    );
  return [...observed, ...missing].sort((a, b) => (a.mirrorTopic < b.mirrorTopic ? -1 : 1));
}
