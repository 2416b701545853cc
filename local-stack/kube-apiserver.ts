// The real Kubernetes API server of the test environment: etcd plus kube-apiserver (built by
// kube/build.sh) on free loopback ports, with per-run certificates, RBAC, an admin client
// certificate and one token user that has no permissions. Writes a kubeconfig for each.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { cacheDir } from "./cache-dir.ts";
import { freePort, type ManagedProcess, startProcess, waitUntilReady } from "./managed-process.ts";
import { createCa, issueCertificate } from "./pki.ts";

export interface KubeInfo {
  /** https://127.0.0.1:<port> */
  readonly server: string;
  /** Admin kubeconfig (client certificate in group system:masters). */
  readonly kubeconfigPath: string;
  /** Kubeconfig of the token user "tenant", authenticated but granted nothing. */
  readonly tenantKubeconfigPath: string;
  readonly tenantUser: string;
  /** The server's reported gitVersion, e.g. v1.35.4. */
  readonly version: string;
  readonly caPath: string;
  readonly adminCertPath: string;
  readonly adminKeyPath: string;
  /** Audit log (JSON lines) of every request a ServiceAccount makes: what RBAC tests compare. */
  readonly auditLogPath: string;
  readonly logPaths: readonly string[];
}

export interface Kube {
  readonly info: KubeInfo;
  /** Stops the API server and starts it again on the same port and etcd: watches break, data stays. */
  restartApiServer(): Promise<void>;
  /** Stops the API server alone (etcd keeps the data) until startApiServer. */
  stopApiServer(): Promise<void>;
  startApiServer(): Promise<void>;
  /** Stops etcd alone (its data stays); the API server keeps running and answers with errors. */
  stopEtcd(): Promise<void>;
  startEtcd(): Promise<void>;
  stop(): Promise<void>;
}

