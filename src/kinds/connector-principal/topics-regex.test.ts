import { describe, expect, it } from "vitest";
import { topicRefsFromRegex } from "./topics-regex.ts";

const literal = (name: string) => ({ name, patternType: "literal" });
const prefixed = (name: string) => ({ name, patternType: "prefixed" });

describe("topicRefsFromRegex", () => {
  it.each([
    { why: "a plain name is that topic", regex: "orders", refs: [literal("orders")] },
    { why: "an escaped dot is a dot in the name", regex: "orders\\.v1", refs: [literal("orders.v1")] },
    {
      why: "a name ending in .* is every topic with that prefix",
      regex: "team-a\\..*",
      refs: [prefixed("team-a.")],
    },
    {
      why: "alternatives give one ref each, prefixes and names mixed",
      regex: "orders|billing\\..*|audit_log",
      refs: [literal("orders"), prefixed("billing."), literal("audit_log")],
    },
    {
      why: "anchors add nothing, as Connect matches the whole name",
      regex: "^(orders|payments)$",
      refs: [literal("orders"), literal("payments")],
    },
    {
      why: "a non-capturing group around everything is unwrapped",
      regex: "(?:a\\.b|c-.*)",
      refs: [literal("a.b"), prefixed("c-")],
    },
    { why: ".* alone is every topic", regex: ".*", refs: [literal("*")] },
    { why: "a repeated alternative is granted once", regex: "a|a", refs: [literal("a")] },
  ])("converts a regex when $why", ({ regex, refs }) => {
    expect(topicRefsFromRegex(regex)).toEqual(refs);
  });

  it.each([
    { why: "an unescaped dot inside a name matches any character", regex: "orders.v1" },
    { why: "a character class matches more than one name", regex: "orders-[0-9]" },
    { why: "a quantifier other than a final .*", regex: "orders.+" },
    { why: "a shorthand class", regex: "orders\\d" },
    { why: "a group inside the regex", regex: "(orders|billing)\\..*" },
    { why: "an empty alternative would match the empty name", regex: "orders|" },
    { why: "a wildcard in the middle", regex: "team.*\\.orders" },
    { why: "a quoted section", regex: "\\Qorders\\E" },
    { why: "a character topic names cannot hold", regex: "orders/v1" },
  ])("refuses a regex when $why", ({ regex }) => {
    expect(topicRefsFromRegex(regex)).toBeUndefined();
  });
});
