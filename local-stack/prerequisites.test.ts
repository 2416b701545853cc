import { describe, expect, it } from "vitest";
import { isAtLeast, javaFeatureVersion } from "./prerequisites.ts";

describe("isAtLeast", () => {
  it.each([
    ["1.26.8", "1.26.0", true, "a patch release above the floor"],
    ["1.26", "1.26.0", true, "a missing part counts as 0"],
    ["1.25.9", "1.26.0", false, "an older minor, whatever its patch"],
    ["1.100.0", "1.26.0", true, "parts compare as numbers, not text"],
    ["21", "17", true, "a later Java"],
    ["11.0.2", "17", false, "an older Java"],
  ])("%s against %s is %s: %s", (found, wanted, expected) => {
    expect(isAtLeast(found, wanted)).toBe(expected);
  });
});

describe("javaFeatureVersion", () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', "17.0.15", "OpenJDK 17"],
    ['java version "1.8.0_292"', "8.0", 'Java 8 and older report "1.x"'],
    ['openjdk version "21" 2023-09-19', "21", "a release without minor and patch"],
    ["bash: java: command not found", undefined, "no Java"],
  ])("%s gives %s: %s", (output: string, expected: string | undefined, _why: string) => {
    expect(javaFeatureVersion(output)).toBe(expected);
  });
});
