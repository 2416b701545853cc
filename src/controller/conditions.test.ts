import { describe, expect, it } from "vitest";
import { type Condition, setCondition } from "./conditions.ts";

const t0 = () => new Date("2026-01-01T00:00:00.000Z");
const t1 = () => new Date("2026-01-01T00:05:00.000Z");
const ready = (status: Condition["status"], reason = "Ok") => ({
  type: "Ready",
  status,
  reason,
  message: "m",
});

describe("setCondition", () => {
  it("returns the same array when nothing changed, so no status write is needed", () => {
    const conditions = setCondition([], ready("True"), 3, t0);
    expect(setCondition(conditions, ready("True"), 3, t1)).toBe(conditions);
  });

  it("keeps lastTransitionTime when only the reason changes", () => {
    const conditions = setCondition([], ready("False", "A"), 1, t0);
    const next = setCondition(conditions, ready("False", "B"), 1, t1);
    expect(next[0]).toMatchObject({ reason: "B", lastTransitionTime: "2026-01-01T00:00:00Z" });
  });

  it("moves lastTransitionTime when the status flips", () => {
    const conditions = setCondition([], ready("False"), 1, t0);
    expect(setCondition(conditions, ready("True"), 1, t1)[0]?.lastTransitionTime).toBe(
      "2026-01-01T00:05:00Z",
    );
  });

  it("records the generation it judged, even with the same verdict", () => {
    const conditions = setCondition([], ready("True"), 1, t0);
    expect(setCondition(conditions, ready("True"), 2, t1)[0]?.observedGeneration).toBe(2);
  });
});
