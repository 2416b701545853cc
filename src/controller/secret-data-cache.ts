// The contents of the Secrets some object references, and of no other. Secrets are watched by
// metadata only (who exists, at which resourceVersion), so a cluster's many Secrets the operator
// never reads (Helm releases, service account tokens, other tenants') cost it a few fields each;
// a referenced one is read once from the API server and read again only when its metadata says
// it changed. Reads are synchronous, from what was loaded: `load` runs before a reconcile of an
// object that references the Secret, and again when the Secret changes, before its users are
// re-queued.
import type { V1Secret } from "@kubernetes/client-node";

export interface SecretDataCacheOptions {
  /** The Secret as the API server has it now; undefined when it does not exist. */
  fetch(namespace: string, name: string): Promise<V1Secret | undefined>;
  /** The resourceVersion the metadata watch last saw; undefined when the Secret does not exist. */
  versionOf(namespace: string, name: string): string | undefined;
}

/** "namespace/name" of a Secret. */
type SecretKey = string;

export class SecretDataCache {
  readonly #options: SecretDataCacheOptions;
  readonly #loaded = new Map<SecretKey, V1Secret>();
  readonly #loading = new Map<SecretKey, Promise<void>>();

  constructor(options: SecretDataCacheOptions) {
    this.#options = options;
  }

  /** The loaded Secret; undefined when it does not exist or nothing references it. */
  get(namespace: string, name: string): V1Secret | undefined {
    return this.#loaded.get(`${namespace}/${name}`);
  }

  /** Brings the Secrets up to the version the metadata watch saw; reads only those that are not. */
  async load(keys: Iterable<SecretKey>): Promise<void> {
    await Promise.all([...keys].map((key) => this.#loadOne(key)));
  }

  /** Drops a Secret nothing references any more. */
  forget(key: SecretKey): void {
    this.#loaded.delete(key);
  }

  #loadOne(key: SecretKey): Promise<void> {
    const slash = key.indexOf("/");
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const version = this.#options.versionOf(namespace, name);
    if (version === undefined) {
      this.#loaded.delete(key);
      return Promise.resolve();
    }
    if (this.#loaded.get(key)?.metadata?.resourceVersion === version) return Promise.resolve();
    // One read per Secret at a time; a change seen meanwhile is caught by the next load.
    let loading = this.#loading.get(key);
    if (!loading) {
      loading = this.#options
        .fetch(namespace, name)
        .then((secret) => {
          if (secret) this.#loaded.set(key, secret);
          else this.#loaded.delete(key);
        })
        .finally(() => this.#loading.delete(key));
      this.#loading.set(key, loading);
    }
    return loading;
  }
}
