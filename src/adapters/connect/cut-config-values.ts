// Kafka Connect's error messages may repeat config values back ("Invalid value s3cret for
// configuration ssl.key.password: ..."), and a config may hold a secret when a user wrote one
// in clear. Messages that reach status, Events or logs go through here first.

/** Values shorter than this, and booleans, are left in place: flags and small counts, whose cutting would garble the message. */
const SHORTEST_CUT_VALUE = 4;
const isBoolean = (value: string) => value === "true" || value === "false";

/**
 * `message` without the value part of Connect's "Invalid value <v> for configuration <k>" and
 * without any value of `config` (the config the request sent) of four characters or more other
 * than a boolean, nor the connector class, which names the plugin and is no secret.
 */
export function cutConfigValues(message: string, config: Readonly<Record<string, string>> = {}): string {
  let cut = message.replace(/Invalid value .*? for configuration /gs, "Invalid value for configuration ");
  const values = Object.entries(config)
    .filter(
      ([key, value]) => key !== "connector.class" && value.length >= SHORTEST_CUT_VALUE && !isBoolean(value),
    )
    .map(([, value]) => value)
    // Longest first, so a value containing another is cut whole.
    .sort((a, b) => b.length - a.length);
  for (const value of values) cut = cut.replaceAll(value, "***");
  return cut;
}
