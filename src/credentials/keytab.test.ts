import { describe, expect, it } from "vitest";
import { KeytabFormatError, keytabPrincipals } from "./keytab.ts";

/** One keytab entry as kadmin writes it (version 2 layout); the key bytes are arbitrary. */
function entry(realm: string, components: string[]): Buffer {
  const counted = (s: string) => Buffer.concat([u16(Buffer.byteLength(s)), Buffer.from(s)]);
  const body = Buffer.concat([
    u16(components.length),
    counted(realm),
    ...components.map(counted),
    u32(1), // name type KRB5_NT_PRINCIPAL
    u32(1_700_000_000), // timestamp
    Buffer.from([1]), // kvno
    u16(18), // aes256-cts-hmac-sha1-96
    u16(32),
    Buffer.alloc(32, 7),
    u32(1),
  ]);
  return Buffer.concat([i32(body.length), body]);
}
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const i32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const keytab = (...entries: Buffer[]) => Buffer.concat([Buffer.from([5, 2]), ...entries]);

describe("keytabPrincipals", () => {
  it.each([
    { why: "a user principal", file: keytab(entry("EXAMPLE.COM", ["link"])), expected: ["link@EXAMPLE.COM"] },
    {
      why: "a service principal with an instance",
      file: keytab(entry("EXAMPLE.COM", ["kafka", "broker-1"])),
      expected: ["kafka/broker-1@EXAMPLE.COM"],
    },
    {
      why: "one principal with keys of two enctypes, listed once",
      file: keytab(entry("R", ["a"]), entry("R", ["a"]), entry("R", ["b"])),
      expected: ["a@R", "b@R"],
    },
    {
      why: "a deleted entry's hole is skipped",
      file: keytab(Buffer.concat([i32(-6), Buffer.alloc(6)]), entry("R", ["a"])),
      expected: ["a@R"],
    },
  ])("lists $why", ({ file, expected }) => {
    expect(keytabPrincipals(file)).toEqual(expected);
  });

  it("refuses data that is not a keytab", () => {
    expect(() => keytabPrincipals(Buffer.from("-----BEGIN CERTIFICATE-----"))).toThrow(KeytabFormatError);
  });
});
