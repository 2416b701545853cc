import { describe, expect, it } from "vitest";
import type { KafkaAdmin, PartitionOffset } from "../../ports/kafka-admin.ts";
import { ClusterUnreachableError } from "../../ports/operator-error.ts";
import { literalGroupsOf, OffsetMigrationWatch } from "./offset-migration-watch.ts";

describe("literalGroupsOf", () => {
  it.each([
    {
      why: "literal includes are read; a prefix names no group",
      include: [
        { name: "billing", patternType: "literal" as const },
        { name: "app-", patternType: "prefixed" as const },
      ],
      exclude: [],
      expected: ["billing"],
    },
    {
      why: "an excluded group is not migrated, so not read",
      include: [
        { name: "billing", patternType: "literal" as const },
        { name: "tmp-billing", patternType: "literal" as const },
      ],
      exclude: [{ name: "tmp-", patternType: "prefixed" as const }],
      expected: ["billing"],
    },
  ])("$why", ({ include, exclude, expected }) => {
    expect(literalGroupsOf(include, exclude)).toEqual(expected);
  });
});

describe("OffsetMigrationWatch", () => {
  const admin = (offsets: () => PartitionOffset[]): KafkaAdmin =>
    ({ fetchCommittedOffsets: async () => offsets() }) as unknown as KafkaAdmin;

  it("counts groups with offsets and tells a change from the first read's baseline", async () => {
    let offset = 4n;
    const watch = new OffsetMigrationWatch(admin(() => [{ topic: "orders", partition: 0, offset }]));
    expect(await watch.read("ns/l", "kafka/d", ["billing"], ["orders"])).toEqual({
      groups: 1,
      isChanged: false,
    });
    expect(await watch.read("ns/l", "kafka/d", ["billing"], ["orders"])).toEqual({
      groups: 1,
      isChanged: false,
    });
    offset = 6n;
    expect(await watch.read("ns/l", "kafka/d", ["billing"], ["orders"])).toEqual({
      groups: 1,
      isChanged: true,
    });
  });

  it("says nothing when the cluster cannot be read", async () => {
    const watch = new OffsetMigrationWatch(
      admin(() => {
        throw new ClusterUnreachableError("no broker");
      }),
    );
    expect(await watch.read("ns/l", "kafka/d", ["billing"], ["orders"])).toBeUndefined();
  });
});
