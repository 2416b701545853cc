// The operator's Prometheus metrics, on one registry served at /metrics.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface OperatorMetrics {
  readonly registry: Registry;
  /** Reconciles by kind and result (success, requeue, conflict, error, terminal). */
  readonly reconciles: Counter<"kind" | "result">;
  readonly reconcileSeconds: Histogram<"kind">;
  readonly queueDepth: Gauge<"kind">;
  /** Resync rounds completed by kind: every object of the kind reconciled since the round began. */
  readonly resyncs: Counter<"kind">;
  /** Calls to Kafka, Connect and REST APIs by system, operation and result. */
  readonly externalCalls: Counter<"system" | "operation" | "result">;
  /** External state put back after an out-of-band change, by kind. */
  readonly driftRepairs: Counter<"kind">;
  /** Events waiting to be written or being written (they go out a few at a time after a burst). */
  readonly eventsPending: Gauge;
  /** Requests the operator sent to the Kubernetes API server, by RBAC verb, group and resource. */
  readonly kubeRequests: Counter<"verb" | "group" | "resource">;
}

export function createMetrics(): OperatorMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "kafka_access_operator_" });
  const registers = [registry];
  return {
    registry,
    reconciles: new Counter({
      name: "kafka_access_operator_reconciles_total",
      help: "Reconciles by kind and result",
      labelNames: ["kind", "result"],
      registers,
    }),
    reconcileSeconds: new Histogram({
      name: "kafka_access_operator_reconcile_duration_seconds",
      help: "Reconcile duration",
      labelNames: ["kind"],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    queueDepth: new Gauge({
      name: "kafka_access_operator_queue_depth",
      help: "Keys waiting in the work queue",
      labelNames: ["kind"],
      registers,
    }),
    resyncs: new Counter({
      name: "kafka_access_operator_resyncs_total",
      help: "Resync rounds completed: every object of the kind reconciled since the round began",
      labelNames: ["kind"],
      registers,
    }),
    externalCalls: new Counter({
      name: "kafka_access_operator_external_calls_total",
      help: "Calls to external systems",
      labelNames: ["system", "operation", "result"],
      registers,
    }),
    driftRepairs: new Counter({
      name: "kafka_access_operator_drift_repairs_total",
      help: "External state restored after an out-of-band change",
      labelNames: ["kind"],
      registers,
    }),
    eventsPending: new Gauge({
      name: "kafka_access_operator_events_pending",
      help: "Kubernetes Events waiting to be written or being written",
      registers,
    }),
    kubeRequests: new Counter({
      name: "kafka_access_operator_kube_requests_total",
      help: "Requests sent to the Kubernetes API server, by RBAC verb, API group and resource",
      labelNames: ["verb", "group", "resource"],
      registers,
    }),
  };
}

/** One served resource's Ready verdict, as the resources gauge counts it. */
export interface ResourceReadiness {
  kind: string;
  namespace: string;
  /** The Ready condition's status; "Unknown" before the first verdict. */
  ready: string;
  reason: string;
}

/**
 * Registers kafka_access_operator_resources: served resources by kind, namespace and Ready
 * status and reason, counted from `list` at each scrape (no bookkeeping to drift), so alerts
 * can say which resources stay not Ready and which clusters are unreachable. The namespace is
 * `resource_namespace`: Prometheus gives `namespace` to the scraped pod's own.
 */
export function countResourcesOnScrape(
  metrics: OperatorMetrics,
  list: () => Iterable<ResourceReadiness>,
): void {
  new Gauge({
    name: "kafka_access_operator_resources",
    help: "Resources served, by kind, namespace and the status and reason of their Ready condition",
    labelNames: ["kind", "resource_namespace", "ready", "reason"],
    registers: [metrics.registry],
    collect() {
      this.reset();
      for (const { kind, namespace, ready, reason } of list()) {
        this.inc({ kind, resource_namespace: namespace, ready, reason });
      }
    },
  });
}
