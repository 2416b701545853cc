// Builds the operator image from the repository's Dockerfile on the local engine: imports the
// base images image/base-image.sh makes (images cannot be pulled here), passes this machine's
// registry settings as build secrets, and reports what a user would want to know: how long the
// build took and how big the image is. `make image` (node test/install/operator-image.ts) runs
// it alone. The build's output goes to a log file: a slow step shows there while it runs.
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { type DockerEngine, startDockerEngine } from "./docker-engine.ts";

const IMAGE_TAG = "kafka-access-operator:test";
const PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/** A cold build (base images, apt, npm, the kerberos addon) on two busy cores stays well below. */
const BUILD_TIMEOUT_MS = 25 * 60_000;

export interface BuiltImage {
  readonly tag: string;
  /** Making the base images (0 when cached) and building the Dockerfile, in ms. */
  readonly baseMs: number;
  readonly buildMs: number;
  readonly sizeBytes: number;
}

export async function buildOperatorImage(engine: DockerEngine, logDir: string): Promise<BuiltImage> {
  const run = (args: readonly string[]) => {
    const r = engine.docker(args);
    if (r.status !== 0)
      throw new Error(`docker ${args.slice(0, 2).join(" ")} failed:\n${r.stderr.slice(-4000)}`);
    return r.stdout.trim();
  };
  mkdirSync(logDir, { recursive: true });
  const baseStart = Date.now();
  const [runtimeTar, buildTar] = execFileSync("bash", ["test/install/image/base-image.sh"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: BUILD_TIMEOUT_MS,
  })
    .trim()
    .split("\n") as [string, string];
  const baseImage = (tarball: string) => {
    const tag = `kafka-access-operator-base:${basename(tarball, ".tar")}`;
    if (engine.docker(["image", "inspect", tag]).status !== 0) {
      run(["import", "--change", `ENV ${PATH_ENV}`, tarball, tag]);
    }
    return tag;
  };
  const [runtimeImage, buildImage] = [baseImage(runtimeTar), baseImage(buildTar)];
  // Base images of earlier inputs are never built on again.
  const baseImages = run(["image", "ls", "--format={{.Repository}}:{{.Tag}}", "kafka-access-operator-base"]);
  const stale = baseImages.split("\n").filter((tag) => tag && tag !== runtimeImage && tag !== buildImage);
  if (stale.length > 0) run(["image", "rm", ...stale]);
  const baseMs = Date.now() - baseStart;

  const secrets = mkdtempSync(join(tmpdir(), "kao-build-secrets-"));
  const logPath = join(logDir, "docker-build.log");
  const log = openSync(logPath, "w");
  try {
    execFileSync("bash", ["test/install/image/build-secrets.sh", secrets]);
    const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
    const revision = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    const buildStart = Date.now();
    const build = spawnSync(
      engine.cli,
      [
        "build",
        "--progress=plain",
        "--network=host",
        `--build-arg=BUILD_IMAGE=${buildImage}`,
        `--build-arg=RUNTIME_IMAGE=${runtimeImage}`,
        `--build-arg=VERSION=${version}`,
        `--build-arg=REVISION=${revision}`,
        ...["npmrc", "ca-certificates", "apt.conf"].map((id) => `--secret=id=${id},src=${join(secrets, id)}`),
        `--tag=${IMAGE_TAG}`,
        resolve("."),
      ],
      { env: engine.env, stdio: ["ignore", log, log], timeout: BUILD_TIMEOUT_MS, killSignal: "SIGINT" },
    );
    if (build.status !== 0) {
      const why = build.error ? `${build.error.message}` : `exit ${build.status}`;
      const tail = readFileSync(logPath, "utf8").split("\n").slice(-40).join("\n");
      throw new Error(`docker build failed (${why}); ${logPath} ends:\n${tail}`);
    }
    const buildMs = Date.now() - buildStart;
    const sizeBytes = Number(run(["image", "inspect", "--format={{.Size}}", IMAGE_TAG]));
    return { tag: IMAGE_TAG, baseMs, buildMs, sizeBytes };
  } finally {
    closeSync(log);
    rmSync(secrets, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const logDir = resolve("test-results/image");
  const engine = await startDockerEngine(logDir);
  try {
    const image = await buildOperatorImage(engine, logDir);
    console.log(
      `${image.tag}: ${(image.sizeBytes / 1e6).toFixed(0)} MB; base images ${(image.baseMs / 1000).toFixed(1)} s, docker build ${(image.buildMs / 1000).toFixed(1)} s (log: ${logDir}/docker-build.log)`,
    );
  } finally {
    await engine.stop();
  }
}
