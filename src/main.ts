#!/usr/bin/env node
// Entry point of the `kafka-access-operator` CLI: reads argv and hands off to a command.
import { commands, runCommand } from "./cli/commands.ts";

// kafkajs schedules request timeouts that can be negative on Node 24, which only clamps them
// to 1 ms and warns; every other process warning still prints.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (warning.name !== "TimeoutNegativeWarning") console.error(`${warning.name}: ${warning.message}`);
});

const [name = "help", ...args] = process.argv.slice(2);
process.exitCode = await runCommand(commands, name, args);
