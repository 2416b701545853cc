import { describe, expect, it } from "vitest";
import { readySteps, renderConvergencePlot, tickStep } from "./convergence-plot.ts";

describe("tickStep", () => {
  it.each([
    ["seconds of a short run step by 5", 30, 5],
    ["a minute's run steps by 10", 60, 10],
    ["10,000 resources step by 2,000", 10_000, 2_000],
    ["an empty axis still has a step", 0, 1],
  ])("%s", (_why, max, step) => {
    expect(tickStep(max)).toBe(step);
  });
});

describe("readySteps", () => {
  it("counts resources Ready over time in time order, from the origin", () => {
    expect(readySteps([3, 1, 2])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it("thins a long series but keeps its last point, so the line ends at the total", () => {
    const steps = readySteps(Array.from({ length: 10_000 }, (_, i) => i / 100));
    expect(steps.length).toBeLessThanOrEqual(401);
    expect(steps.at(-1)).toEqual([99.99, 10_000]);
  });
});

describe("renderConvergencePlot", () => {
  it("draws one line and one legend entry per series, with the labels escaped", () => {
    const svg = renderConvergencePlot("2 <resources>", [
      { label: "operator", readySeconds: [1, 2] },
      { label: "baseline & co", readySeconds: [0.5, 1] },
    ]);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain("baseline &amp; co");
    expect(svg).toContain("<title>2 &lt;resources&gt;</title>");
  });
});
