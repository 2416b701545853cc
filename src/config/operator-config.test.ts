import { describe, expect, it } from "vitest";
import { loadOperatorConfig } from "./operator-config.ts";

describe("loadOperatorConfig", () => {
  it("reads durations, lists and booleans, flags over environment", () => {
    const config = loadOperatorConfig(["--resync-period=30s", "--namespaces=a, b"], {
      KAO_RESYNC_PERIOD: "5m",
      KAO_LEADER_ELECT: "true",
    });
    expect(config).toMatchObject({
      resyncPeriod: 30_000,
      namespaces: ["a", "b"],
      leaderElect: true,
      workers: 4,
    });
  });

  it.each([
    {
      why: "a duration without a unit",
      args: ["--resync-period=30"],
      message: /--resyncPeriod: must be a duration/,
    },
    { why: "an unknown flag", args: ["--resync=30s"], message: /unknown or malformed flag "--resync=30s"/ },
    {
      why: "a boolean spelled otherwise",
      args: ["--dry-run=yes"],
      message: /--dryRun: must be "true" or "false"/,
    },
    { why: "too many workers", args: ["--workers=1000"], message: /--workers: / },
  ])("names the setting when given $why", ({ args, message }) => {
    expect(() => loadOperatorConfig(args, {})).toThrow(message);
  });
});
