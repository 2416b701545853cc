// Runs the CLI the way a user does, as its own process (`node src/main.ts ...`), without
// blocking this process, where the in-process operator of a test may be running.
import { spawn } from "node:child_process";

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(
  args: readonly string[],
  { timeoutMs = 120_000 }: { timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["src/main.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (signal)
        reject(new Error(`kafka-access-operator ${args.join(" ")} was killed (${signal}):\n${stderr}`));
      else resolve({ status: code ?? -1, stdout, stderr });
    });
  });
}
