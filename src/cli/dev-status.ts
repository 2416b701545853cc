// What `dev` shows of the resources: one row per resource of every kind with its Ready verdict,
// whether each has been reconciled for its generation (as kstatus reads it: observedGeneration
// equals metadata.generation and a Ready condition is there), the table, and what changed
// between two readings. Knows no kind: a kind is a name and its objects. Pure.
import type { KubernetesObject } from "@kubernetes/client-node";

type StatusObject = KubernetesObject & {
  status?: {
    observedGeneration?: number;
    conditions?: readonly { type: string; status: string; reason?: string; observedGeneration?: number }[];
  };
};

export interface StatusRow {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Ready's status ("True", "False", "Unknown"), or "" while it has none. */
  readonly ready: string;
  readonly reason: string;
  /** Reconciled for its generation: the operator has given its verdict on the spec as it is, not "on its way". */
  readonly isReconciled: boolean;
}

/**
 * Ready reasons that say a verdict is on its way rather than given: the resource waits for
 * another one, or its link is starting. The operator looks again by itself.
 */
const IN_PROGRESS_REASONS = new Set(["KafkaClusterNotReady", "ConnectClusterNotReady", "LinkPending"]);

export function statusRow(kind: string, object: StatusObject): StatusRow {
  const generation = object.metadata?.generation;
  const ready = object.status?.conditions?.find((c) => c.type === "Ready");
  return {
    kind,
    namespace: object.metadata?.namespace ?? "",
    name: object.metadata?.name ?? "",
    ready: ready?.status ?? "",
    reason: ready?.reason ?? "",
    isReconciled:
      ready !== undefined &&
      !IN_PROGRESS_REASONS.has(ready.reason ?? "") &&
      object.status?.observedGeneration === generation &&
      (ready.observedGeneration === undefined || ready.observedGeneration === generation),
  };
}

const COLUMNS = [
  ["KIND", (r: StatusRow) => r.kind],
  ["NAMESPACE", (r: StatusRow) => r.namespace],
  ["NAME", (r: StatusRow) => r.name],
  ["READY", (r: StatusRow) => r.ready || "-"],
  ["REASON", (r: StatusRow) => r.reason || "-"],
] as const;

/** The rows as an aligned table, in the order given. */
export function renderStatusTable(rows: readonly StatusRow[]): string {
  const cells = [COLUMNS.map(([title]) => title), ...rows.map((row) => COLUMNS.map(([, cell]) => cell(row)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
  return `${cells
    .map((line) =>
      line
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("   ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}

const identity = (row: StatusRow) => `${row.kind}/${row.namespace}/${row.name}`;

/**
 * The resources whose verdict differs in `after` (or that are new there), and those gone
 * (`ready` empty): what a live view prints line by line.
 */
export function changedRows(
  before: readonly StatusRow[],
  after: readonly StatusRow[],
): { changed: StatusRow[]; gone: StatusRow[] } {
  const previous = new Map(before.map((row) => [identity(row), row]));
  const current = new Set(after.map(identity));
  return {
    changed: after.filter((row) => {
      const was = previous.get(identity(row));
      return !was || was.ready !== row.ready || was.reason !== row.reason;
    }),
    gone: before.filter((row) => !current.has(identity(row))),
  };
}
