import { describe, expect, it } from "vitest";
import { readSecurityLayerOffer, securityLayerReply } from "./gssapi-security-layer.ts";

describe("readSecurityLayerOffer", () => {
  it.each([
    {
      why: "Kafka's brokers offer only 'none' with a 64 KiB buffer",
      offer: [0x01, 0x01, 0x00, 0x00],
      expected: { layers: 0x01, maxMessageSize: 65_536 },
    },
    {
      why: "an offer of every layer still includes 'none'",
      offer: [0x07, 0xff, 0xff, 0xff],
      expected: { layers: 0x07, maxMessageSize: 16_777_215 },
    },
  ])("accepts an offer that includes 'none': $why", ({ offer, expected }) => {
    expect(readSecurityLayerOffer(Buffer.from(offer))).toEqual(expected);
  });

  it.each([
    {
      why: "a server that insists on integrity protection",
      offer: [0x02, 0x01, 0x00, 0x00],
      message: `the broker offers only security layers 0x02, not "none"`,
    },
    {
      why: "a server that insists on confidentiality or integrity",
      offer: [0x06, 0x01, 0x00, 0x00],
      message: `the broker offers only security layers 0x06, not "none"`,
    },
    {
      why: "a truncated offer",
      offer: [0x01, 0x00],
      message: "the broker's security-layer offer has 2 bytes, not 4",
    },
    {
      why: "an empty token where the offer belongs",
      offer: [],
      message: "the broker's security-layer offer has 0 bytes, not 4",
    },
  ])("refuses $why", ({ offer, message }) => {
    expect(() => readSecurityLayerOffer(Buffer.from(offer))).toThrow(message);
  });
});

describe("securityLayerReply", () => {
  it.each([
    {
      why: "the principal with its realm, as the broker compares it",
      id: "kao-admin@KAFKA.TEST",
      expected: Buffer.concat([Buffer.from([1, 0, 0, 0]), Buffer.from("kao-admin@KAFKA.TEST")]),
    },
    {
      why: "a service principal keeps its slash",
      id: "connect/worker-1@EXAMPLE.COM",
      expected: Buffer.concat([Buffer.from([1, 0, 0, 0]), Buffer.from("connect/worker-1@EXAMPLE.COM")]),
    },
    {
      why: "a non-ASCII name is UTF-8",
      id: "jörg@EXAMPLE.COM",
      expected: Buffer.from([1, 0, 0, 0, 0x6a, 0xc3, 0xb6, ...Buffer.from("rg@EXAMPLE.COM")]),
    },
  ])("picks no layer with a zero size and names $why", ({ id, expected }) => {
    expect(securityLayerReply(id)).toEqual(expected);
  });
});
