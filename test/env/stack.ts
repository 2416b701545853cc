// The real test environment as one unit: starts each server the tests and the local `dev`
// stack need, in dependency order, and stops them all. Each server lives in its own module;
// this file only composes them.
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { type KubeInfo, startKube } from "./kube-apiserver.ts";

export interface StackInfo {
  /** Folder holding this run's certificates, data and server logs. */
  readonly runDir: string;
  readonly kube: KubeInfo;
}

export interface Stack {
  readonly info: StackInfo;
  stop(): Promise<void>;
}

export async function startStack(runDir = resolve("test-results/env")): Promise<Stack> {
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    // Reverse start order: dependents first.
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const kube = await startKube(runDir);
    stops.push(kube.stop);
    return { info: { runDir, kube: kube.info }, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
