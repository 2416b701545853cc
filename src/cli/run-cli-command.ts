// The frame of the offline commands (explain, import-acls, plan): parses flags against the
// command's table, gives the body a logger on stderr, and turns every failure into one line
// on stderr and exit code 1, so stdout holds only the command's answer.
import { ApiException } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { createRootLogger } from "../observability/logger.ts";
import { type CommandHelp, type ParsedArgs, parseFlags, stringFlag } from "./command-flags.ts";

export const EXIT_ERROR = 1;

export async function runCliCommand(
  args: readonly string[],
  help: CommandHelp,
  body: (parsed: ParsedArgs, logger: Logger) => Promise<number>,
): Promise<number> {
  try {
    const parsed = parseFlags(args, help.flags);
    const logger = createRootLogger({
      level: stringFlag(parsed, "log-level") ?? "warn",
      destination: process.stderr,
    });
    return await body(parsed, logger);
  } catch (err) {
    console.error(`error: ${describeFailure(err)}`);
    return EXIT_ERROR;
  }
}

function describeFailure(err: unknown): string {
  if (err instanceof ApiException) {
    const body = typeof err.body === "string" ? safeMessage(err.body) : undefined;
    return `the API server answered ${err.code}${body ? `: ${body}` : ""}`;
  }
  return err instanceof Error ? err.message : String(err);
}

function safeMessage(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { message?: string }).message;
  } catch {
    return body.slice(0, 200);
  }
}
