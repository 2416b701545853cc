// What e2e tests read from the in-process operator's /metrics beside the fixture's own waits:
// the calls it made to Kafka; and a bounded poll for conditions no fixture method waits on.
import type { OperatorFixture } from "./operator-fixture.ts";

/** kafka_access_operator_external_calls_total for one Kafka API, summed over results. */
export async function kafkaCalls(f: OperatorFixture, api: string): Promise<number> {
  const pattern = new RegExp(
    `^kafka_access_operator_external_calls_total\\{[^}]*operation="${api}"[^}]*\\} (\\d+)`,
    "gm",
  );
  return [...(await f.metrics()).matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** Polls `check` (bounded) until it holds. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 2_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}
