// Builds the operator image from the repository's Dockerfile on the local engine: imports the
// base images image/base-image.sh makes (images cannot be pulled here), passes this machine's
// registry settings as build secrets, and reports what a user would want to know: how long the
// build took and how big the image is. `node test/install/operator-image.ts` runs it alone.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { type DockerEngine, startDockerEngine } from "./docker-engine.ts";

export const IMAGE_TAG = "kafka-access-operator:test";
const PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export interface BuiltImage {
  readonly tag: string;
  /** Making the base images (0 when cached) and building the Dockerfile, in ms. */
  readonly baseMs: number;
  readonly buildMs: number;
  readonly sizeBytes: number;
}

export async function buildOperatorImage(engine: DockerEngine): Promise<BuiltImage> {
  const run = (args: readonly string[]) => {
    const r = engine.docker(args);
    if (r.status !== 0)
      throw new Error(`docker ${args.slice(0, 2).join(" ")} failed:\n${r.stderr.slice(-4000)}`);
    return r.stdout.trim();
  };
  const baseStart = Date.now();
  const [runtimeTar, buildTar] = execFileSync("bash", ["test/install/image/base-image.sh"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
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
  const baseMs = Date.now() - baseStart;

  const secrets = mkdtempSync(join(tmpdir(), "kao-build-secrets-"));
  try {
    execFileSync("bash", ["test/install/image/build-secrets.sh", secrets]);
    const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
    const revision = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    const buildStart = Date.now();
    run([
      "build",
      "--network=host",
      `--build-arg=BUILD_IMAGE=${buildImage}`,
      `--build-arg=RUNTIME_IMAGE=${runtimeImage}`,
      `--build-arg=VERSION=${version}`,
      `--build-arg=REVISION=${revision}`,
      ...["npmrc", "ca-certificates", "apt.conf"].map((id) => `--secret=id=${id},src=${join(secrets, id)}`),
      `--tag=${IMAGE_TAG}`,
      resolve("."),
    ]);
    const buildMs = Date.now() - buildStart;
    const sizeBytes = Number(run(["image", "inspect", "--format={{.Size}}", IMAGE_TAG]));
    return { tag: IMAGE_TAG, baseMs, buildMs, sizeBytes };
  } finally {
    rmSync(secrets, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const engine = await startDockerEngine(resolve("test-results/docker"));
  try {
    const image = await buildOperatorImage(engine);
    console.log(
      `${image.tag}: ${(image.sizeBytes / 1e6).toFixed(0)} MB; base images ${(image.baseMs / 1000).toFixed(1)} s, docker build ${(image.buildMs / 1000).toFixed(1)} s`,
    );
  } finally {
    await engine.stop();
  }
}
