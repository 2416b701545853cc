// Which Secrets a resource's spec references, found from the shape every Secret reference has
// ({ name, key }: secretKeyRefSchema), wherever it sits in the spec. One rule for every kind,
// so a credential field added later re-queues its resource on rotation without a list to keep.
// A cluster reference ({ name, namespace }) has no `key` and is not a Secret reference.

/** Names of the Secrets `spec` references, each once. */
export function secretNamesIn(spec: unknown): string[] {
  const names = new Set<string>();
  const visit = (value: unknown, depth: number) => {
    if (depth > 32 || typeof value !== "object" || value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.name === "string" && typeof record.key === "string") names.add(record.name);
    for (const child of Object.values(record)) visit(child, depth + 1);
  };
  visit(spec, 0);
  return [...names];
}
