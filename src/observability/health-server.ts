// The operator's HTTP endpoints for Kubernetes and Prometheus: /healthz (the process answers),
// /readyz (caches synced; a standby replica is ready too, so rollouts proceed) and /metrics.
import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHealthServer({
  port,
  host = "0.0.0.0",
  registry,
  isReady,
}: {
  port: number;
  host?: string;
  registry: Registry;
  isReady: () => boolean;
}): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") return void res.writeHead(200).end("ok");
    if (path === "/readyz")
      return void (isReady() ? res.writeHead(200).end("ok") : res.writeHead(503).end("not ready"));
    if (path === "/metrics") {
      registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
