// The process environment MIT Kerberos reads for one keytab login, and the lock that keeps two
// logins from seeing each other's.
//
// libgssapi takes the client keytab (KRB5_CLIENT_KTNAME), the credential cache (KRB5CCNAME) and
// krb5.conf (KRB5_CONFIG) from the environment each time it builds a Kerberos context, and the
// `kerberos` addon offers no other way to pass them. So every native call of a login runs with
// that login's variables set and restored afterwards, one call at a time in the process. Broker
// round trips happen between calls, outside the lock: a slow broker delays only its own login.
//
// Each (principal, keytab content) pair gets its own MEMORY cache. MIT fills it from the keytab
// on first use and refreshes it before the tickets expire; later logins with the same keytab
// reuse its tickets without asking the KDC. A changed keytab is a new pair, so its first login
// proves the new keys. Caches live as long as the process (MIT cannot drop a MEMORY cache from
// here): a few kilobytes per keytab ever used.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { keytabPrincipals } from "../../credentials/keytab.ts";

export interface KerberosEnvironment {
  /** Runs one native Kerberos call with this login's variables, after any other login's call. */
  run<T>(call: () => Promise<T>): Promise<T>;
}

/**
 * Reads the keytab and prepares the environment for logging in as `principal`. Fails before any
 * network traffic when the keytab cannot be read or holds no key for the principal; the message
 * names the principals it does hold, never a key.
 */
export async function kerberosEnvironment(login: {
  principal: string;
  keytabPath: string;
  krb5ConfPath?: string;
}): Promise<KerberosEnvironment> {
  let keytab: Buffer;
  try {
    keytab = await readFile(login.keytabPath);
  } catch (err) {
    throw new Error(`the keytab cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const held = keytabPrincipals(keytab);
  if (!keytabHolds(held, login.principal)) {
    throw new Error(
      `the keytab holds keys for ${held.join(", ") || "no principal"}, not for ${login.principal}`,
    );
  }
  const variables = {
    KRB5_CLIENT_KTNAME: `FILE:${login.keytabPath}`,
    KRB5CCNAME: `MEMORY:${credentialCacheName(login.principal, keytab)}`,
    KRB5_CONFIG: login.krb5ConfPath,
  };
  return { run: (call) => serialised(() => withVariables(variables, call)) };
}

/**
 * Whether a keytab's principals include `principal`; one written without a realm matches any
 * realm, as MIT then applies krb5.conf's default realm.
 */
export function keytabHolds(held: readonly string[], principal: string): boolean {
  if (principal.includes("@")) return held.includes(principal);
  return held.some((p) => p.slice(0, p.lastIndexOf("@")) === principal);
}

/** The MEMORY cache name of a (principal, keytab content) pair: a digest, no key material. */
export function credentialCacheName(principal: string, keytab: Buffer): string {
  const digest = createHash("sha256").update(principal).update("\0").update(keytab).digest("hex");
  return `kafka-access-operator-${digest.slice(0, 32)}`;
}

let queue: Promise<unknown> = Promise.resolve();

function serialised<T>(call: () => Promise<T>): Promise<T> {
  const result = queue.then(call, call);
  queue = result.catch(() => undefined);
  return result;
}

async function withVariables<T>(
  variables: Record<string, string | undefined>,
  call: () => Promise<T>,
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(variables).map((k) => [k, process.env[k]]));
  // An unset krb5.conf keeps the process's own (KRB5_CONFIG or /etc/krb5.conf).
  setVariables(Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== undefined)));
  try {
    return await call();
  } finally {
    setVariables(saved);
  }
}

function setVariables(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}
