import { describe, expect, it } from "vitest";
import type { DesiredLink, DesiredMirrorState } from "../../ports/link-backend.ts";
import type { MirrorTopicState } from "./cluster-link-client.ts";
import { mirrorStepOf, planMirrors } from "./mirror-plan.ts";

describe("mirrorStepOf", () => {
  it.each<{ why: string; status: string | undefined; desired: DesiredMirrorState; step: unknown }>([
    { why: "a new mirror mirrors from the start", status: undefined, desired: "active", step: "none" },
    {
      why: "a new mirror declared paused is paused once created",
      status: undefined,
      desired: "paused",
      step: "pause",
    },
    {
      why: "a new mirror declared promoted is promoted once created",
      status: undefined,
      desired: "promoted",
      step: "promote",
    },
    { why: "a paused mirror declared active resumes", status: "PAUSED", desired: "active", step: "resume" },
    { why: "an active mirror declared paused pauses", status: "ACTIVE", desired: "paused", step: "pause" },
    {
      why: "a mirror of a paused link waits for the link",
      status: "LINK_PAUSED",
      desired: "paused",
      step: "none",
    },
    {
      why: "a failed mirror declared active has nothing to resume",
      status: "SOURCE_UNAVAILABLE",
      desired: "active",
      step: "none",
    },
    {
      why: "an active mirror declared promoted is promoted",
      status: "ACTIVE",
      desired: "promoted",
      step: "promote",
    },
    { why: "a paused mirror can be promoted", status: "PAUSED", desired: "promoted", step: "promote" },
    {
      why: "a promotion under way is left to finish",
      status: "PENDING_STOPPED",
      desired: "promoted",
      step: "none",
    },
    {
      why: "a promotion under way can be cut short by a failover",
      status: "PENDING_STOPPED",
      desired: "failedOver",
      step: "failover",
    },
    {
      why: "a mirror whose source is gone fails over",
      status: "SOURCE_UNAVAILABLE",
      desired: "failedOver",
      step: "failover",
    },
    { why: "a stopped mirror is promoted already", status: "STOPPED", desired: "promoted", step: "none" },
    {
      why: "a stopped mirror is failed over already",
      status: "STOPPED",
      desired: "failedOver",
      step: "none",
    },
    {
      why: "a stopped mirror never mirrors again",
      status: "STOPPED",
      desired: "active",
      step: { unreachable: expect.stringContaining("never mirrors again") },
    },
    {
      why: "a mirror being promoted cannot be kept paused",
      status: "PENDING_STOPPED",
      desired: "paused",
      step: { unreachable: expect.stringContaining("being promoted") },
    },
  ])("$why", ({ status, desired, step }) => {
    expect(mirrorStepOf(status, desired)).toEqual(step);
  });
});

const mirror = (sourceTopic: string, status: string, mirrorTopic = sourceTopic): MirrorTopicState => ({
  linkName: "l",
  mirrorTopic,
  sourceTopic,
  partitions: 1,
  status,
  error: undefined,
  stateTimeMs: 0,
  lags: [],
  maxLag: 0,
  transitionErrors: [],
});
const mirrors = (topics: [string, DesiredMirrorState][], prefix?: string): DesiredLink["mirrors"] => ({
  topics: topics.map(([name, state]) => ({ name, state })),
  include: [],
  exclude: [],
  ...(prefix ? { prefix } : {}),
});

describe("planMirrors", () => {
  it("creates missing mirrors under the prefix and groups the actions, created mirrors included", () => {
    const plan = planMirrors(
      mirrors(
        [
          ["orders", "active"],
          ["audit", "paused"],
          ["payments", "promoted"],
          ["refunds", "paused"],
          ["legacy", "active"],
        ],
        "west.",
      ),
      [
        mirror("payments", "ACTIVE", "west.payments"),
        mirror("refunds", "ACTIVE", "west.refunds"),
        mirror("legacy", "STOPPED", "west.legacy"),
      ],
    );
    expect(plan.create.map((m) => m.name)).toEqual(["orders", "audit"]);
    expect([...plan.actions]).toEqual([
      ["pause", ["west.audit", "west.refunds"]],
      ["promote", ["west.payments"]],
    ]);
    expect(plan.unreachable).toEqual([
      { mirrorTopic: "west.legacy", why: expect.stringContaining("never mirrors again") },
    ]);
    expect(plan.differences).toEqual([
      'mirror topic "west.orders" is missing',
      'mirror topic "west.audit" is missing',
      'mirror topic "west.payments" is ACTIVE, declared promoted',
      'mirror topic "west.refunds" is ACTIVE, declared paused',
      'mirror topic "west.legacy" is STOPPED, declared active',
    ]);
  });

  it("has nothing to do when every named mirror is as declared, and leaves unnamed mirrors alone", () => {
    const plan = planMirrors(
      mirrors([
        ["orders", "active"],
        ["payments", "promoted"],
      ]),
      [mirror("orders", "ACTIVE"), mirror("payments", "PENDING_STOPPED"), mirror("sales.eu", "PAUSED")],
    );
    expect(plan).toEqual({ create: [], actions: new Map(), unreachable: [], differences: [] });
  });
});
