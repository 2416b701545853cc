import { describe, expect, it } from "vitest";
import { credentialCacheName, keytabHolds } from "./gssapi-environment.ts";

describe("keytabHolds", () => {
  const held = ["link@EXAMPLE.COM", "kafka/broker-1@EXAMPLE.COM"];
  it.each([
    { why: "the exact principal", principal: "link@EXAMPLE.COM", expected: true },
    { why: "a service principal with its host", principal: "kafka/broker-1@EXAMPLE.COM", expected: true },
    {
      why: "a name without realm, which MIT completes with the default realm",
      principal: "link",
      expected: true,
    },
    { why: "the same name in another realm", principal: "link@OTHER.ORG", expected: false },
    { why: "another principal", principal: "connector@EXAMPLE.COM", expected: false },
    { why: "a name that only prefixes a held one", principal: "kafka", expected: false },
  ])("$why: $expected", ({ principal, expected }) => {
    expect(keytabHolds(held, principal)).toBe(expected);
  });
});

describe("credentialCacheName", () => {
  const keytab = Buffer.from("keytab one");
  it("is the same for the same principal and keytab, so later logins reuse the tickets", () => {
    expect(credentialCacheName("link@EXAMPLE.COM", keytab)).toBe(
      credentialCacheName("link@EXAMPLE.COM", Buffer.from("keytab one")),
    );
  });

  it.each([
    {
      why: "a rotated keytab, whose first login must prove the new keys",
      principal: "link@EXAMPLE.COM",
      other: Buffer.from("keytab two"),
    },
    { why: "another principal sharing a keytab", principal: "connector@EXAMPLE.COM", other: keytab },
  ])("differs for $why", ({ principal, other }) => {
    expect(credentialCacheName(principal, other)).not.toBe(credentialCacheName("link@EXAMPLE.COM", keytab));
  });

  it("shows no keytab bytes", () => {
    expect(credentialCacheName("link@EXAMPLE.COM", keytab)).toMatch(/^kafka-access-operator-[0-9a-f]{32}$/);
  });
});
