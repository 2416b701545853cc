// Watches one kind in one namespace from the bench's side and notes when each object turns
// Ready for its current generation and when it is gone: convergence is observed as it happens,
// for the operator and the baselines alike, without polling lists of thousands of objects.
import { type KubeConfig, KubernetesObjectApi, Watch } from "@kubernetes/client-node";

interface Watched {
  metadata: { name: string; generation?: number; resourceVersion?: string };
  status?: {
    observedGeneration?: number;
    conditions?: Array<{ type: string; status: string; observedGeneration?: number }>;
  };
}

/** Whether Ready is True and speaks of the object's current generation. */
export function isReadyAtGeneration(object: Watched): boolean {
  const ready = object.status?.conditions?.find((c) => c.type === "Ready");
  const observed = ready?.observedGeneration ?? object.status?.observedGeneration;
  return ready?.status === "True" && observed === object.metadata.generation;
}

export class ReadyWatch {
  readonly #isReady = new Map<string, boolean>();
  readonly #generation = new Map<string, number>();
  /** performance.now() of every turn to Ready, in order. */
  readonly readyTimes: number[] = [];
  /** performance.now() of every deletion, in order. */
  readonly goneTimes: number[] = [];
  readonly #waiters = new Set<() => void>();
  #abort: AbortController | undefined;
  #isStopped = false;

  readonly kubeConfig: KubeConfig;
  readonly apiVersion: string;
  readonly kind: string;
  readonly path: string;
  readonly namespace: string;

  private constructor(
    kubeConfig: KubeConfig,
    apiVersion: string,
    kind: string,
    path: string,
    namespace: string,
  ) {
    this.kubeConfig = kubeConfig;
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.path = path;
    this.namespace = namespace;
  }

  /** Lists, then watches from the list; resolves once the watch is open. */
  static async start(
    kubeConfig: KubeConfig,
    resource: { group: string; version: string; kind: string; plural: string },
    namespace: string,
  ): Promise<ReadyWatch> {
    const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
    const path = `/apis/${apiVersion}/namespaces/${namespace}/${resource.plural}`;
    const watch = new ReadyWatch(kubeConfig, apiVersion, resource.kind, path, namespace);
    await watch.#listAndWatch();
    return watch;
  }

  get readyCount(): number {
    let count = 0;
    for (const ready of this.#isReady.values()) if (ready) count++;
    return count;
  }

  get count(): number {
    return this.#isReady.size;
  }

  generationOf(name: string): number | undefined {
    return this.#generation.get(name);
  }

  /** Resolves once `check` holds, checked on every event; rejects after `timeoutMs`. */
  until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`${what} did not happen within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve();
      };
      this.#waiters.add(waiter);
    });
  }

  untilAllReady(count: number, timeoutMs: number): Promise<void> {
    return this.until(`${count} ${this.kind}s Ready`, () => this.readyCount >= count, timeoutMs);
  }

  untilReadyAt(name: string, generation: number, timeoutMs: number): Promise<void> {
    return this.until(
      `${this.kind} ${name} Ready at generation ${generation}`,
      () => this.#isReady.get(name) === true && (this.#generation.get(name) ?? 0) >= generation,
      timeoutMs,
    );
  }

  untilNoneLeft(timeoutMs: number): Promise<void> {
    return this.until(`every ${this.kind} gone`, () => this.#isReady.size === 0, timeoutMs);
  }

  stop(): void {
    this.#isStopped = true;
    this.#abort?.abort();
  }

  #note(type: string, object: Watched): void {
    const name = object.metadata.name;
    if (type === "DELETED") {
      if (this.#isReady.delete(name)) this.goneTimes.push(performance.now());
      this.#generation.delete(name);
    } else {
      const isReady = isReadyAtGeneration(object);
      if (isReady && this.#isReady.get(name) !== true) this.readyTimes.push(performance.now());
      this.#isReady.set(name, isReady);
      this.#generation.set(name, object.metadata.generation ?? 0);
    }
    for (const waiter of [...this.#waiters]) waiter();
  }

  async #listAndWatch(): Promise<void> {
    const api = KubernetesObjectApi.makeApiClient(this.kubeConfig);
    const listed = await api.list<Watched & { apiVersion: string; kind: string }>(
      this.apiVersion,
      this.kind,
      this.namespace,
    );
    const seen = new Set<string>();
    for (const item of listed.items) {
      seen.add(item.metadata.name);
      this.#note("MODIFIED", item);
    }
    for (const name of [...this.#isReady.keys()])
      if (!seen.has(name)) this.#note("DELETED", { metadata: { name } });
    await this.#watchFrom(listed.metadata?.resourceVersion);
  }

  async #watchFrom(resourceVersion: string | undefined): Promise<void> {
    let lastVersion = resourceVersion;
    this.#abort = await new Watch(this.kubeConfig).watch(
      this.path,
      { allowWatchBookmarks: true, ...(lastVersion ? { resourceVersion: lastVersion } : {}) },
      (type, object: Watched) => {
        lastVersion = object.metadata?.resourceVersion ?? lastVersion;
        if (type === "BOOKMARK") return;
        if (type === "ERROR") {
          lastVersion = undefined; // 410 Gone: list again
          return;
        }
        this.#note(type, object);
      },
      () => {
        if (this.#isStopped) return;
        // A watch ends now and then (server timeout); resume where it stopped, or list again.
        const resume = lastVersion ? this.#watchFrom(lastVersion) : this.#listAndWatch();
        resume.catch((err) => console.error(`the bench's watch of ${this.kind}s failed: ${err}`));
      },
    );
  }
}
