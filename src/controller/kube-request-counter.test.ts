import { describe, expect, it } from "vitest";
import { describeKubeRequest } from "./kube-request-counter.ts";

const base = "https://127.0.0.1:6443";

describe("describeKubeRequest", () => {
  it.each([
    {
      why: "a status write of a custom resource is a patch of its status subresource",
      method: "PATCH",
      path: "/apis/kafkaaccess.io/v1alpha1/namespaces/team-a/kafkaacls/orders/status",
      request: { verb: "patch", group: "kafkaaccess.io", resource: "kafkaacls/status" },
    },
    {
      why: "a finalizer write patches the object itself",
      method: "PATCH",
      path: "/apis/kafkaaccess.io/v1alpha1/namespaces/team-a/kafkaacls/orders",
      request: { verb: "patch", group: "kafkaaccess.io", resource: "kafkaacls" },
    },
    {
      why: "an informer's list across namespaces",
      method: "GET",
      path: "/api/v1/secrets?labelSelector=x",
      request: { verb: "list", group: "", resource: "secrets" },
    },
    {
      why: "an informer's watch",
      method: "GET",
      path: "/apis/kafkaaccess.io/v1alpha1/namespaces/team-a/kafkaacls?watch=true&resourceVersion=5",
      request: { verb: "watch", group: "kafkaaccess.io", resource: "kafkaacls" },
    },
    {
      why: "an Event created",
      method: "POST",
      path: "/apis/events.k8s.io/v1/namespaces/team-a/events",
      request: { verb: "create", group: "events.k8s.io", resource: "events" },
    },
    {
      why: "a Lease renewed",
      method: "PUT",
      path: "/apis/coordination.k8s.io/v1/namespaces/kafka-system/leases/kafka-access-operator",
      request: { verb: "update", group: "coordination.k8s.io", resource: "leases" },
    },
    {
      why: "a namespace read by name is the namespaces resource",
      method: "GET",
      path: "/api/v1/namespaces/team-a",
      request: { verb: "get", group: "", resource: "namespaces" },
    },
    {
      why: "deleting every object of a kind is deletecollection",
      method: "DELETE",
      path: "/api/v1/namespaces/team-a/secrets",
      request: { verb: "deletecollection", group: "", resource: "secrets" },
    },
  ])("reads $why", ({ method, path, request }) => {
    expect(describeKubeRequest(method, `${base}${path}`)).toEqual(request);
  });

  it.each(["/version", "/readyz", "/apis", "/apis/kafkaaccess.io/v1alpha1"])(
    "leaves the non-resource URL %s uncounted",
    (path) => {
      expect(describeKubeRequest("GET", `${base}${path}`)).toBeUndefined();
    },
  );
});
