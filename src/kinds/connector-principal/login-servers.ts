// Where the operator logs in with the principal's credential to prove it (CredentialsValid):
// on the listener the connector's clients will use. The operator does not know the workers'
// own bootstrap servers, so: the spec's bootstrapServers when given (the overrides name them
// too), else those the connector's config already overrides, else the KafkaCluster's.
import { OVERRIDE_PREFIXES } from "./override-properties.ts";

export interface LoginServers {
  readonly servers: readonly string[];
  /** Where they came from, for messages. */
  readonly from: "spec" | "connector" | "kafkaCluster";
}

export function loginServers(input: {
  specServers: readonly string[] | undefined;
  /** The connector's config, when it exists. */
  connectorConfig: Readonly<Record<string, string>> | undefined;
  kafkaClusterServers: readonly string[];
}): LoginServers {
  if (input.specServers !== undefined) return { servers: input.specServers, from: "spec" };
  for (const prefix of OVERRIDE_PREFIXES) {
    const servers = (input.connectorConfig?.[`${prefix}bootstrap.servers`] ?? "")
      .split(",")
      .map((server) => server.trim())
      .filter((server) => server !== "");
    if (servers.length > 0) return { servers, from: "connector" };
  }
  return { servers: input.kafkaClusterServers, from: "kafkaCluster" };
}
