// Whether a connector is a source or a sink, from its connector.class and the workers' plugin
// list. Connect accepts a class by its full name, its simple name, or its simple name without
// the "Connector" suffix (FileStreamSink), when that alias names one plugin only; so does this.
import type { ConnectorPlugin } from "../../ports/connect-api.ts";
import type { ConnectorRole } from "./schema.ts";

export type RoleDetection =
  | {
      readonly isDetected: true;
      readonly role: ConnectorRole;
      /** The plugin's full class name, for the validate endpoint; the class as written when not listed. */
      readonly pluginClass: string;
    }
  | {
      readonly isDetected: false;
      readonly reason: "PluginNotFound" | "RoleMismatch";
      readonly message: string;
    };

/**
 * The connector's role: the spec's when given (checked against the plugin when it is listed),
 * else the listed plugin's type.
 */
export function detectConnectorRole(input: {
  specRole: ConnectorRole | "detect";
  connectorClass: string | undefined;
  plugins: readonly ConnectorPlugin[];
}): RoleDetection {
  const { specRole, connectorClass, plugins } = input;
  if (connectorClass === undefined || connectorClass.trim() === "") {
    return {
      isDetected: false,
      reason: "PluginNotFound",
      message: "The connector's config has no connector.class",
    };
  }
  const candidates = pluginsNamed(connectorClass.trim(), plugins);
  const plugin = candidates.length === 1 ? candidates[0] : undefined;
  const pluginRole = plugin?.type;
  if (specRole !== "detect") {
    if (pluginRole !== undefined && pluginRole !== specRole) {
      return {
        isDetected: false,
        reason: "RoleMismatch",
        message: `role is ${specRole}, but the connector's plugin ${plugin!.class} is a ${pluginRole} connector`,
      };
    }
    return { isDetected: true, role: specRole, pluginClass: plugin?.class ?? connectorClass };
  }
  if (candidates.length > 1) {
    return {
      isDetected: false,
      reason: "PluginNotFound",
      message: `connector.class "${connectorClass}" names several plugins (${candidates.map((p) => p.class).join(", ")}); write the full class name or set role`,
    };
  }
  if (plugin === undefined) {
    return {
      isDetected: false,
      reason: "PluginNotFound",
      message: `connector.class "${connectorClass}" is not in the workers' plugin list, so its role cannot be detected; install the plugin or set role`,
    };
  }
  return { isDetected: true, role: plugin.type, pluginClass: plugin.class };
}

/** Plugins the name stands for: the class itself, else every plugin it is an alias of. */
function pluginsNamed(name: string, plugins: readonly ConnectorPlugin[]): ConnectorPlugin[] {
  const exact = plugins.filter((p) => p.class === name);
  if (exact.length > 0) return exact;
  return plugins.filter((p) => {
    const simpleName = p.class.slice(p.class.lastIndexOf(".") + 1);
    const pruned = simpleName.endsWith("Connector") ? simpleName.slice(0, -"Connector".length) : simpleName;
    return name === simpleName || name === pruned;
  });
}
