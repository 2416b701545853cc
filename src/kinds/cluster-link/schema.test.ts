import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { acceptedSpecs, mm2, rejectedSpecs } from "../../../test/fixtures/cluster-link-specs.ts";
import { clusterLinkSpecSchema } from "./schema.ts";

/** Every issue's message, with those nested in it (a record key's own check). */
const issuesOf = (spec: unknown): string[] => {
  const result = clusterLinkSpecSchema.safeParse(spec);
  const messages = (issues: readonly z.core.$ZodIssue[]): string[] =>
    issues.flatMap((issue) => [issue.message, ...("issues" in issue ? messages(issue.issues) : [])]);
  return result.success ? [] : messages(result.error.issues);
};

describe("clusterLinkSpecSchema", () => {
  it("fills in the defaults a minimal link needs", () => {
    expect(clusterLinkSpecSchema.parse(mm2)).toMatchObject({
      mirrors: { topics: [{ name: "orders", state: "active" }], include: [], exclude: [] },
      consumerOffsets: { enabled: false, include: [], exclude: [] },
      aclSync: { enabled: false, filters: [] },
      mirrorMaker2: { heartbeats: false },
      paused: false,
      deletionPolicy: "Delete",
      dryRun: false,
    });
  });

  it.each(acceptedSpecs)("accepts $why", ({ spec }) => {
    expect(issuesOf(spec)).toEqual([]);
  });

  it.each(rejectedSpecs)("rejects a spec when $why", ({ spec, message }) => {
    expect(issuesOf(spec).join("\n")).toContain(message);
  });
});
