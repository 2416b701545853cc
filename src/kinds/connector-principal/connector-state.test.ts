import { describe, expect, it } from "vitest";
import type { ConnectorStatus } from "../../ports/connect-api.ts";
import { describeConnectorFailures, summarizeConnectorStatus } from "./connector-state.ts";

const status = (tasks: ConnectorStatus["tasks"], connector: Partial<ConnectorStatus["connector"]> = {}) => ({
  name: "orders-sink",
  connector: { state: "RUNNING" as const, workerId: "w", ...connector },
  tasks,
});
/** A sink task refused by the broker, as Connect reports it. */
const authorizationTrace = `org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [orders]
\tat org.apache.kafka.clients.Metadata.maybeThrowAnyException(Metadata.java:471)`;
const wrappedTrace = `org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception.
\tat org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages(WorkerSinkTask.java:636)
Caused by: org.apache.kafka.connect.errors.RetriableException: retrying
Caused by: org.apache.kafka.common.errors.GroupAuthorizationException: Not authorized to access group: connect-orders-sink
\tat org.apache.kafka.clients.consumer.internals.ConsumerCoordinator.handle(ConsumerCoordinator.java:1)`;

describe("summarizeConnectorStatus", () => {
  it.each([
    {
      why: "keeps the first line of a trace, the one that names the failure",
      trace: authorizationTrace,
      expected:
        "org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [orders]",
    },
    {
      why: "adds the root cause when the first line only wraps it",
      trace: wrappedTrace,
      expected:
        "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception. (caused by org.apache.kafka.common.errors.GroupAuthorizationException: Not authorized to access group: connect-orders-sink)",
    },
    {
      why: "cuts a trace longer than status holds",
      trace: `java.lang.IllegalStateException: ${"x".repeat(2000)}`,
      expected: `java.lang.IllegalStateException: ${"x".repeat(1024 - 34)}…`,
    },
  ])("$why", ({ trace, expected }) => {
    const summary = summarizeConnectorStatus(status([{ id: 0, state: "FAILED", workerId: "w", trace }]));
    expect(summary.tasks[0]?.trace).toBe(expected);
    expect(summary.tasks[0]?.trace?.length).toBeLessThanOrEqual(1024);
  });

  it("lists tasks by id without traces they do not have", () => {
    const summary = summarizeConnectorStatus(
      status([
        { id: 1, state: "RUNNING", workerId: "w" },
        { id: 0, state: "PAUSED", workerId: "w", trace: " " },
      ]),
    );
    expect(summary).toEqual({
      state: "RUNNING",
      tasks: [
        { id: 0, state: "PAUSED" },
        { id: 1, state: "RUNNING" },
      ],
    });
  });
});

describe("describeConnectorFailures", () => {
  it.each([
    {
      why: "nothing failed",
      summary: { state: "RUNNING", tasks: [{ id: 0, state: "RUNNING" }] },
      expected: undefined,
    },
    {
      why: "a task failed",
      summary: {
        state: "RUNNING",
        tasks: [
          { id: 0, state: "RUNNING" },
          { id: 1, state: "FAILED", trace: "E: x" },
        ],
      },
      expected: "task 1 FAILED: E: x",
    },
    {
      why: "the connector and a task failed, the connector first",
      summary: { state: "FAILED", trace: "C: y", tasks: [{ id: 0, state: "FAILED" }] },
      expected: "the connector FAILED: C: y; task 0 FAILED: no trace",
    },
  ])("$why", ({ summary, expected }) => {
    expect(describeConnectorFailures(summary)).toBe(expected);
  });
});
