// Flags and help of a CLI command, declared once: the same table parses the arguments
// (node:util parseArgs, strict) and renders `--help`, so the help cannot name a flag the
// command does not read. The README shows each command's help verbatim (a test compares them).
import { parseArgs } from "node:util";

export interface FlagSpec {
  readonly type: "string" | "boolean";
  /** Placeholder for the value in help: `--cluster=NAMESPACE/NAME`. */
  readonly value?: string;
  readonly multiple?: boolean;
  readonly default?: string;
  readonly description: string;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

export interface CommandHelp {
  /** Everything after the program name: `explain PRINCIPAL OPERATION ...`. */
  readonly usage: string;
  /** What the command does, one paragraph per entry. */
  readonly description: readonly string[];
  readonly flags: FlagTable;
  /** Exit codes and their meanings, in order. */
  readonly exitCodes: readonly (readonly [code: number, meaning: string])[];
}

/** Bad arguments: the message says which and what is accepted. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

const PROGRAM = "kafka-access-operator";
const WIDTH = 100;

/** The text `--help` prints. */
export function renderHelp(help: CommandHelp): string {
  const lines = [`usage: ${PROGRAM} ${help.usage}`, ""];
  for (const paragraph of help.description) lines.push(...wrap(paragraph, WIDTH, ""), "");
  const flags = Object.entries(help.flags);
  if (flags.length > 0) {
    lines.push("flags:");
    for (const [name, spec] of flags) {
      const flag = `--${name}${spec.type === "string" ? `=${spec.value ?? "VALUE"}` : ""}`;
      const notes = [spec.multiple ? "repeatable" : "", spec.default ? `default ${spec.default}` : ""]
        .filter(Boolean)
        .join("; ");
      lines.push(`  ${flag}`, ...wrap(`${spec.description}${notes ? ` (${notes})` : ""}`, WIDTH, "      "));
    }
    lines.push("");
  }
  lines.push("exit codes:");
  for (const [code, meaning] of help.exitCodes) {
    const [first = "", ...rest] = wrap(meaning, WIDTH, "     ");
    lines.push(`  ${String(code).padEnd(3)}${first.trimStart()}`, ...rest);
  }
  return `${lines.join("\n")}\n`;
}

function wrap(text: string, width: number, indent: string, nextIndent = indent): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(/\s+/)) {
    const prefix = lines.length === 0 ? indent : nextIndent;
    if (line.trim() !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = nextIndent + word;
    } else {
      line = line.trim() === "" ? prefix + word : `${line} ${word}`;
    }
  }
  if (line.trim() !== "") lines.push(line);
  return lines;
}

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/** Parses `args` against the table; throws a UsageError naming what is wrong. */
export function parseFlags(args: readonly string[], flags: FlagTable): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries(flags).map(([name, spec]) => [
      name,
      {
        type: spec.type,
        ...(spec.multiple ? { multiple: true } : {}),
        ...(spec.default ? { default: spec.default } : {}),
      },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; see --help`);
  }
}

/** A string flag's value, or undefined. */
export function stringFlag(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === "string" ? value : undefined;
}

/** Every value of a repeatable string flag. */
export function listFlag(parsed: ParsedArgs, name: string): string[] {
  const value = parsed.values[name];
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string => typeof v === "string");
}

/** `--output`: text for people, json for scripts. */
export const OUTPUT_FLAG: FlagTable = {
  output: { type: "string", value: "text|json", default: "text", description: "output format" },
};

/** `--log-level`: JSON log lines on stderr, one per Kafka request at debug. */
export const LOG_LEVEL_FLAG: FlagTable = {
  "log-level": {
    type: "string",
    value: "debug|info|warn|error",
    default: "warn",
    description: "log lines (JSON, on stderr); debug shows every request sent to Kafka",
  },
};

/** The `--output` value, checked. */
export function outputFormat(parsed: ParsedArgs): "text" | "json" {
  const output = stringFlag(parsed, "output") ?? "text";
  if (output !== "text" && output !== "json")
    throw new UsageError(`--output must be text or json, got "${output}"`);
  return output;
}
