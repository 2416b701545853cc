// The real test environment as one unit: starts each server the tests and the local `dev`
// stack need, in dependency order, and stops them all. Each server lives in its own module;
// this file only composes them.
import { mkdirSync, rmSync } from "node:fs";
import { type ConnectInfo, startConnect } from "./connect.ts";
import { type KafkaClusterInfo, startKafkaClusters } from "./kafka.ts";
import { type KdcInfo, startKdc } from "./kdc.ts";
import { type KubeInfo, startKube } from "./kube-apiserver.ts";
import { mountSecrets, SECRET_MOUNT_LABEL } from "./secret-mounts.ts";
import { createTlsMaterial, type TlsInfo } from "./tls.ts";

export interface StackInfo {
  /** Folder holding this run's certificates, data and server logs. */
  readonly runDir: string;
  readonly kube: KubeInfo;
  readonly kdc: KdcInfo;
  readonly tls: TlsInfo;
  readonly kafka: { readonly source: KafkaClusterInfo; readonly destination: KafkaClusterInfo };
  /**
   * A Connect worker on the destination cluster, override policy All. Secrets of any namespace
   * labelled SECRET_MOUNT_LABEL=true are mounted for it under `connect.secretMountPath`.
   */
  readonly connect: ConnectInfo;
}

export interface Stack {
  readonly info: StackInfo;
  stop(): Promise<void>;
}

export async function startStack(runDir: string): Promise<Stack> {
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    // Reverse start order: dependents first.
    for (const stop of stops.reverse()) await stop();
  };
  const started = <T extends { stop(): Promise<void> }>(server: T): T => {
    stops.push(() => server.stop());
    return server;
  };
  try {
    // The API server and the Kafka side do not depend on each other: start them together.
    const kafkaSide = async () => {
      const tls = createTlsMaterial(runDir);
      const kdc = started(await startKdc(runDir));
      const kafka = started(await startKafkaClusters(runDir, { kdc: kdc.info, tls }));
      return { tls, kdc: kdc.info, kafka: kafka.info };
    };
    // allSettled: when one side fails, the other must have finished starting to be stopped.
    const [kubeResult, kafkaResult] = await Promise.allSettled([
      startKube(runDir).then(started),
      kafkaSide(),
    ]);
    if (kubeResult.status === "rejected") throw kubeResult.reason;
    if (kafkaResult.status === "rejected") throw kafkaResult.reason;
    const [kube, kafkaInfo] = [kubeResult.value, kafkaResult.value];
    const connect = started(
      await startConnect(runDir, {
        kafka: kafkaInfo.kafka.destination,
        kube: kube.info,
        krb5Conf: kafkaInfo.kdc.krb5ConfPath,
      }),
    );
    started(
      await mountSecrets({
        kubeconfigPath: kube.info.kubeconfigPath,
        mountPath: connect.info.secretMountPath,
        labelSelector: `${SECRET_MOUNT_LABEL}=true`,
      }),
    );
    return { info: { runDir, kube: kube.info, ...kafkaInfo, connect: connect.info }, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
