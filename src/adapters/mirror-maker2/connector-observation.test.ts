import { describe, expect, it } from "vitest";
import type { Connector, ConnectorState } from "../../ports/connect-api.ts";
import type { ObservedLinkTask } from "../../ports/link-backend.ts";
import type { ConnectorRole, RenderedConnector } from "./connector-configs.ts";
import {
  differencesOf,
  lagOf,
  linkStateOf,
  mirrorStateObserved,
  type Parts,
  sameConfig,
  tasksOf,
} from "./connector-observation.ts";

const connector = (
  name: string,
  config: Record<string, string>,
  state: ConnectorState = "RUNNING",
  tasks: Array<{ state: ConnectorState; trace?: string }> = [{ state: "RUNNING" }],
): Connector => ({
  name,
  config: { name, ...config },
  status: {
    name,
    connector: { state, workerId: "w1" },
    tasks: tasks.map((task, id) => ({ id, workerId: "w1", ...task })),
  },
});
const rendered = (role: ConnectorRole, name: string, config: Record<string, string>): RenderedConnector => ({
  role,
  name,
  config: { name, ...config },
});
const parts = (entries: Array<[ConnectorRole, Connector]>): Parts => new Map(entries);

describe("sameConfig", () => {
  it.each<{ why: string; stored: Record<string, string>; desired: Record<string, string>; same: boolean }>([
    { why: "equal maps are the same", stored: { a: "1", b: "2" }, desired: { b: "2", a: "1" }, same: true },
    { why: "a changed value differs", stored: { a: "1" }, desired: { a: "2" }, same: false },
    {
      why: "a key Connect holds and the rendering dropped differs",
      stored: { a: "1", b: "2" },
      desired: { a: "1" },
      same: false,
    },
    {
      why: "a key the rendering added differs",
      stored: { a: "1" },
      desired: { a: "1", b: "2" },
      same: false,
    },
  ])("$why", ({ stored, desired, same }) => {
    expect(sameConfig(stored, desired)).toBe(same);
  });
});

describe("differencesOf", () => {
  const source = rendered("source", "l.MirrorSourceConnector", { topics: "a", "tasks.max": "1" });
  const checkpoint = rendered("checkpoint", "l.MirrorCheckpointConnector", { groups: "g" });

  it.each<{ why: string; connectors: RenderedConnector[]; observed: Parts; differences: string[] }>([
    {
      why: "nothing differs when every connector is stored as rendered",
      connectors: [source],
      observed: parts([["source", connector(source.name, { topics: "a", "tasks.max": "1" })]]),
      differences: [],
    },
    {
      why: "a missing connector is named",
      connectors: [source, checkpoint],
      observed: parts([["source", connector(source.name, { topics: "a", "tasks.max": "1" })]]),
      differences: ['connector "l.MirrorCheckpointConnector" is missing'],
    },
    {
      why: "changed and dropped keys are named, never their values",
      connectors: [source],
      observed: parts([
        ["source", connector(source.name, { topics: "secret-ish-value", extra: "x", "tasks.max": "1" })],
      ]),
      differences: ['connector "l.MirrorSourceConnector" differs in extra, topics'],
    },
    {
      why: "a connector the link no longer needs is named",
      connectors: [source],
      observed: parts([
        ["source", connector(source.name, { topics: "a", "tasks.max": "1" })],
        ["heartbeat", connector("l.MirrorHeartbeatConnector", {})],
      ]),
      differences: ['connector "l.MirrorHeartbeatConnector" is not wanted'],
    },
  ])("$why", ({ connectors, observed, differences }) => {
    expect(differencesOf(connectors, observed)).toEqual(differences);
  });
});

describe("tasksOf", () => {
  it("lists the connector and each task, with a failure summarised to its cause", () => {
    const part = connector("l.MirrorSourceConnector", {}, "RUNNING", [
      { state: "RUNNING" },
      {
        state: "FAILED",
        trace:
          "org.apache.kafka.connect.errors.ConnectException: boom\n\tat x.y(Z.java:1)\nCaused by: java.io.IOException: no keytab",
      },
      { state: "UNASSIGNED" },
    ]);
    expect(tasksOf(part)).toEqual([
      { name: "l.MirrorSourceConnector", state: "running" },
      { name: "l.MirrorSourceConnector/0", state: "running" },
      {
        name: "l.MirrorSourceConnector/1",
        state: "failed",
        trace:
          "org.apache.kafka.connect.errors.ConnectException: boom (caused by java.io.IOException: no keytab)",
      },
      { name: "l.MirrorSourceConnector/2", state: "pending" },
    ]);
  });
});

