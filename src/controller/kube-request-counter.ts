// Counts every request the operator sends to the Kubernetes API server, by the verb and resource
// RBAC would see, at the one place every client of @kubernetes/client-node passes through: the
// KubeConfig's applySecurityAuthentication, which the generated APIs, KubernetesObjectApi and
// Watch all call before sending. So "a steady state writes nothing to the API server" is
// measured rather than assumed, and the RBAC an install grants can be held to what is used.
import type { KubeConfig } from "@kubernetes/client-node";

export type KubeVerb =
  | "get"
  | "list"
  | "watch"
  | "create"
  | "update"
  | "patch"
  | "delete"
  | "deletecollection";

export interface KubeRequest {
  readonly verb: KubeVerb;
  /** API group, "" for the core group. */
  readonly group: string;
  /** Plural resource name, with its subresource when there is one: "kafkaacls/status". */
  readonly resource: string;
}

/** The RBAC verb and resource of a request, from its method and URL; undefined for non-resource URLs. */
export function describeKubeRequest(method: string, url: string): KubeRequest | undefined {
  const { pathname, searchParams } = new URL(url, "https://kubernetes.invalid");
  const segments = pathname.split("/").filter((s) => s !== "");
  let group: string;
  let rest: string[];
  if (segments[0] === "api" && segments.length >= 3) {
    group = "";
    rest = segments.slice(2);
  } else if (segments[0] === "apis" && segments.length >= 4) {
    group = segments[1]!;
    rest = segments.slice(3);
  } else {
    return undefined;
  }
  // namespaces/<ns>/<resource>/... is namespaced; namespaces or namespaces/<ns> alone is the namespace itself.
  if (rest[0] === "namespaces" && rest.length >= 3) rest = rest.slice(2);
  const [plural, name, subresource] = rest;
  if (!plural) return undefined;
  const resource = subresource ? `${plural}/${subresource}` : plural;
  const isWatch = ["true", "1"].includes(searchParams.get("watch") ?? "");
  const verb = verbOf(method.toUpperCase(), name !== undefined, isWatch);
  return verb ? { verb, group, resource } : undefined;
}

function verbOf(method: string, isNamed: boolean, isWatch: boolean): KubeVerb | undefined {
  switch (method) {
    case "GET":
      return isWatch ? "watch" : isNamed ? "get" : "list";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return isNamed ? "delete" : "deletecollection";
    default:
      return undefined;
  }
}

/** Calls `record` for every request any client made from `kubeConfig` sends from now on. */
export function countKubeRequests(kubeConfig: KubeConfig, record: (request: KubeRequest) => void): void {
  const authenticate = kubeConfig.applySecurityAuthentication.bind(kubeConfig);
  kubeConfig.applySecurityAuthentication = async (context) => {
    const request = describeKubeRequest(context.getHttpMethod(), context.getUrl());
    if (request) record(request);
    return authenticate(context);
  };
}
