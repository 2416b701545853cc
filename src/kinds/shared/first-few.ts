// Lists in messages (conditions, Events) stay short: the first few items, then a count.

/** The first `max` items joined with "; ", then " and N more" when there are others. */
export function firstFew(items: readonly string[], max = 5): string {
  const more = items.length > max ? ` and ${items.length - max} more` : "";
  return `${items.slice(0, max).join("; ")}${more}`;
}