describe("linkStateOf", () => {
  const running = connector("l.MirrorSourceConnector", {});
  const idle = connector("l.MirrorSourceConnector", {}, "RUNNING", []);
  const task = (state: ObservedLinkTask["state"]): ObservedLinkTask => ({ name: "t", state });
  type Input = Parameters<typeof linkStateOf>[0];
  const input = (changes: Partial<Input>): Input => ({
    parts: parts([["source", running]]),
    tasks: [task("running")],
    isPaused: false,
    isComplete: true,
    hasMirrorsToCopy: false,
    ...changes,
  });

  it.each<{ why: string; changes: Partial<Input>; state: string }>([
    { why: "nothing on Connect is absent", changes: { parts: parts([]), tasks: [] }, state: "absent" },
    {
      why: "a failed task fails the link, even while paused",
      changes: { tasks: [task("running"), task("failed")], isPaused: true },
      state: "failed",
    },
    {
      why: "every part paused is paused",
      changes: { tasks: [task("paused")], isPaused: true },
      state: "paused",
    },
    { why: "a connector still missing is pending", changes: { isComplete: false }, state: "pending" },
    {
      why: "an unassigned task is pending",
      changes: { tasks: [task("running"), task("pending")] },
      state: "pending",
    },
    {
      why: "a source connector running with no task while there is something to copy is pending (MirrorMaker 2 only logs why)",
      changes: { parts: parts([["source", idle]]), hasMirrorsToCopy: true },
      state: "pending",
    },
    {
      why: "a source connector with no task and nothing to copy is active",
      changes: { parts: parts([["source", idle]]) },
      state: "active",
    },
    { why: "everything running is active", changes: {}, state: "active" },
  ])("$why", ({ changes, state }) => {
    expect(linkStateOf(input(changes))).toBe(state);
  });
});

describe("mirrorStateObserved", () => {
  const source = (state: ConnectorState, taskState: ConnectorState = state) =>
    connector("l.MirrorSourceConnector", {}, state, [{ state: taskState }]);

  it.each([
    {
      why: "a mirror the link pauses is paused",
      desired: "paused",
      part: source("RUNNING"),
      isOnDestination: true,
      state: "paused",
    },
    {
      why: "a paused source connector pauses every mirror",
      desired: "active",
      part: source("PAUSED"),
      isOnDestination: true,
      state: "paused",
    },
    {
      why: "a mirror not yet created is pending",
      desired: "active",
      part: source("RUNNING"),
      isOnDestination: false,
      state: "pending",
    },
    {
      why: "a failed source task fails the mirror",
      desired: "active",
      part: source("RUNNING", "FAILED"),
      isOnDestination: true,
      state: "failed",
    },
    {
      why: "otherwise it is active",
      desired: "active",
      part: source("RUNNING"),
      isOnDestination: true,
      state: "active",
    },
    {
      why: "with no source connector a present mirror is not failed",
      desired: "active",
      part: undefined,
      isOnDestination: true,
      state: "active",
    },
  ] as const)("$why", ({ desired, part, isOnDestination, state }) => {
    expect(mirrorStateObserved({ desired, sourceConnector: part, isOnDestination })).toBe(state);
  });
});

describe("lagOf", () => {
  it.each([
    {
      why: "sums what each partition is behind",
      source: [
        [0, 10],
        [1, 5],
      ],
      mirror: [
        [0, 7],
        [1, 5],
      ],
      lag: 3,
    },
    {
      why: "a partition the mirror lacks is behind by all of it",
      source: [
        [0, 4],
        [1, 6],
      ],
      mirror: [[0, 4]],
      lag: 6,
    },
    {
      why: "a mirror ahead (source truncated) is not negative lag",
      source: [[0, 2]],
      mirror: [[0, 9]],
      lag: 0,
    },
  ])("$why", ({ source, mirror, lag }) => {
    expect(lagOf(new Map(source as [number, number][]), new Map(mirror as [number, number][]))).toBe(lag);
  });
});
