// The connector's and its tasks' states for status, and a failure in words: Connect's traces
// are whole Java stack traces, so status keeps the first line and the root cause (an
// authorization failure is usually one of them). Traces carry Connect's messages, which hide
// password-typed config values; callers still scan what they write for Secret values.
import type { ConnectorStatus } from "../../ports/connect-api.ts";

const MAX_TRACE = 1024;
const MAX_TASKS = 64;

export interface ConnectorStateSummary {
  readonly state: string;
  readonly trace?: string;
  readonly tasks: readonly { readonly id: number; readonly state: string; readonly trace?: string }[];
}

export function summarizeConnectorStatus(status: ConnectorStatus): ConnectorStateSummary {
  const tasks = [...status.tasks]
    .sort((a, b) => a.id - b.id)
    .slice(0, MAX_TASKS)
    .map((task) => ({ id: task.id, state: task.state, ...traceOf(task.trace) }));
  return { state: status.connector.state, ...traceOf(status.connector.trace), tasks };
}

/** What failed, in one line per failure (connector first, then tasks), or undefined when nothing did. */
export function describeConnectorFailures(summary: ConnectorStateSummary): string | undefined {
  const failures = [
    ...(summary.state === "FAILED" ? [`the connector FAILED: ${summary.trace ?? "no trace"}`] : []),
    ...summary.tasks
      .filter((task) => task.state === "FAILED")
      .map((task) => `task ${task.id} FAILED: ${task.trace ?? "no trace"}`),
  ];
  return failures.length === 0 ? undefined : failures.join("; ");
}

function traceOf(trace: string | undefined): { trace?: string } {
  if (trace === undefined || trace.trim() === "") return {};
  const lines = trace.split("\n").map((line) => line.trim());
  const first = lines[0]!;
  const rootCause = lines.findLast((line) => line.startsWith("Caused by: "))?.slice("Caused by: ".length);
  const text = rootCause === undefined || rootCause === first ? first : `${first} (caused by ${rootCause})`;
  return { trace: text.length > MAX_TRACE ? `${text.slice(0, MAX_TRACE - 1)}…` : text };
}
