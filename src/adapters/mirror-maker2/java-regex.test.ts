import { describe, expect, it } from "vitest";
import { javaRegexOf, regexList } from "./java-regex.ts";

describe("javaRegexOf", () => {
  it.each([
    {
      why: "letters, digits and _ mean themselves",
      name: "orders_2024",
      patternType: "literal",
      regex: "orders_2024",
    },
    { why: "a dot matches only a dot", name: "eu.orders", patternType: "literal", regex: "eu\\.orders" },
    { why: "a dash is escaped too", name: "eu-orders", patternType: "literal", regex: "eu\\-orders" },
    {
      why: "a prefix matches anything after it",
      name: "billing-",
      patternType: "prefixed",
      regex: "billing\\-.*",
    },
    {
      why: "a comma and a space cannot end or trim a list item",
      name: "a, b",
      patternType: "literal",
      regex: "a\\x{2c}\\x{20}b",
    },
    {
      why: "regex syntax in a group id is taken literally",
      name: "g(1)*[x]$",
      patternType: "literal",
      regex: "g\\x{28}1\\x{29}\\x{2a}\\x{5b}x\\x{5d}\\x{24}",
    },
    {
      why: "characters outside the BMP stay one code point",
      name: "g😀",
      patternType: "literal",
      regex: "g\\x{1f600}",
    },
  ] as const)("$why", ({ name, patternType, regex }) => {
    expect(javaRegexOf({ name, patternType })).toBe(regex);
  });
});

describe("regexList", () => {
  it("joins with commas and names each regex once (MirrorMaker 2 refuses duplicates)", () => {
    expect(regexList(["a", "b\\.c", "a"])).toBe("a,b\\.c");
  });

  it("is empty for no regex, which matches nothing", () => {
    expect(regexList([])).toBe("");
  });
});
