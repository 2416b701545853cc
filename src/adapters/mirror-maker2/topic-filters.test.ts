import { describe, expect, it } from "vitest";
import type { DesiredLink } from "../../ports/link-backend.ts";
import { groupFilterConfigs, mirrorStateOf, topicFilterConfigs } from "./topic-filters.ts";

type Mirrors = DesiredLink["mirrors"];
const mirrors = (input: Partial<Mirrors>): Mirrors => ({ topics: [], include: [], exclude: [], ...input });

describe("topicFilterConfigs", () => {
  it.each<{ why: string; input: Partial<Mirrors>; topics: string; exclude: string }>([
    {
      why: "named topics are literal regexes; Kafka's default exclusions are kept",
      input: {
        topics: [
          { name: "orders", state: "active" },
          { name: "eu.payments", state: "active" },
        ],
      },
      topics: "orders,eu\\.payments",
      exclude: "mm2.*\\.internal,.*\\.replica,__.*",
    },
    {
      why: "filters become prefix and literal regexes",
      input: {
        include: [{ name: "sales.", patternType: "prefixed" }],
        exclude: [{ name: "sales.tmp", patternType: "literal" }],
      },
      topics: "sales\\..*",
      exclude: "mm2.*\\.internal,.*\\.replica,__.*,sales\\.tmp",
    },
    {
      why: "a paused topic is excluded by name, even when a filter includes it",
      input: {
        topics: [{ name: "sales.eu", state: "paused" }],
        include: [{ name: "sales.", patternType: "prefixed" }],
      },
      topics: "sales\\..*",
      exclude: "mm2.*\\.internal,.*\\.replica,__.*,sales\\.eu",
    },
    {
      why: "a named topic an exclude filter matches stays mirrored (a lookahead keeps it out of the filter)",
      input: {
        topics: [{ name: "sales.audit", state: "active" }],
        include: [{ name: "sales.", patternType: "prefixed" }],
        exclude: [{ name: "sales.a", patternType: "prefixed" }],
      },
      topics: "sales\\.audit,sales\\..*",
      exclude: "mm2.*\\.internal,.*\\.replica,__.*,(?!(?:sales\\.audit)$)sales\\.a.*",
    },
    {
      why: "all topics paused: nothing is included (an empty list matches nothing)",
      input: { topics: [{ name: "orders", state: "paused" }] },
      topics: "",
      exclude: "mm2.*\\.internal,.*\\.replica,__.*,orders",
    },
  ])("$why", ({ input, topics, exclude }) => {
    expect(topicFilterConfigs(mirrors(input))).toEqual({ topics, "topics.exclude": exclude });
  });
});

describe("mirrorStateOf", () => {
  const link = mirrors({
    topics: [
      { name: "orders", state: "active" },
      { name: "sales.eu", state: "paused" },
      { name: "sales.audit", state: "active" },
    ],
    include: [{ name: "sales.", patternType: "prefixed" }],
    exclude: [{ name: "sales.a", patternType: "prefixed" }],
  });

  it.each([
    { why: "a named topic is mirrored", topic: "orders", state: "active" },
    { why: "a named paused topic is paused", topic: "sales.eu", state: "paused" },
    { why: "an included topic is mirrored", topic: "sales.us", state: "active" },
    { why: "an excluded topic is not", topic: "sales.archive", state: undefined },
    { why: "a named topic wins over an exclude filter", topic: "sales.audit", state: "active" },
    { why: "a topic no filter names is not", topic: "payments", state: undefined },
    { why: "Kafka's internal topics never are", topic: "__consumer_offsets", state: undefined },
    { why: "MirrorMaker 2's own topics never are", topic: "mm2-offset-syncs.x.internal", state: undefined },
  ])("$why", ({ topic, state }) => {
    expect(mirrorStateOf(link, topic)).toBe(state);
  });

  it("treats an internal topic as not mirrored even when named", () => {
    expect(
      mirrorStateOf(mirrors({ topics: [{ name: "__secret", state: "active" }] }), "__secret"),
    ).toBeUndefined();
  });
});

describe("groupFilterConfigs", () => {
  it("renders exactly the link's group filters, with no implicit exclusions", () => {
    expect(
      groupFilterConfigs({
        isEnabled: true,
        include: [
          { name: "billing-", patternType: "prefixed" },
          { name: "connect-sink", patternType: "literal" },
        ],
        exclude: [],
      }),
    ).toEqual({ groups: "billing\\-.*,connect\\-sink", "groups.exclude": "" });
  });
});
