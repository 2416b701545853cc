// Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: the holder renews
// the lease every retry period; another replica takes it over once it has not been renewed for
// the lease duration. Losing the lease calls onStoppedLeading so the replica stops writing.
// Releasing on shutdown (holder cleared) lets the next replica take over at once.
import { CoordinationV1Api, type KubeConfig, type V1Lease } from "@kubernetes/client-node";
import type { Logger } from "pino";

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  logger: Logger;
  onStartedLeading(): void;
  onStoppedLeading(): void;
}

export interface LeaderElector {
  isLeader(): boolean;
  /** Stops campaigning and, when leading, releases the lease. */
  stop(): Promise<void>;
}

export function startLeaderElection(kubeConfig: KubeConfig, o: LeaderElectionOptions): LeaderElector {
  const api = kubeConfig.makeApiClient(CoordinationV1Api);
  let isLeading = false;
  let isStopped = false;
  let lastRenewal = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  let lastFailure = "";
  const tryAcquireOrRenew = async (): Promise<boolean> => {
    const now = new MicroTime();
    let lease: V1Lease | undefined;
    try {
      lease = await api.readNamespacedLease({ name: o.name, namespace: o.namespace });
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
    const spec = {
      holderIdentity: o.identity,
      leaseDurationSeconds: Math.ceil(o.leaseDurationMs / 1000),
      renewTime: now,
    };
    if (lease === undefined) {
      await api.createNamespacedLease({
        namespace: o.namespace,
        body: {
          metadata: { name: o.name, namespace: o.namespace },
          spec: { ...spec, acquireTime: now, leaseTransitions: 0 },
        },
      });
      return true;
    }
    const holder = lease.spec?.holderIdentity;
    const renewedAt = lease.spec?.renewTime ? new Date(lease.spec.renewTime).getTime() : 0;
    const durationMs = (lease.spec?.leaseDurationSeconds ?? 0) * 1000;
    const isHeldByOther = holder !== undefined && holder !== "" && holder !== o.identity;
    if (isHeldByOther && renewedAt + durationMs > now.getTime()) return false;
    const isTakeover = holder !== o.identity;
    // replace carries the read resourceVersion: two replicas racing for the lease cannot both win.
    await api.replaceNamespacedLease({
      name: o.name,
      namespace: o.namespace,
      body: {
        metadata: { ...lease.metadata, name: o.name, namespace: o.namespace },
        spec: {
          ...lease.spec,
          ...spec,
          acquireTime: isTakeover ? now : lease.spec?.acquireTime,
          leaseTransitions: (lease.spec?.leaseTransitions ?? 0) + (isTakeover ? 1 : 0),
        },
      },
    });
    return true;
  };

  const loop = async () => {
    if (isStopped) return;
    let isHeld = false;
    try {
      isHeld = await tryAcquireOrRenew();
      lastFailure = "";
      if (isHeld) lastRenewal = Date.now();
    } catch (err) {
      // Warn once per distinct failure; a standby retries every period.
      const failure = String((err as Error).message);
      if (failure !== lastFailure) o.logger.warn({ err }, "lease update failed");
      lastFailure = failure;
      // Keep leading until the renew deadline passes without a successful renewal.
      isHeld = isLeading && Date.now() - lastRenewal < o.renewDeadlineMs;
    }
    if (isHeld && !isLeading && !isStopped) {
      isLeading = true;
      o.logger.info({ lease: `${o.namespace}/${o.name}`, identity: o.identity }, "became leader");
      o.onStartedLeading();
    } else if (!isHeld && isLeading) {
      isLeading = false;
      o.logger.warn({ lease: `${o.namespace}/${o.name}` }, "lost leadership");
      o.onStoppedLeading();
    }
    if (!isStopped) timer = setTimeout(loop, o.retryPeriodMs);
  };
  void loop();

  return {
    isLeader: () => isLeading,
    async stop() {
      isStopped = true;
      clearTimeout(timer);
      if (!isLeading) return;
      isLeading = false;
      o.onStoppedLeading();
      try {
        const lease = await api.readNamespacedLease({ name: o.name, namespace: o.namespace });
        if (lease.spec?.holderIdentity !== o.identity) return;
        await api.replaceNamespacedLease({
          name: o.name,
          namespace: o.namespace,
          body: { ...lease, spec: { ...lease.spec, holderIdentity: "", leaseDurationSeconds: 1 } },
        });
      } catch (err) {
        o.logger.warn({ err }, "cannot release the lease");
      }
    },
  };
}

/** Lease times are MicroTime: the API server wants six fractional digits, Date gives three. */
class MicroTime extends Date {
  override toISOString(): string {
    return super.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
  }
}
