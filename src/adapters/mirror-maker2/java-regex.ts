// Names and name prefixes as the Java regular expressions MirrorMaker 2's `topics`,
// `topics.exclude`, `groups` and `groups.exclude` take. Those settings are comma-separated
// lists (whitespace around a comma is trimmed, duplicates are refused), and a group id may hold
// any character, so every character that could mean more than itself, end a list item or be
// trimmed away is written as an escape: `\.` and `\-`, or `\x{hex}` for everything else.
import type { NamePattern } from "../../ports/link-backend.ts";

const PLAIN = /^[A-Za-z0-9_]$/;

function escapeCharacter(character: string): string {
  if (PLAIN.test(character)) return character;
  if (character === "." || character === "-") return `\\${character}`;
  return `\\x{${character.codePointAt(0)!.toString(16)}}`;
}

/** The name matched exactly, character for character (code point by code point). */
export function javaRegexOfName(name: string): string {
  return [...name].map(escapeCharacter).join("");
}

/** A literal name, or every name starting with a prefix. */
export function javaRegexOf({ name, patternType }: NamePattern): string {
  const escaped = javaRegexOfName(name);
  return patternType === "prefixed" ? `${escaped}.*` : escaped;
}

/** A list setting: the regexes once each, in order, comma-separated. */
export function regexList(regexes: readonly string[]): string {
  return [...new Set(regexes)].join(",");
}
