// A failed connector's or task's trace, as Connect reports it (a Java stack trace, often pages
// long), cut down to what a status line can hold: the exception thrown and, when another
// exception caused it, the root cause. Frames are dropped.

const CAUSED_BY = "Caused by: ";

/** The trace's first line and its last "Caused by:", at most `maxLength` characters. */
export function summariseTrace(trace: string, maxLength = 1024): string {
  const lines = trace
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("at ") && !line.startsWith("..."));
  const thrown = lines[0] ?? "";
  const rootCause = lines.findLast((line) => line.startsWith(CAUSED_BY))?.slice(CAUSED_BY.length);
  const summary =
    rootCause === undefined || rootCause === thrown ? thrown : `${thrown} (caused by ${rootCause})`;
  return summary.length <= maxLength ? summary : `${summary.slice(0, maxLength - 1)}…`;
}
