import { describe, expect, it } from "vitest";
import { cutConfigValues } from "./cut-config-values.ts";

describe("cutConfigValues", () => {
  it.each<{ why: string; message: string; config: Record<string, string>; expected: string }>([
    {
      why: "Connect's invalid-value message names the field, not the value",
      message: "Invalid value not-a-number for configuration tasks.max: Not a number of type INT",
      config: {},
      expected: "Invalid value for configuration tasks.max: Not a number of type INT",
    },
    {
      why: "every invalid-value line of a multi-error message is cut",
      message:
        "Connector configuration is invalid and contains the following 2 error(s):\nInvalid value a b for configuration x: bad\nInvalid value c for configuration y: bad\n",
      config: {},
      expected:
        "Connector configuration is invalid and contains the following 2 error(s):\nInvalid value for configuration x: bad\nInvalid value for configuration y: bad\n",
    },
    {
      why: "a value the request sent is cut wherever the worker repeats it",
      message: "Failed to connect with password hunter2-long to the broker",
      config: { "sasl.password": "hunter2-long" },
      expected: "Failed to connect with password *** to the broker",
    },
    {
      why: "a longer value is cut whole even when it contains a shorter one",
      message: "topic orders-archive is not orders",
      config: { a: "orders", b: "orders-archive" },
      expected: "topic *** is not ***",
    },
    {
      why: "short values (counts, flags) stay, so the message still reads",
      message: "tasks.max 1 must be at most 0; true",
      config: { "tasks.max": "1", flag: "true" },
      expected: "tasks.max 1 must be at most 0; true",
    },
    {
      why: "the connector class names the plugin and stays",
      message: "Failed to find any class that implements Connector and which name matches org.example.Nope",
      config: { "connector.class": "org.example.Nope" },
      expected: "Failed to find any class that implements Connector and which name matches org.example.Nope",
    },
  ])("$why", ({ message, config, expected }) => {
    expect(cutConfigValues(message, config)).toBe(expected);
  });
});
