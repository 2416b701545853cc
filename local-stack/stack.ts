// The real servers as one unit, started part by part as they are asked for: the API server
// ("kube"), the Kafka side ("kafka": KDC, TLS material, two Kafka clusters) and a Connect worker
// ("connect", which needs the other two). Each part starts once; independent parts start
// together; stop() stops what started, dependents first. Each server lives in its own module;
// this file only composes them.
import { mkdirSync, rmSync } from "node:fs";
import { type ConnectInfo, startConnect } from "./connect.ts";
import { type KafkaClusterInfo, startKafkaClusters } from "./kafka.ts";
import { type KdcInfo, startKdc } from "./kdc.ts";
import { type KubeInfo, startKube } from "./kube-apiserver.ts";
import { checkPrerequisites } from "./prerequisites.ts";
import { removeRunData } from "./run-dir.ts";
import { mountSecrets, SECRET_MOUNT_LABEL } from "./secret-mounts.ts";
import { createTlsMaterial, type TlsInfo } from "./tls.ts";

export interface StackInfo {
  /** Folder holding this run's certificates, data and server logs. */
  readonly runDir: string;
  readonly kube: KubeInfo;
  readonly kdc: KdcInfo;
  readonly tls: TlsInfo;
  readonly kafka: { readonly source: KafkaClusterInfo; readonly destination: KafkaClusterInfo };
  /** A Connect worker on the destination cluster, override policy All. */
  readonly connect: ConnectInfo;
}

export type StackPart = "kube" | "kafka" | "connect";
export const STACK_PARTS: readonly StackPart[] = ["kube", "kafka", "connect"];

/** The fields of StackInfo each part fills (a part's dependencies' too). */
interface PartFields {
  kube: "kube";
  kafka: "kdc" | "tls" | "kafka";
  connect: "kube" | "kdc" | "tls" | "kafka" | "connect";
}

/** What a caller asking for `P` gets. */
export type StackInfoOf<P extends StackPart> = Pick<StackInfo, "runDir" | PartFields[P]>;

type Stop = () => Promise<void>;

export class LocalStack {
  readonly runDir: string;
  readonly #parts = new Map<StackPart, Promise<Partial<StackInfo>>>();
  readonly #stops: Stop[] = [];
  #isStopped = false;

  /** Empties `runDir` for this run; nothing starts until asked for. */
  constructor(runDir: string) {
    this.runDir = runDir;
    rmSync(runDir, { recursive: true, force: true });
    mkdirSync(runDir, { recursive: true });
  }

  /**
   * Starts the parts not running yet (with what they need) and resolves with their
   * coordinates. A part that failed to start fails every later request with the same error.
   */
  async start<P extends StackPart>(...parts: P[]): Promise<StackInfoOf<P>> {
    if (this.#isStopped) throw new Error("The local stack has been stopped");
    const wanted = new Set<StackPart>(parts);
    if (wanted.has("connect")) for (const needed of ["kube", "kafka"] as const) wanted.add(needed);
    const missing = [...wanted].filter((p) => !this.#parts.has(p));
    // Every prerequisite of what is about to start, in one message, before anything starts.
    if (missing.length > 0) checkPrerequisites(missing);
    const infos = await Promise.all([...wanted].map((part) => this.#part(part)));
    return Object.assign({ runDir: this.runDir }, ...infos) as StackInfoOf<P>;
  }

  /** Stops every server that started, dependents first. */
  async stop(): Promise<void> {
    this.#isStopped = true;
    await Promise.allSettled(this.#parts.values());
    for (const stop of this.#stops.reverse()) await stop();
    this.#stops.length = 0;
  }

  /**
   * Stops the servers and removes what they stored, keeping only the server logs when
   * `keepLogs` (for reading after a failure).
   */
  async stopAndClean({ keepLogs }: { keepLogs: boolean }): Promise<void> {
    await this.stop();
    removeRunData(this.runDir, { keepLogs });
  }

  #part(part: StackPart): Promise<Partial<StackInfo>> {
    let starting = this.#parts.get(part);
    if (!starting) {
      starting = this.#startPart(part);
      this.#parts.set(part, starting);
    }
    return starting;
  }

  async #startPart(part: StackPart): Promise<Partial<StackInfo>> {
    const started = <T extends { stop: Stop }>(server: T): T => {
      this.#stops.push(() => server.stop());
      return server;
    };
    switch (part) {
      case "kube":
        return { kube: started(await startKube(this.runDir)).info };
      case "kafka": {
        const tls = createTlsMaterial(this.runDir);
        const kdc = started(await startKdc(this.runDir));
        const kafka = started(await startKafkaClusters(this.runDir, { kdc: kdc.info, tls }));
        return { tls, kdc: kdc.info, kafka: kafka.info };
      }
      case "connect": {
        const [{ kube }, { kafka, kdc }] = await Promise.all([this.#part("kube"), this.#part("kafka")]);
        if (!kube || !kafka || !kdc) throw new Error("Connect needs the API server and the Kafka clusters");
        // The worker's JVM knows the KDC, for connectors and links that log in with Kerberos.
        const options = { kafka: kafka.destination, kube, krb5Conf: kdc.krb5ConfPath };
        const connect = started(await startConnect(this.runDir, options)).info;
        // Secrets labelled for it are written under the worker's mount path, as a kubelet would.
        started(
          await mountSecrets({
            kubeconfigPath: kube.kubeconfigPath,
            mountPath: connect.secretMountPath,
            labelSelector: `${SECRET_MOUNT_LABEL}=true`,
          }),
        );
        return { connect };
      }
    }
  }
}

export interface Stack {
  readonly info: StackInfo;
  stop(): Promise<void>;
}

/** Every server at once, for `dev` and the benchmarks; on failure, what started is stopped. */
export async function startStack(runDir: string): Promise<Stack> {
  const stack = new LocalStack(runDir);
  try {
    const info = await stack.start(...STACK_PARTS);
    return { info, stop: () => stack.stopAndClean({ keepLogs: true }) };
  } catch (err) {
    await stack.stopAndClean({ keepLogs: true });
    throw err;
  }
}
