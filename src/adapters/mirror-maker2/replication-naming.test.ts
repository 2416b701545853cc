import { describe, expect, it } from "vitest";
import { OperatorError } from "../../ports/operator-error.ts";
import { DEFAULT_POLICY, IDENTITY_POLICY, replicationNaming } from "./replication-naming.ts";

const link = (name: string, prefix?: string) => ({
  name,
  mirrors: { topics: [], include: [], exclude: [], ...(prefix === undefined ? {} : { prefix }) },
});

describe("replicationNaming", () => {
  it.each([
    {
      why: "same-name mirrors: the identity policy and an alias of the link's own",
      prefix: undefined,
      mirror: "orders",
      sourceAlias: "team-a.orders",
      targetAlias: "team-a.orders.target",
      policy: { "replication.policy.class": IDENTITY_POLICY },
    },
    {
      why: 'a "." prefix: the default policy, alias before the dot',
      prefix: "eu-west.",
      mirror: "eu-west.orders",
      sourceAlias: "eu-west",
      targetAlias: "eu-west.target",
      policy: { "replication.policy.class": DEFAULT_POLICY },
    },
    {
      why: 'a "_" prefix: "_" separates mirrors, internal topics keep "."',
      prefix: "src_",
      mirror: "src_orders",
      sourceAlias: "src",
      targetAlias: "src_target",
      policy: {
        "replication.policy.class": DEFAULT_POLICY,
        "replication.policy.separator": "_",
        "replication.policy.internal.topic.separator.enabled": "false",
      },
    },
  ])("$why", ({ prefix, mirror, sourceAlias, targetAlias, policy }) => {
    const naming = replicationNaming(link("team-a.orders", prefix));
    expect(naming.mirrorTopic("orders")).toBe(mirror);
    expect(naming).toMatchObject({ sourceAlias, targetAlias, policyConfigs: policy });
    expect(naming.internalTopics).toEqual({
      offsetSyncs: `mm2-offset-syncs.${sourceAlias}.internal`,
      checkpoints: `${sourceAlias}.checkpoints.internal`,
      heartbeats: "heartbeats",
    });
  });

  it("keeps the target alias from ever being a topic's first segment (it holds the separator)", () => {
    for (const prefix of [undefined, "eu.", "eu-", "eu_"]) {
      const naming = replicationNaming(link("ns.l", prefix));
      const separator = prefix?.at(-1) ?? ".";
      expect(naming.targetAlias).toContain(separator);
    }
  });

  it("shortens a long link name with a hash, so internal topic names stay within Kafka's 249", () => {
    const long = `${"n".repeat(63)}.${"l".repeat(200)}`;
    const naming = replicationNaming(link(long));
    expect(naming.sourceAlias).toHaveLength(64);
    expect(naming.sourceAlias).not.toBe(replicationNaming(link(`${long}x`)).sourceAlias);
    expect(naming.internalTopics.offsetSyncs.length).toBeLessThanOrEqual(249);
  });

  it("refuses a prefix MirrorMaker 2 cannot split into alias and separator", () => {
    expect(() => replicationNaming(link("l", "west"))).toThrow(OperatorError);
    expect(() => replicationNaming(link("l", "west"))).toThrow(/must end with "\.", "_" or "-"/);
  });
});
