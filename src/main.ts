#!/usr/bin/env node
// Entry point of the `kafka-access-operator` CLI: reads argv and hands off to a command.
import { commands, runCommand } from "./cli/commands.ts";
import { silenceKafkajsTimeoutWarnings } from "./observability/process-warnings.ts";

silenceKafkajsTimeoutWarnings();

const [name = "help", ...args] = process.argv.slice(2);
process.exitCode = await runCommand(commands, name, args);
