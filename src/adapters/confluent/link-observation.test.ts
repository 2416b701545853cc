import { describe, expect, it } from "vitest";
import type { DesiredLink, ObservedLinkTask } from "../../ports/link-backend.ts";
import type { ClusterLinkState, MirrorTopicState } from "./cluster-link-client.ts";
import { linkStateOf, linkTasksOf, observedMirrorsOf } from "./link-observation.ts";

const linkState = (changes: Partial<ClusterLinkState>): ClusterLinkState => ({
  name: "orders",
  clusterLinkId: "id",
  remoteClusterId: "source-id",
  mirrorTopics: [],
  state: "ACTIVE",
  error: undefined,
  tasks: [],
  ...changes,
});

describe("linkTasksOf", () => {
  it.each<{ why: string; link: Partial<ClusterLinkState>; tasks: ObservedLinkTask[] }>([
    {
      why: "an active link and its configured tasks run; tasks of features that are off are left out",
      link: {
        tasks: [
          { name: "ConsumerOffsetSync", state: "ACTIVE", errors: [] },
          { name: "AclSync", state: "NOT_CONFIGURED", errors: [] },
        ],
      },
      tasks: [
        { name: "orders", state: "running" },
        { name: "orders/ConsumerOffsetSync", state: "running" },
      ],
    },
    {
      why: "a task IN_ERROR on an active link has failed, with its errors as the trace",
      link: {
        tasks: [
          {
            name: "AclSync",
            state: "IN_ERROR",
            errors: [{ code: "AUTHORIZATION_ERROR", message: "DescribeAcls denied on the source" }],
          },
        ],
      },
      tasks: [
        { name: "orders", state: "running" },
        {
          name: "orders/AclSync",
          state: "failed",
          trace: "AUTHORIZATION_ERROR: DescribeAcls denied on the source",
        },
      ],
    },
    {
      why: "a FAILED link carries its link error; its tasks follow it",
      link: {
        state: "FAILED",
        error: { code: "AUTHENTICATION_ERROR", message: "Please check your api key and secret" },
        tasks: [{ name: "ConsumerOffsetSync", state: "LINK_FAILED", errors: [] }],
      },
      tasks: [
        {
          name: "orders",
          state: "failed",
          trace: "AUTHENTICATION_ERROR: Please check your api key and secret",
        },
        { name: "orders/ConsumerOffsetSync", state: "failed" },
      ],
    },
    {
      why: "an UNAVAILABLE link with an error has failed (the document's own example)",
      link: { state: "UNAVAILABLE", error: { code: "TIMEOUT_ERROR", message: undefined } },
      tasks: [{ name: "orders", state: "failed", trace: "TIMEOUT_ERROR" }],
    },
    {
      why: "an UNAVAILABLE link without one is pending (a source half not connected yet)",
      link: { state: "UNAVAILABLE" },
      tasks: [{ name: "orders", state: "pending" }],
    },
    {
      why: "a paused link is paused; a task state a newer server adds is pending",
      link: { state: "PAUSED", tasks: [{ name: "TopicConfigsSync", state: "LINK_PAUSED", errors: [] }] },
      tasks: [
        { name: "orders", state: "paused" },
        { name: "orders/TopicConfigsSync", state: "pending" },
      ],
    },
  ])("$why", ({ link, tasks }) => {
    expect(linkTasksOf("orders", linkState(link))).toEqual(tasks);
  });
});

describe("linkStateOf", () => {
  const running = { name: "l", state: "running" } as const;
  it.each([
    { why: "nothing exists", input: { wanted: 1, found: 0, tasks: [], isPaused: false }, state: "absent" },
    {
      why: "every part runs",
      input: { wanted: 1, found: 1, tasks: [running], isPaused: false },
      state: "active",
    },
    {
      why: "a failed task makes the link failed, paused or not",
      input: {
        wanted: 1,
        found: 1,
        tasks: [running, { name: "l/AclSync", state: "failed" as const }],
        isPaused: true,
      },
      state: "failed",
    },
    {
      why: "the link is paused",
      input: { wanted: 1, found: 1, tasks: [{ name: "l", state: "paused" as const }], isPaused: true },
      state: "paused",
    },
    {
      why: "one half of a pair is missing",
      input: { wanted: 2, found: 1, tasks: [running], isPaused: false },
      state: "pending",
    },
    {
      why: "a part is not running yet",
      input: { wanted: 1, found: 1, tasks: [{ name: "l", state: "pending" as const }], isPaused: false },
      state: "pending",
    },
  ])("$why: $state", ({ input, state }) => {
    expect(linkStateOf(input)).toBe(state);
  });
});

describe("observedMirrorsOf", () => {
  it("reports listed mirrors with their state, summed lag and error, and named ones not there yet as pending", () => {
    const mirror = (changes: Partial<MirrorTopicState>): MirrorTopicState => ({
      linkName: "l",
      mirrorTopic: "west.orders",
      sourceTopic: "orders",
      partitions: 3,
      status: "ACTIVE",
      error: undefined,
      stateTimeMs: 0,
      lags: [],
      maxLag: 0,
      transitionErrors: [],
      ...changes,
    });
    const lags = [0, 12, 40].map((lag, partition) => ({ partition, lag, lastSourceFetchOffset: 100 }));
    const link = {
      mirrors: {
        topics: [
          { name: "orders", state: "active" },
          { name: "audit", state: "paused" },
        ],
        include: [],
        exclude: [],
        prefix: "west.",
      },
    } as unknown as DesiredLink;
    expect(
      observedMirrorsOf(link, [
        mirror({ lags }),
        mirror({
          sourceTopic: "sales",
          mirrorTopic: "west.sales",
          status: "SOURCE_UNAVAILABLE",
          error: "SOURCE_TOPIC_MAY_BE_DELETED",
          // The source is out of reach: the server reports a negative lag.
          lags: [{ partition: 0, lag: -207, lastSourceFetchOffset: -1 }],
        }),
      ]),
    ).toEqual([
      { sourceTopic: "audit", mirrorTopic: "west.audit", state: "pending" },
      { sourceTopic: "orders", mirrorTopic: "west.orders", state: "active", lag: 52 },
      {
        sourceTopic: "sales",
        mirrorTopic: "west.sales",
        state: "failed",
        lag: 0,
        error: "SOURCE_TOPIC_MAY_BE_DELETED",
      },
    ]);
  });
});