export async function startKube(runDir: string): Promise<Kube> {
  const dir = join(runDir, "kube");
  mkdirSync(dir, { recursive: true });
  const pki = writePki(dir);
  const auditLogPath = join(dir, "audit.log");
  const auditPolicyPath = join(dir, "audit-policy.yaml");
  writeFileSync(
    auditPolicyPath,
    "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n" +
      "- level: Metadata\n  userGroups: [system:serviceaccounts]\n- level: None\n",
  );
  const bin = join(cacheDir(), "bin");
  const [etcdClientPort, etcdPeerPort, apiPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const processes: ManagedProcess[] = [];
  const stop = async () => {
    for (const p of processes.reverse()) await p.stop();
  };
  try {
    const launchEtcd = async () => {
      const etcd = startProcess({
        name: "etcd",
        command: join(bin, "etcd"),
        args: [
          "--name=default",
          `--data-dir=${join(dir, "data")}`,
          `--listen-client-urls=http://127.0.0.1:${etcdClientPort}`,
          `--advertise-client-urls=http://127.0.0.1:${etcdClientPort}`,
          `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
          `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
          `--initial-cluster=default=http://127.0.0.1:${etcdPeerPort}`,
          // Throwaway data: skipping fsync keeps the two cores for the tests.
          "--unsafe-no-fsync",
          "--log-level=warn",
        ],
        logPath: join(dir, "etcd.log"),
      });
      processes.unshift(etcd);
      await waitUntilReady(etcd, async () => {
        const res = await fetch(`http://127.0.0.1:${etcdClientPort}/health`);
        return res.ok && ((await res.json()) as { health?: string }).health === "true";
      });
      return etcd;
    };
    let etcd: ManagedProcess | undefined = await launchEtcd();

    const launchApiServer = async () => {
      const apiserver = startProcess({
        name: "kube-apiserver",
        command: join(bin, "kube-apiserver"),
        args: [
          `--etcd-servers=http://127.0.0.1:${etcdClientPort}`,
          `--secure-port=${apiPort}`,
          "--bind-address=127.0.0.1",
          "--advertise-address=127.0.0.1",
          `--cert-dir=${dir}`,
          `--tls-cert-file=${pki.servingCert}`,
          `--tls-private-key-file=${pki.servingKey}`,
          `--client-ca-file=${pki.ca}`,
          `--token-auth-file=${pki.tokenFile}`,
          "--authorization-mode=RBAC",
          `--audit-policy-file=${auditPolicyPath}`,
          `--audit-log-path=${auditLogPath}`,
          `--service-account-key-file=${pki.serviceAccountKey}`,
          `--service-account-signing-key-file=${pki.serviceAccountKey}`,
          "--service-account-issuer=https://kubernetes.default.svc",
          // Required by the server; nothing is routed there (no kube-proxy, no pods).
          "--service-cluster-ip-range=10.96.0.0/24",
          "--enable-priority-and-fairness=false",
          "--profiling=false",
          "--v=1",
        ],
        logPath: join(dir, "kube-apiserver.log"),
      });
      processes.push(apiserver);
      await waitUntilReady(
        apiserver,
        async () => (await getWithAdminCert(pki, apiPort, "/readyz")).status === 200,
        {
          timeoutMs: 180_000,
        },
      );
      return apiserver;
    };
    let apiserver: ManagedProcess | undefined = await launchApiServer();
    const stopApiServer = async () => {
      if (!apiserver) return;
      await apiserver.stop();
      processes.splice(processes.indexOf(apiserver), 1);
      apiserver = undefined;
    };
    const startApiServer = async () => {
      apiserver ??= await launchApiServer();
    };
    const stopEtcd = async () => {
      if (!etcd) return;
      await etcd.stop();
      processes.splice(processes.indexOf(etcd), 1);
      etcd = undefined;
    };
    const startEtcd = async () => {
      etcd ??= await launchEtcd();
    };
    const version = JSON.parse((await getWithAdminCert(pki, apiPort, "/version")).body).gitVersion as string;

    const server = `https://127.0.0.1:${apiPort}`;
    const kubeconfigPath = join(dir, "kubeconfig");
    const tenantKubeconfigPath = join(dir, "kubeconfig-tenant");
    writeFileSync(
      kubeconfigPath,
      kubeconfig(server, pki.ca, "admin", { cert: pki.adminCert, key: pki.adminKey }),
    );
    writeFileSync(tenantKubeconfigPath, kubeconfig(server, pki.ca, "tenant", { token: pki.tenantToken }));
    return {
      info: {
        server,
        kubeconfigPath,
        tenantKubeconfigPath,
        tenantUser: "tenant",
        version,
        caPath: pki.ca,
        adminCertPath: pki.adminCert,
        adminKeyPath: pki.adminKey,
        auditLogPath,
        logPaths: processes.map((p) => p.logPath),
      },
      async restartApiServer() {
        await stopApiServer();
        await startApiServer();
      },
      stopApiServer,
      startApiServer,
      stopEtcd,
      startEtcd,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

interface Pki {
  ca: string;
  servingCert: string;
  servingKey: string;
  adminCert: string;
  adminKey: string;
  serviceAccountKey: string;
  tokenFile: string;
  tenantToken: string;
}

function writePki(dir: string): Pki {
  const path = (name: string) => join(dir, name);
  const ca = createCa(dir, "ca", "kube-test-ca");
  issueCertificate(
    dir,
    ca,
    "serving",
    "/CN=kube-apiserver",
    "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n",
  );
  issueCertificate(dir, ca, "admin", "/O=system:masters/CN=kube-admin", "extendedKeyUsage=clientAuth\n");
  execFileSync("openssl", ["genrsa", "-out", path("sa.key"), "2048"], { stdio: "pipe" });
  const tenantToken = execFileSync("openssl", ["rand", "-hex", "24"]).toString().trim();
  writeFileSync(path("tokens.csv"), `${tenantToken},tenant,tenant-uid\n`, { mode: 0o600 });
  return {
    ca: path("ca.crt"),
    servingCert: path("serving.crt"),
    servingKey: path("serving.key"),
    adminCert: path("admin.crt"),
    adminKey: path("admin.key"),
    serviceAccountKey: path("sa.key"),
    tokenFile: path("tokens.csv"),
    tenantToken,
  };
}

function getWithAdminCert(pki: Pki, port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        ca: readFileSync(pki.ca),
        cert: readFileSync(pki.adminCert),
        key: readFileSync(pki.adminKey),
        timeout: 5_000,
      },
      (res) => {
        let body = "";
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolvePromise({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on("error", reject);
    req.end();
  });
}

function kubeconfig(
  server: string,
  caPath: string,
  user: string,
  auth: { cert: string; key: string } | { token: string },
) {
  const credentials =
    "token" in auth
      ? `    token: ${auth.token}\n`
      : `    client-certificate: ${auth.cert}\n    client-key: ${auth.key}\n`;
  return `apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: ${server}
    certificate-authority: ${caPath}
users:
- name: ${user}
  user:
${credentials}contexts:
- name: ${user}@local
  context:
    cluster: local
    user: ${user}
current-context: ${user}@local
`;
}
