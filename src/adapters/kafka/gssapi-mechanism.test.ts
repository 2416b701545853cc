import { describe, expect, it } from "vitest";
import { decodeBytes, encodeBytes } from "./gssapi-mechanism.ts";

describe("Kafka BYTES framing of SASL tokens", () => {
  it.each([
    { why: "a token keeps its bytes behind a big-endian length", payload: Buffer.from([0x60, 0x82, 0x02]) },
    { why: "the empty reply after the context completes is a zero length", payload: Buffer.alloc(0) },
  ])("round-trips: $why", ({ payload }) => {
    const framed = encodeBytes(payload);
    expect(framed.readInt32BE(0)).toBe(payload.length);
    expect(decodeBytes(framed)).toEqual(payload);
  });

  it.each([
    { why: "a null BYTES (-1) from the broker", raw: Buffer.from([0xff, 0xff, 0xff, 0xff]) },
    { why: "no response at all", raw: null },
  ])("reads $why as an empty token", ({ raw }) => {
    expect(decodeBytes(raw)).toEqual(Buffer.alloc(0));
  });
});
