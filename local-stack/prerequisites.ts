// What the machine must have before the local stack is built or started, checked all at once so
// one message names everything missing and how to get it, instead of a server failing halfway
// through its start with ENOENT. `make env` checks, before building, the build's tools and every
// part's; the stack checks the parts it is about to start, and that they were built. Run as a
// script: `node local-stack/prerequisites.ts build kube kafka connect`.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { cacheDir } from "./cache-dir.ts";
import { kafkaVersion } from "./kafka-jars.ts";

/** A part of the stack, or "build": building its servers (kube/build.sh, kafka/fetch.sh). */
export type Need = "build" | "kube" | "kafka" | "connect";

interface Prerequisite {
  readonly neededFor: readonly Need[];
  /** Made by the build: not required of a machine about to build. */
  readonly isBuilt?: boolean;
  /** What is missing, or undefined when present. */
  check(): string | undefined;
  readonly howToGet: string;
}

const DEBIAN_KERBEROS =
  "`make system` (Debian: krb5-kdc krb5-admin-server krb5-user; the servers land in /usr/sbin, which must be on PATH)";
const goModPath = resolve(import.meta.dirname, "kube", "go.mod");

const PREREQUISITES: readonly Prerequisite[] = [
  {
    neededFor: ["build"],
    check: () => atLeast("Go", goVersion(), requiredGoVersion()),
    howToGet: "install it from the Go project's release downloads (Debian's golang-go is older)",
  },
  {
    neededFor: ["build"],
    check: () => (onPath("mvn") ? undefined : "Maven (mvn)"),
    howToGet: "apt-get install maven",
  },
  {
    neededFor: ["build", "kafka", "connect"],
    check: () => atLeast("Java", javaFeatureVersion(output("java", ["-version"]) ?? ""), "17"),
    howToGet: "apt-get install openjdk-17-jdk-headless",
  },
  {
    neededFor: ["kafka"],
    check: () => (onPath("keytool") ? undefined : "keytool"),
    howToGet: "it comes with a JDK: apt-get install openjdk-17-jdk-headless",
  },
  {
    neededFor: ["kube"],
    check: () => (onPath("kubectl") ? undefined : "kubectl"),
    howToGet: "install kubectl from the Kubernetes project's release packages",
  },
  {
    neededFor: ["kube", "kafka"],
    check: () => (onPath("openssl") ? undefined : "openssl"),
    howToGet: "apt-get install openssl",
  },
  {
    neededFor: ["kafka"],
    check: () => {
      const missing = ["krb5kdc", "kdb5_util", "kadmin.local", "kinit"].filter((tool) => !onPath(tool));
      return missing.length > 0 ? `the MIT Kerberos tools ${missing.join(", ")}` : undefined;
    },
    howToGet: DEBIAN_KERBEROS,
  },
  {
    neededFor: ["kube"],
    isBuilt: true,
    check: () =>
      ["etcd", "kube-apiserver", "kube-controller-manager"].every((b) =>
        existsSync(join(cacheDir(), "bin", b)),
      )
        ? undefined
        : `etcd, kube-apiserver and kube-controller-manager in ${join(cacheDir(), "bin")}`,
    howToGet: "`make env` builds them",
  },
  {
    neededFor: ["kafka", "connect"],
    isBuilt: true,
    check: () => {
      const stamp = join(cacheDir(), "kafka", kafkaVersion(), ".stamp");
      return existsSync(stamp)
        ? undefined
        : `the Kafka ${kafkaVersion()} jars in ${join(cacheDir(), "kafka")}`;
    },
    howToGet: "`make env` fetches them",
  },
];

/** Throws one error naming every prerequisite of `needs` that is missing, and how to get each. */
export function checkPrerequisites(needs: readonly Need[]): void {
  const isBuilding = needs.includes("build");
  const missing = PREREQUISITES.filter(
    (p) => p.neededFor.some((n) => needs.includes(n)) && !(isBuilding && p.isBuilt),
  ).flatMap((p) => {
    const what = p.check();
    return what === undefined ? [] : [`  - ${what}: ${p.howToGet}`];
  });
  if (missing.length > 0) {
    throw new Error(
      `The local stack (${needs.join(", ")}) needs what this machine lacks:\n${missing.join("\n")}`,
    );
  }
}

/** The first group of `pattern` in a tool's output: the version it reports. */
function versionIn(output: string, pattern: RegExp): string | undefined {
  return pattern.exec(output)?.[1];
}

/** Whether dotted version `found` is at least `wanted` (numerically, part by part). */
export function isAtLeast(found: string, wanted: string): boolean {
  const [f, w] = [found, wanted].map((v) => v.split(".").map((n) => Number.parseInt(n, 10) || 0));
  for (let i = 0; i < Math.max(f!.length, w!.length); i++) {
    const [a, b] = [f![i] ?? 0, w![i] ?? 0];
    if (a !== b) return a > b;
  }
  return true;
}

function atLeast(name: string, found: string | undefined, wanted: string): string | undefined {
  if (found === undefined) return `${name} ≥ ${wanted}`;
  return isAtLeast(found, wanted) ? undefined : `${name} ≥ ${wanted} (found ${found})`;
}

function output(command: string, args: readonly string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 10_000 });
  return result.error ? undefined : `${result.stdout}${result.stderr}`;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function goVersion(): string | undefined {
  return versionIn(output("go", ["version"]) ?? "", /\bgo(\d+(?:\.\d+)*)/);
}

/** The version go.mod's `go` line asks for. */
function requiredGoVersion(): string {
  return versionIn(readFileSync(goModPath, "utf8"), /^go (\d+(?:\.\d+)*)/m) ?? "1";
}

/** Java's version from `java -version`, without the "1." of Java 8 and older: 8.0 from 1.8.0_292. */
export function javaFeatureVersion(javaVersionOutput: string): string | undefined {
  const version = versionIn(javaVersionOutput, /version "(\d+(?:\.\d+)*)/);
  return version?.startsWith("1.") ? version.slice(2) : version;
}

const NEEDS: readonly Need[] = ["build", "kube", "kafka", "connect"];

if (import.meta.main) {
  try {
    const needs = process.argv.slice(2);
    const unknown = needs.filter((n) => !NEEDS.includes(n as Need));
    if (unknown.length > 0) throw new Error(`unknown ${unknown.join(", ")}; known: ${NEEDS.join(", ")}`);
    checkPrerequisites(needs as Need[]);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
