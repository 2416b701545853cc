// An MIT KDC (Debian's krb5-kdc) for the test environment: a fresh realm per run on a free
// loopback port, a krb5.conf that never looks at DNS, and keytabs for the brokers and the
// principals tests log in as. Brokers are `kafka/localhost`: clients connect to "localhost"
// and, with DNS canonicalization off, ask for exactly that service principal.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, startProcess, waitUntilReady } from "./managed-process.ts";

export interface KdcInfo {
  readonly realm: string;
  readonly host: string;
  readonly port: number;
  readonly krb5ConfPath: string;
  /** The KDC's own profile; kadmin.local needs it to reach the database. */
  readonly kdcConfPath: string;
  readonly keytabDir: string;
  /** Broker service principal, e.g. kafka/localhost@KAFKA.TEST. */
  readonly brokerPrincipal: string;
  /** keytab path by short principal name (kao-admin, link, connector, other, kafka/localhost). */
  readonly keytabs: Readonly<Record<string, string>>;
  readonly logPath: string;
}

export interface Kdc {
  readonly info: KdcInfo;
  stop(): Promise<void>;
}

const REALM = "KAFKA.TEST";
/** Principals every run has; `other` exists so tests can present a keytab for the wrong one. */
const PRINCIPALS = ["kafka/localhost", "kao-admin", "link", "connector", "other"];

export async function startKdc(runDir: string): Promise<Kdc> {
  const dir = join(runDir, "kdc");
  const keytabDir = join(dir, "keytabs");
  mkdirSync(keytabDir, { recursive: true });
  const port = await freePort();
  const krb5ConfPath = join(dir, "krb5.conf");
  const kdcConfPath = join(dir, "kdc.conf");
  writeFileSync(
    krb5ConfPath,
    `[libdefaults]
  default_realm = ${REALM}
  dns_lookup_kdc = false
  dns_lookup_realm = false
  dns_canonicalize_hostname = false
  rdns = false
  udp_preference_limit = 1
  ticket_lifetime = 24h
  forwardable = true

[realms]
  ${REALM} = {
    kdc = 127.0.0.1:${port}
    admin_server = 127.0.0.1:${port}
  }

[domain_realm]
  localhost = ${REALM}
`,
  );
  writeFileSync(
    kdcConfPath,
    `[kdcdefaults]
  kdc_tcp_listen = 127.0.0.1:${port}
  kdc_listen = 127.0.0.1:${port}

[realms]
  ${REALM} = {
    database_name = ${join(dir, "principal")}
    key_stash_file = ${join(dir, "stash")}
    acl_file = ${join(dir, "kadm5.acl")}
    max_life = 24h
    # Real KDCs (Active Directory, FreeIPA) require pre-authentication; so does this one, so a
    # stale key is refused by the KDC ("Preauthentication failed") as in production.
    default_principal_flags = +preauth
    supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
  }

[logging]
  kdc = FILE:${join(dir, "krb5kdc.log")}
`,
  );
  writeFileSync(join(dir, "kadm5.acl"), "");
  const env = { ...process.env, KRB5_CONFIG: krb5ConfPath, KRB5_KDC_PROFILE: kdcConfPath };
  const masterPassword = randomBytes(18).toString("base64url");
  execFileSync("kdb5_util", ["create", "-s", "-r", REALM, "-P", masterPassword], { env, stdio: "pipe" });

  const admin = { krb5ConfPath, kdcConfPath, keytabDir };
  const keytabs: Record<string, string> = {};
  for (const principal of PRINCIPALS) keytabs[principal] = createPrincipal(admin, principal);

  const kdc = startProcess({
    name: "krb5kdc",
    command: "krb5kdc",
    args: ["-n", "-r", REALM],
    env,
    logPath: join(dir, "krb5kdc-stdout.log"),
  });
  try {
    // Ready when the KDC issues a ticket for a keytab: the protocol itself, end to end.
    const probeCache = join(dir, "probe.ccache");
    await waitUntilReady(kdc, async () => {
      execFileSync(
        "kinit",
        ["-k", "-t", keytabs["kao-admin"]!, "-c", `FILE:${probeCache}`, `kao-admin@${REALM}`],
        {
          env,
          stdio: "pipe",
          timeout: 5_000,
        },
      );
      return true;
    });
  } catch (err) {
    await kdc.stop();
    throw err;
  }
  return {
    info: {
      realm: REALM,
      host: "127.0.0.1",
      port,
      krb5ConfPath,
      kdcConfPath,
      keytabDir,
      brokerPrincipal: `kafka/localhost@${REALM}`,
      keytabs,
      logPath: join(dir, "krb5kdc.log"),
    },
    stop: () => kdc.stop(),
  };
}

type RealmFiles = Pick<KdcInfo, "krb5ConfPath" | "kdcConfPath" | "keytabDir">;

/**
 * Adds a principal (short name, e.g. `connector-2` or `kafka/localhost`) with a random key to
 * the run's realm and exports its keytab. Works before and after the KDC started: kadmin.local
 * writes the database directly.
 */
export function createPrincipal(info: RealmFiles, principal: string): string {
  const keytab = join(info.keytabDir, `${principal.replaceAll("/", "_")}.keytab`);
  kadminLocal(info, `addprinc -randkey ${principal}@${REALM}`);
  kadminLocal(info, `ktadd -k ${keytab} -norandkey ${principal}@${REALM}`);
  return keytab;
}

/**
 * Writes the principal's current keys to `keytab` (no new key): the same login as before from
 * a file whose bytes differ (each export is stamped), as a re-issued Secret would be.
 */
export function exportKeytab(info: RealmFiles, principal: string, keytab: string): void {
  kadminLocal(info, `ktadd -k ${keytab} -norandkey ${principal}@${REALM}`);
}

/** Gives a principal a new random key on the KDC only: keytabs exported before hold a stale key. */
export function rotateKey(info: RealmFiles, principal: string): void {
  kadminLocal(info, `cpw -randkey ${principal}@${REALM}`);
}

/** Removes a principal from the realm; its keytabs stay behind, naming an unknown client. */
export function removePrincipal(info: RealmFiles, principal: string): void {
  kadminLocal(info, `delprinc -force ${principal}@${REALM}`);
}

function kadminLocal(info: RealmFiles, query: string): void {
  const env = { ...process.env, KRB5_CONFIG: info.krb5ConfPath, KRB5_KDC_PROFILE: info.kdcConfPath };
  execFileSync("kadmin.local", ["-r", REALM, "-q", query], { env, stdio: "pipe" });
}
