// One connection pool per API server for every client of a KubeConfig. @kubernetes/client-node
// 2.x makes a new undici Agent for every request it authenticates (KubeConfig's createDispatcher,
// called from applySecurityAuthentication), so each request opened a TLS connection of its own:
// a handshake with the client certificate per status write, and a TLS context per connection
// held in native memory until the connection timed out. Measured at 200 KafkaAcls, that was most
// of the operator's resident memory (docs/performance.md). Here the Agent made for a TLS identity
// is reused for as long as the identity stays the same; a new identity (a rotated client
// certificate, a changed CA) gets a new Agent, and the old one is closed once its requests end.
import { createHash } from "node:crypto";
import type { KubeConfig } from "@kubernetes/client-node";

type CreateDispatcher = (cluster: unknown, agentOptions: unknown) => unknown;

/**
 * Makes every client made from `kubeConfig` share connections. Throws when the installed
 * @kubernetes/client-node has no createDispatcher to share (a version that pools by itself, or
 * moved it): its test then says to revisit this file.
 */
export function shareKubeConnections(kubeConfig: KubeConfig): void {
  const target = kubeConfig as unknown as { createDispatcher?: CreateDispatcher };
  const create = target.createDispatcher?.bind(kubeConfig);
  if (!create) throw new Error("@kubernetes/client-node's KubeConfig has no createDispatcher to share");
  let shared: { fingerprint: string; dispatcher: unknown } | undefined;
  target.createDispatcher = (cluster, agentOptions) => {
    // Everything the dispatcher is made of (server, proxy, CA, client certificate and key),
    // reduced to a digest: key material is compared, never kept.
    const options = kubeConfig.createDispatcherOptions(
      cluster as Parameters<KubeConfig["createDispatcherOptions"]>[0],
      agentOptions as Parameters<KubeConfig["createDispatcherOptions"]>[1],
    );
    const fingerprint = digestOf(options);
    if (shared?.fingerprint !== fingerprint) {
      const previous = shared?.dispatcher as { close?: () => Promise<void> } | undefined;
      void previous?.close?.().catch(() => undefined);
      shared = { fingerprint, dispatcher: create(cluster, agentOptions) };
    }
    return shared.dispatcher;
  };
}

/**
 * A digest of every value in `options`, key by key: certificates and keys go in as their bytes.
 * (JSON.stringify turned each Buffer into an array of numbers first: at every request, the most
 * expensive step of a status write after the write itself.)
 */
function digestOf(options: unknown): string {
  const hash = createHash("sha256");
  const add = (value: unknown): void => {
    if (value instanceof Uint8Array) hash.update("b").update(value);
    else if (Array.isArray(value)) {
      hash.update("[");
      for (const item of value) add(item);
      hash.update("]");
    } else if (value !== null && typeof value === "object") {
      hash.update("{");
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined) continue;
        hash.update(key).update(":");
        add(item);
      }
      hash.update("}");
    } else hash.update(`${typeof value}:${String(value)};`);
  };
  add(options);
  return hash.digest("hex");
}
