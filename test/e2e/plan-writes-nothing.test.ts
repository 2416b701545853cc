// `plan` only reads: run on manifests that change a live KafkaAcl and add another, it plans
// their changes (exit code 2) while every request it sends the API server is a GET (counted by
// a proxy in front of the real API server) and every request it sends Kafka is a describe
// (counted from its debug log), and the cluster and the resources are as before.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { useStack } from "../env/use-stack.ts";
import { runCli } from "./cli.ts";
import { aclsOfPrincipalsStartingWith } from "./kafka-acl-listing.ts";
import { scramKafkaCluster } from "./manifests.ts";
import { type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";

const { kube, kafka } = await useStack("kube", "kafka");

let f: OperatorFixture;
let proxy: Server;
const requestsByMethod = new Map<string, number>();

/** An HTTP proxy to the API server that counts requests by method and forwards them as the admin. */
async function startCountingProxy(): Promise<number> {
  const tls = {
    ca: readFileSync(kube.caPath),
    cert: readFileSync(kube.adminCertPath),
    key: readFileSync(kube.adminKeyPath),
  };
  const target = new URL(kube.server);
  proxy = createServer((req, res) => {
    requestsByMethod.set(req.method ?? "", (requestsByMethod.get(req.method ?? "") ?? 0) + 1);
    const upstream = httpsRequest(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
        ...tls,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return (proxy.address() as AddressInfo).port;
}

const kafkaAcl = (name: string, principal: string, topics: string[]) => ({
  apiVersion: "kafkaaccess.io/v1alpha1",
  kind: "KafkaAcl",
  metadata: { name },
  spec: {
    clusterRef: { name: "destination" },
    principal,
    bindings: topics.map((topic) => ({ resourceType: "topic", name: topic, operations: ["Read"] })),
  },
});

beforeAll(async () => {
  f = await startOperatorFixture("planro");
  for (const manifest of scramKafkaCluster("destination", kafka.destination)) f.apply(manifest);
  await f.waitFor("kafkacluster/destination", READY, (v) => v === "True/ClusterReady");
  f.apply(kafkaAcl("alice", `User:${f.namespace}-alice`, [`${f.namespace}.a`, `${f.namespace}.b`]));
  await f.waitFor("kafkaacl/alice", READY, (v) => v === "True/AclsApplied");
});
afterAll(async () => {
  if (proxy) await new Promise((resolve) => proxy.close(resolve));
  await f?.stop();
});

describe("plan", () => {
  it("plans changes while sending the API server only GETs and Kafka only describes", async () => {
    const ns = f.namespace;
    const dir = mkdtempSync(join(tmpdir(), "kao-plan-"));
    writeFileSync(
      join(dir, "acls.yaml"),
      [
        kafkaAcl("alice", `User:${ns}-alice`, [`${ns}.a`, `${ns}.c`]),
        kafkaAcl("bob", `User:${ns}-bob`, [`${ns}.a`]),
      ]
        .map((m) => `---\n${stringify(m)}`)
        .join(""),
    );
    const port = await startCountingProxy();
    const kubeconfigPath = join(dir, "kubeconfig");
    writeFileSync(
      kubeconfigPath,
      stringify({
        apiVersion: "v1",
        kind: "Config",
        // Plain HTTP on loopback; client-node takes it only with TLS verification declared off.
        clusters: [
          {
            name: "proxy",
            cluster: { server: `http://127.0.0.1:${port}`, "insecure-skip-tls-verify": true },
          },
        ],
        users: [{ name: "through-proxy", user: {} }],
        contexts: [{ name: "proxy", context: { cluster: "proxy", user: "through-proxy", namespace: ns } }],
        "current-context": "proxy",
      }),
    );
    // Every object's version and every ACL of the test's principals, to compare afterwards.
    const snapshot = async () => ({
      objects: f.kubectl([
        "-n",
        ns,
        "get",
        "kafkaacls,kafkaclusters,secrets",
        "-o",
        "jsonpath={.items[*].metadata.resourceVersion}",
      ]).stdout,
      acls: await aclsOfPrincipalsStartingWith(kafka.destination, `User:${ns}-`),
    });
    const before = await snapshot();

    const planned = await runCli([
      "plan",
      dir,
      `--kubeconfig=${kubeconfigPath}`,
      "--output=json",
      "--log-level=debug",
    ]);
    expect(planned.status, planned.stderr).toBe(2);
    const plan = JSON.parse(planned.stdout);
    expect(plan.bindings.create.map((b: { key: string }) => b.key).sort()).toEqual([
      `allow|Read|topic|literal|${ns}.a|User:${ns}-bob|*`,
      `allow|Read|topic|literal|${ns}.c|User:${ns}-alice|*`,
    ]);
    expect(plan.bindings.delete.map((b: { key: string }) => b.key)).toEqual([
      `allow|Read|topic|literal|${ns}.b|User:${ns}-alice|*`,
    ]);

    // Every request to the API server was a read.
    expect(requestsByMethod.get("GET")).toBeGreaterThan(0);
    expect([...requestsByMethod.keys()]).toEqual(["GET"]);
    // Every request to Kafka was a describe.
    const kafkaRequests = planned.stderr
      .split("\n")
      .filter((line) => line.includes('"kafka request"'))
      .map((line) => JSON.parse(line).kafkaRequest.api as string);
    expect(kafkaRequests).toEqual(["DescribeAcls"]);
    // And nothing changed.
    expect(await snapshot()).toEqual(before);
  });
});
