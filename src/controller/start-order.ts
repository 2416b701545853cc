// Which kinds a kind waits for at start: those whose changes re-queue its objects, so that its
// first reconciles see their current status. Its dependency on its own objects (one re-queueing
// another) is not waited for: that would be waiting for its own start.

/** The kinds `kind` waits for, each once, given the kinds its dependencies name. */
export function kindsToWaitFor(kind: string, dependencyKinds: readonly string[]): string[] {
  return [...new Set(dependencyKinds)].filter((other) => other !== kind);
}
