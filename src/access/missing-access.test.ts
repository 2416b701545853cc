import { describe, expect, it } from "vitest";
import { parseBindingKey } from "./acl-binding.ts";
import { findMissingAccess } from "./missing-access.ts";
import { ObservedAcls } from "./observed-acls.ts";

const b = (key: string) => parseBindingKey(key)!;
const REQUIRED_READ = "allow|Read|topic|literal|orders|User:link|*";

describe("findMissingAccess", () => {
  it.each([
    ["the exact binding is there", REQUIRED_READ, [REQUIRED_READ], "met"],
    ["nothing is there", REQUIRED_READ, [], "missing"],
    [
      "a prefix covering the name grants it",
      REQUIRED_READ,
      ["allow|Read|topic|prefixed|ord|User:link|*"],
      "met",
    ],
    ["the literal name * grants it", REQUIRED_READ, ["allow|Read|topic|literal|*|User:link|*"], "met"],
    ["User:* grants it to everyone", REQUIRED_READ, ["allow|Read|topic|literal|orders|User:*|*"], "met"],
    ["the All operation grants it", REQUIRED_READ, ["allow|All|topic|literal|orders|User:link|*"], "met"],
    [
      "Read grants Describe, as Kafka implies it",
      "allow|Describe|topic|literal|orders|User:link|*",
      ["allow|Read|topic|literal|orders|User:link|*"],
      "met",
    ],
    [
      "AlterConfigs grants DescribeConfigs",
      "allow|DescribeConfigs|topic|literal|orders|User:link|*",
      ["allow|AlterConfigs|topic|literal|orders|User:link|*"],
      "met",
    ],
    [
      "Describe does not grant Read",
      REQUIRED_READ,
      ["allow|Describe|topic|literal|orders|User:link|*"],
      "missing",
    ],
    [
      "a grant from one host does not meet a requirement from every host",
      REQUIRED_READ,
      ["allow|Read|topic|literal|orders|User:link|10.0.0.1"],
      "missing",
    ],
    [
      "a literal name does not cover a required prefix",
      "allow|Read|topic|prefixed|team-a.|User:link|*",
      ["allow|Read|topic|literal|team-a.x|User:link|*"],
      "missing",
    ],
    [
      "a shorter prefix covers a required longer prefix",
      "allow|Read|topic|prefixed|team-a.|User:link|*",
      ["allow|Read|topic|prefixed|team-|User:link|*"],
      "met",
    ],
    [
      "another principal's grant does not count",
      REQUIRED_READ,
      ["allow|Read|topic|literal|orders|User:other|*"],
      "missing",
    ],
    [
      "a group grant does not meet a topic requirement",
      REQUIRED_READ,
      ["allow|Read|group|literal|orders|User:link|*"],
      "missing",
    ],
    [
      "a deny wins over a matching allow",
      REQUIRED_READ,
      ["allow|Read|topic|literal|orders|User:link|*", "deny|All|topic|prefixed|ord|User:*|*"],
      "denied",
    ],
    [
      "a deny on part of a required prefix denies it",
      "allow|Read|topic|prefixed|team-a.|User:link|*",
      ["allow|Read|topic|prefixed|team-a.|User:link|*", "deny|Read|topic|literal|team-a.secret|User:link|*"],
      "denied",
    ],
    [
      "a deny of another operation does not",
      REQUIRED_READ,
      ["allow|Read|topic|literal|orders|User:link|*", "deny|Write|topic|literal|orders|User:link|*"],
      "met",
    ],
  ])("%s", (_why, required, observed, expected) => {
    const [missing] = findMissingAccess([b(required)], new ObservedAcls(observed.map(b)));
    expect(missing?.state ?? "met").toBe(expected);
  });

  it("says precisely what is missing and what denies it", () => {
    const observed = new ObservedAcls([b("deny|All|topic|prefixed|ord|User:*|*")]);
    const missing = findMissingAccess(
      [b(REQUIRED_READ), b("allow|Read|group|literal|g|User:link|*")],
      observed,
    ).map((m) => m.message);
    expect(missing).toEqual([
      'ALLOW Read on topic "orders" for User:link is denied by DENY All on topics prefixed "ord" for User:*',
      'missing ALLOW Read on group "g" for User:link',
    ]);
  });

  it("a required deny binding is met only by that exact binding", () => {
    const deny = b("deny|Read|topic|literal|orders|User:link|*");
    expect(findMissingAccess([deny], new ObservedAcls([deny]))).toEqual([]);
    expect(findMissingAccess([deny], new ObservedAcls()).map((m) => m.state)).toEqual(["missing"]);
  });
});
