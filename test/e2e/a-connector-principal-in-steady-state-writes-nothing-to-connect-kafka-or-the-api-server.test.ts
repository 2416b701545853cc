// Once a ConnectorPrincipal is applied, reconciling it again changes nothing, so it writes
// nothing: across resyncs the operator's metrics count no write to Connect (config, restart,
// validate), to Kafka (CreateAcls, DeleteAcls) or to the API server (status, finalizers,
// Events: its own request counter), while each reconcile still reads the connector.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import {
  applyClusters,
  connectApiOf,
  externalCalls,
  type ReadySink,
  readySink,
  waitUntil,
} from "./connector-principals.ts";
import { type OperatorFixture, startOperatorFixture } from "./operator-fixture.ts";

const stack = await useStack("connect");
const connect = connectApiOf(stack.connect);

const WRITES = [
  "connect/putConnectorConfig",
  "connect/restartConnector",
  "connect/validateConfig",
  "connect/deleteConnector",
  "connect/pauseConnector",
  "connect/resumeConnector",
  "kafka/CreateAcls",
  "kafka/DeleteAcls",
];
/** The writes of `WRITES` in the external-calls metric, and every write to the API server. */
const writesIn = async (f: OperatorFixture): Promise<Record<string, number>> => {
  const calls = await externalCalls(f);
  return {
    ...Object.fromEntries(WRITES.map((write) => [write, calls[write] ?? 0])),
    "kubernetes/any": await f.kubeWrites(),
  };
};

let f: OperatorFixture;
let sink: ReadySink;
beforeAll(async () => {
  f = await startOperatorFixture("cp-steady", { flags: ["--resync-period=3s"] });
  await applyClusters(f, stack.connect);
  sink = await readySink(f, "steady-sink", { records: ["a record"] });
});
afterAll(async () => {
  if (sink) await connect.deleteConnector(sink.connector);
  await f?.stop();
});

describe("a ConnectorPrincipal in steady state", () => {
  it("writes nothing to Connect, Kafka or the API server across resyncs", async () => {
    // Settled: the reconciles a change asks for (a restart's outcome, the tasks' states) are over.
    await f.waitForEventsWritten();
    let previous = await writesIn(f);
    await waitUntil(
      "writes within two reconciles",
      async () => {
        await f.waitForResyncs("ConnectorPrincipal", 2);
        await f.waitForEventsWritten();
        const now = await writesIn(f);
        const written = Object.fromEntries(
          Object.entries(now).flatMap(([write, count]) =>
            count > previous[write]! ? [[write, count - previous[write]!]] : [],
          ),
        );
        previous = now;
        return written;
      },
      (written) => Object.keys(written).length === 0,
      60_000,
    );

    const [before, writesBefore] = [await externalCalls(f), await writesIn(f)];
    await f.waitForResyncs("ConnectorPrincipal", 3);
    const after = await externalCalls(f);
    expect(await writesIn(f)).toEqual(writesBefore);
    // The reconciles still looked: they read the connector.
    expect(after["connect/getConnector"]).toBeGreaterThan(before["connect/getConnector"] ?? 0);
  });
});
