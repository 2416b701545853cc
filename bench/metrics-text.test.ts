import { describe, expect, it } from "vitest";
import { countsSince, metricSum, operatorCounts } from "./metrics-text.ts";

const text = `# HELP kafka_access_operator_external_calls_total Calls to external systems
kafka_access_operator_external_calls_total{system="kafka",operation="CreateAcls",result="ok"} 4
kafka_access_operator_external_calls_total{system="kafka",operation="CreateAcls",result="error"} 1
kafka_access_operator_external_calls_total{system="kafka",operation="DescribeAcls",result="ok"} 2
kafka_access_operator_external_calls_total{system="http",operation="GET",result="ok"} 9
kafka_access_operator_external_calls_total{system="http",operation="PUT",result="ok"} 1
kafka_access_operator_kube_requests_total{verb="patch",group="kafkaaccess.io",resource="kafkaacls/status"} 7
kafka_access_operator_kube_requests_total{verb="create",group="",resource="events"} 3
kafka_access_operator_kube_requests_total{verb="watch",group="",resource="secrets"} 2
kafka_access_operator_resyncs_total{kind="KafkaAcl"} 5
kafka_access_operator_nodejs_heap_size_used_bytes 1048576
`;

describe("metricSum", () => {
  it.each([
    ["every series of a counter", {}, 17],
    ["the series of one operation, over its results", { operation: "CreateAcls" }, 5],
    ["no series matches", { operation: "DeleteAcls" }, 0],
  ])("sums %s", (_why, where, expected) => {
    expect(metricSum(text, "kafka_access_operator_external_calls_total", where)).toBe(expected);
  });

  it("reads a gauge without labels", () => {
    expect(metricSum(text, "kafka_access_operator_nodejs_heap_size_used_bytes")).toBe(1048576);
  });
});

describe("operatorCounts", () => {
  it("counts Kafka calls, writes to REST APIs and to the API server by resource, reads apart", () => {
    expect(operatorCounts(text)).toEqual({
      kafkaCreateAcls: 5,
      kafkaDeleteAcls: 0,
      kafkaDescribeAcls: 2,
      restWrites: 1,
      kubeWrites: { "kafkaacls/status": 7, events: 3 },
      resyncs: { KafkaAcl: 5 },
    });
  });

  it("gives what happened between two readings, leaving out what did not change", () => {
    const before = operatorCounts(text);
    const after = operatorCounts(text.replace("} 7\n", "} 9\n"));
    expect(countsSince(before, after)).toEqual({
      kafkaCreateAcls: 0,
      kafkaDeleteAcls: 0,
      kafkaDescribeAcls: 0,
      restWrites: 0,
      kubeWrites: { "kafkaacls/status": 2 },
      resyncs: {},
    });
  });
});
