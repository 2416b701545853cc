import { describe, expect, it } from "vitest";
import { createMetrics } from "../observability/metrics.ts";
import { countedWriter } from "./counted-writes.ts";
import type { ObjectWriter } from "./object-writer.ts";

const object = { metadata: { name: "a", namespace: "n" } };

async function countsOf(metrics: ReturnType<typeof createMetrics>) {
  const { values } = await metrics.externalCalls.get();
  return values.map((v) => `${v.labels.operation}/${v.labels.result}=${v.value}`).sort();
}

describe("countedWriter", () => {
  it("counts the writes that happened, not those the cache showed needless", async () => {
    const metrics = createMetrics();
    let isWritten = true;
    const writer: ObjectWriter = {
      writeStatus: async () => isWritten,
      setFinalizer: async () => false,
    };
    const counted = countedWriter(writer, metrics);
    await counted.writeStatus(object, {});
    isWritten = false;
    await counted.writeStatus(object, {});
    await counted.setFinalizer(object, "f", true);
    expect(await countsOf(metrics)).toEqual(["WriteStatus/ok=1"]);
  });

  it("counts a refused write as an error and passes the error on", async () => {
    const metrics = createMetrics();
    const writer: ObjectWriter = {
      writeStatus: async () => {
        throw new Error("409");
      },
      setFinalizer: async () => true,
    };
    await expect(countedWriter(writer, metrics).writeStatus(object, {})).rejects.toThrow("409");
    expect(await countsOf(metrics)).toEqual(["WriteStatus/error=1"]);
  });
});
