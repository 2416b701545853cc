import { describe, expect, it } from "vitest";
import { summariseTrace } from "./task-trace.ts";

const saslTrace = `org.apache.kafka.connect.errors.ConnectException: Failed to list topics
\tat org.apache.kafka.connect.mirror.MirrorSourceConnector.start(MirrorSourceConnector.java:120)
\tat org.apache.kafka.connect.runtime.WorkerConnector.doStart(WorkerConnector.java:196)
Caused by: java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.SaslAuthenticationException: boom
\tat java.base/java.util.concurrent.CompletableFuture.reportGet(CompletableFuture.java:396)
\t... 4 more
Caused by: org.apache.kafka.common.errors.SaslAuthenticationException: Authentication failed: Invalid username or password
`;

describe("summariseTrace", () => {
  it.each([
    {
      why: "keeps the thrown exception and the root cause, drops the frames",
      trace: saslTrace,
      summary:
        "org.apache.kafka.connect.errors.ConnectException: Failed to list topics (caused by org.apache.kafka.common.errors.SaslAuthenticationException: Authentication failed: Invalid username or password)",
    },
    {
      why: "a trace without a cause is its first line",
      trace: "java.lang.IllegalStateException: no tasks\n\tat x.y(Z.java:1)\n",
      summary: "java.lang.IllegalStateException: no tasks",
    },
    { why: "an empty trace stays empty", trace: "", summary: "" },
  ])("$why", ({ trace, summary }) => {
    expect(summariseTrace(trace)).toBe(summary);
  });

  it("cuts a long summary to the length status holds", () => {
    const summary = summariseTrace(`java.lang.Error: ${"x".repeat(5000)}`, 100);
    expect(summary).toHaveLength(100);
    expect(summary.endsWith("…")).toBe(true);
  });
});
