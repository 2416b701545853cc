import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createRootLogger } from "./logger.ts";

const capture = () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createRootLogger({ destination }) };
};

describe("createRootLogger", () => {
  it.each([
    { why: "a password at the top level", fields: { password: "s3cret-value" } },
    {
      why: "a Kafka property holding a JAAS config",
      fields: { config: { "sasl.jaas.config": "s3cret-value" } },
    },
    { why: "a keytab two levels down", fields: { credential: { gssapi: { keytab: "s3cret-value" } } } },
  ])("redacts $why", ({ fields }) => {
    const { lines, logger } = capture();
    logger.info(fields, "credential loaded");
    expect(lines.join("")).not.toContain("s3cret-value");
    expect(lines.join("")).toContain("[redacted]");
  });

  it("writes JSON lines with the level as a word", () => {
    const { lines, logger } = capture();
    logger.child({ kind: "KafkaAcl" }).warn("retrying");
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "warn", kind: "KafkaAcl", msg: "retrying" });
  });
});
