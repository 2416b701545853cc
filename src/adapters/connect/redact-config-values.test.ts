import { describe, expect, it } from "vitest";
import { redactConfigValues } from "./redact-config-values.ts";

describe("redactConfigValues", () => {
  it.each([
    [
      "cuts an inlined secret Connect quotes back",
      "Invalid value hunter2-secret for configuration producer.override.sasl.jaas.config: bad",
      { "producer.override.sasl.jaas.config": "hunter2-secret" },
      "Invalid value [redacted] for configuration producer.override.sasl.jaas.config: bad",
    ],
    [
      "hides a short rejected value by Connect's own wording",
      "Invalid value abc for configuration tasks.max: Not a number of type INT",
      { "tasks.max": "abc" },
      "Invalid value [redacted] for configuration tasks.max: Not a number of type INT",
    ],
    [
      "cuts a sent value wherever the message repeats it",
      'Topic "orders-pii" referenced by topics was not found; orders-pii is required',
      { topics: "orders-pii" },
      'Topic "[redacted]" referenced by topics was not found; [redacted] is required',
    ],
    [
      "cuts a longer value whole even when a shorter one is inside it",
      "bad jaas: user=alice password=alice-pass",
      { a: "alice", b: "user=alice password=alice-pass" },
      "bad jaas: [redacted]",
    ],
    [
      "leaves short values elsewhere so counts and booleans still read",
      "Connector configuration is invalid and contains the following 1 error(s):",
      { "tasks.max": "1", "errors.log.enable": "true" },
      "Connector configuration is invalid and contains the following 1 error(s):",
    ],
    [
      "redacts each of several rejected values, even multi-line ones",
      "Invalid value a\nb for configuration x: no\nInvalid value c for configuration y: no",
      {},
      "Invalid value [redacted] for configuration x: no\nInvalid value [redacted] for configuration y: no",
    ],
    [
      "keeps field names and messages without values",
      'Missing required configuration "file" which has no default value.',
      { topic: "lines" },
      'Missing required configuration "file" which has no default value.',
    ],
  ])("%s", (_why, message, config, expected) => {
    expect(redactConfigValues(message, config)).toBe(expected);
  });
});
