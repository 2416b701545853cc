// Reading the operator's /metrics text: a counter's series summed over the labels that match.
// The bench counts what the operator did (Kafka calls, API server writes, resync rounds) from
// the operator's own counters, never from timing alone.

/** Sum of the series of `name` whose labels include every `label="value"` of `where`. */
export function metricSum(text: string, name: string, where: Readonly<Record<string, string>> = {}): number {
  const wanted = Object.entries(where).map(([label, value]) => `${label}="${value}"`);
  let sum = 0;
  for (const match of text.matchAll(new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`, "gm"))) {
    const labels = (match[1] ?? "").split(",");
    if (wanted.every((pair) => labels.includes(pair))) sum += Number(match[2]);
  }
  return sum;
}

/** The verbs that change something on the API server, as kafka_access_operator_kube_requests_total counts them. */
export const KUBE_WRITE_VERBS = ["create", "update", "patch", "delete", "deletecollection"] as const;

/** What the operator had done when the metrics were read; differences of two give a phase's work. */
export interface OperatorCounts {
  readonly kafkaCreateAcls: number;
  readonly kafkaDeleteAcls: number;
  readonly kafkaDescribeAcls: number;
  /** Requests to REST APIs (Kafka Connect, Confluent) that change something: every method but GET. */
  readonly restWrites: number;
  /** API server writes by resource ("kafkaacls/status", "events"). */
  readonly kubeWrites: Readonly<Record<string, number>>;
  /** Completed resync rounds by kind. */
  readonly resyncs: Readonly<Record<string, number>>;
}

export function operatorCounts(text: string): OperatorCounts {
  const kubeWrites: Record<string, number> = {};
  for (const match of text.matchAll(/^kafka_access_operator_kube_requests_total\{([^}]*)\} (\S+)$/gm)) {
    const labels = Object.fromEntries(
      [...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((found) => [found[1]!, found[2]!]),
    );
    if (!(KUBE_WRITE_VERBS as readonly string[]).includes(labels.verb ?? "")) continue;
    const resource = labels.resource ?? "";
    kubeWrites[resource] = (kubeWrites[resource] ?? 0) + Number(match[2]);
  }
  const resyncs: Record<string, number> = {};
  for (const match of text.matchAll(/^kafka_access_operator_resyncs_total\{kind="(\w+)"\} (\S+)$/gm)) {
    resyncs[match[1]!] = Number(match[2]);
  }
  const calls = (system: string, operation: string) =>
    metricSum(text, "kafka_access_operator_external_calls_total", { system, operation });
  let restWrites = 0;
  for (const match of text.matchAll(
    /^kafka_access_operator_external_calls_total\{([^}]*system="http"[^}]*)\} (\S+)$/gm,
  )) {
    if (!match[1]!.includes('operation="GET"')) restWrites += Number(match[2]);
  }
  return {
    kafkaCreateAcls: calls("kafka", "CreateAcls"),
    kafkaDeleteAcls: calls("kafka", "DeleteAcls"),
    kafkaDescribeAcls: calls("kafka", "DescribeAcls"),
    restWrites,
    kubeWrites,
    resyncs,
  };
}

/** What happened between two readings. */
export function countsSince(before: OperatorCounts, after: OperatorCounts) {
  const diff = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>) =>
    Object.fromEntries(
      [...new Set([...Object.keys(a), ...Object.keys(b)])]
        .map((key) => [key, (b[key] ?? 0) - (a[key] ?? 0)] as const)
        .filter(([, n]) => n !== 0),
    );
  return {
    kafkaCreateAcls: after.kafkaCreateAcls - before.kafkaCreateAcls,
    kafkaDeleteAcls: after.kafkaDeleteAcls - before.kafkaDeleteAcls,
    kafkaDescribeAcls: after.kafkaDescribeAcls - before.kafkaDescribeAcls,
    restWrites: after.restWrites - before.restWrites,
    kubeWrites: diff(before.kubeWrites, after.kubeWrites),
    resyncs: diff(before.resyncs, after.resyncs),
  };
}
