// Connect's messages quote the values they reject ("Invalid value hunter2 for configuration
// x: ..."), and a connector config may carry an inlined secret. Every worker message that can
// reach an error, a status or a log passes through here first: values go, field names stay.

const REDACTED = "[redacted]";

/**
 * Shorter values are left in place: too short to be a secret, and cutting "1" or "true" out of
 * every sentence would garble the message. The ConfigException pattern below still hides them
 * where Connect quotes a rejected value.
 */
const MIN_REDACTED_LENGTH = 4;

/** `message` with every value of `config` (and any value Connect quotes as invalid) replaced. */
export function redactConfigValues(message: string, config: Readonly<Record<string, string>>): string {
  // Longest first, so a value that contains another is cut out whole.
  const values = [...new Set(Object.values(config))]
    .filter((value) => value.length >= MIN_REDACTED_LENGTH)
    .sort((a, b) => b.length - a.length);
  let redacted = message;
  for (const value of values) redacted = redacted.split(value).join(REDACTED);
  // ConfigException's own wording; also covers values Connect derived or we never sent.
  return redacted.replace(
    /Invalid value [\s\S]*? for configuration /g,
    `Invalid value ${REDACTED} for configuration `,
  );
}
