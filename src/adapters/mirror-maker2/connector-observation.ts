// What the link's connectors, as Connect reports them, say about the link: how their stored
// configs differ from the rendering, their and their tasks' states (failure traces summarised),
// the link's state as a whole, and a mirror's lag. Pure; the backend reads, this judges.
import type { Connector, ConnectorState } from "../../ports/connect-api.ts";
import type {
  DesiredMirrorState,
  LinkState,
  ObservedLinkTask,
  ObservedMirrorState,
} from "../../ports/link-backend.ts";
import type { ConnectorRole, RenderedConnector } from "./connector-configs.ts";
import { summariseTrace } from "./task-trace.ts";

/** The link's connectors that exist, by role. */
export type Parts = ReadonlyMap<ConnectorRole, Connector>;

const TASK_STATES: Readonly<Record<ConnectorState, ObservedLinkTask["state"]>> = {
  RUNNING: "running",
  PAUSED: "paused",
  STOPPED: "stopped",
  FAILED: "failed",
  UNASSIGNED: "pending",
  RESTARTING: "pending",
};

/** Paused by Connect's pause, or stopped (KIP-875); resume starts both again. */
export const isPausedState = (state: ConnectorState) => state === "PAUSED" || state === "STOPPED";

/** Whether Connect stores exactly `desired` (its GET answer holds what was PUT, name included). */
export function sameConfig(
  stored: Readonly<Record<string, string>>,
  desired: Readonly<Record<string, string>>,
): boolean {
  const keys = Object.keys(desired);
  return keys.length === Object.keys(stored).length && keys.every((key) => stored[key] === desired[key]);
}

/** What create/update would change, by connector and config key (never a value). */
export function differencesOf(connectors: readonly RenderedConnector[], parts: Parts): string[] {
  const differences: string[] = [];
  for (const { role, name, config } of connectors) {
    const part = parts.get(role);
    if (!part) {
      differences.push(`connector "${name}" is missing`);
      continue;
    }
    const keys = [...new Set([...Object.keys(config), ...Object.keys(part.config)])];
    const changed = keys.filter((key) => part.config[key] !== config[key]).sort();
    if (changed.length > 0) differences.push(`connector "${name}" differs in ${changed.join(", ")}`);
  }
  const wanted = new Set(connectors.map((connector) => connector.role));
  for (const [role, part] of parts)
    if (!wanted.has(role)) differences.push(`connector "${part.name}" is not wanted`);
  return differences;
}

/** The connector and each of its tasks, e.g. `ns.l.MirrorSourceConnector` and `ns.l.MirrorSourceConnector/0`. */
export function tasksOf(part: Connector): ObservedLinkTask[] {
  const { connector, tasks } = part.status;
  const task = (name: string, state: ConnectorState, trace: string | undefined): ObservedLinkTask => ({
    name,
    state: TASK_STATES[state] ?? "pending",
    ...(trace ? { trace: summariseTrace(trace) } : {}),
  });
  return [
    task(part.name, connector.state, connector.trace),
    ...tasks.map((t) => task(`${part.name}/${t.id}`, t.state, t.trace)),
  ];
}

/**
 * The link as a whole, from its parts: a failure anywhere first, then paused, then anything not
 * yet running. A source connector running without a task while there is something to copy is
 * not running either: MirrorMaker 2 starts no task when it cannot list the source's topics (a
 * refused credential, missing ACLs), and only logs why.
 */
export function linkStateOf(input: {
  parts: Parts;
  tasks: readonly ObservedLinkTask[];
  isPaused: boolean;
  isComplete: boolean;
  hasMirrorsToCopy: boolean;
}): LinkState {
  if (input.parts.size === 0) return "absent";
  if (input.tasks.some((task) => task.state === "failed")) return "failed";
  if (input.isPaused) return "paused";
  if (!input.isComplete || input.tasks.some((task) => task.state !== "running")) return "pending";
  const source = input.parts.get("source");
  if (source && source.status.tasks.length === 0 && input.hasMirrorsToCopy) return "pending";
  return "active";
}

/** Records the mirror is behind, summed over the source's partitions. */
export function lagOf(source: ReadonlyMap<number, number>, mirror: ReadonlyMap<number, number>): number {
  let lag = 0;
  for (const [partition, end] of source) lag += Math.max(0, end - (mirror.get(partition) ?? 0));
  return lag;
}

/**
 * A mirror's state: paused when the link pauses it or the source connector is paused; pending
 * until MirrorMaker 2 has created it on the destination; failed while the source connector or
 * one of its tasks has failed.
 */
export function mirrorStateObserved(input: {
  desired: DesiredMirrorState | undefined;
  sourceConnector: Connector | undefined;
  isOnDestination: boolean;
}): ObservedMirrorState {
  const status = input.sourceConnector?.status;
  if (input.desired === "paused" || (status !== undefined && isPausedState(status.connector.state)))
    return "paused";
  if (!input.isOnDestination) return "pending";
  const isFailed =
    status?.connector.state === "FAILED" || status?.tasks.some((task) => task.state === "FAILED");
  return isFailed === true ? "failed" : "active";
}
