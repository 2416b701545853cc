import { describe, expect, it } from "vitest";
import type { ConnectorPlugin } from "../../ports/connect-api.ts";
import { detectConnectorRole } from "./connector-role.ts";

const FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
const FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
const plugins: ConnectorPlugin[] = [
  { class: FILE_SINK, type: "sink" },
  { class: FILE_SOURCE, type: "source" },
  { class: "org.apache.kafka.connect.mirror.MirrorSourceConnector", type: "source" },
  { class: "com.example.MirrorSourceConnector", type: "source" },
];

describe("detectConnectorRole", () => {
  it.each([
    { why: "the full class name of a sink", connectorClass: FILE_SINK, role: "sink", pluginClass: FILE_SINK },
    {
      why: "the simple name, as Connect accepts it",
      connectorClass: "FileStreamSourceConnector",
      role: "source",
      pluginClass: FILE_SOURCE,
    },
    {
      why: "the simple name without the Connector suffix",
      connectorClass: "FileStreamSink",
      role: "sink",
      pluginClass: FILE_SINK,
    },
    {
      why: "a full name wins over an alias another plugin shares",
      connectorClass: "org.apache.kafka.connect.mirror.MirrorSourceConnector",
      role: "source",
      pluginClass: "org.apache.kafka.connect.mirror.MirrorSourceConnector",
    },
  ])("detects the role from $why", ({ connectorClass, role, pluginClass }) => {
    expect(detectConnectorRole({ specRole: "detect", connectorClass, plugins })).toEqual({
      isDetected: true,
      role,
      pluginClass,
    });
  });

  it.each([
    {
      why: "a role given for a plugin that is not listed is taken as given",
      specRole: "source" as const,
      connectorClass: "com.example.Private",
      expected: { isDetected: true, role: "source", pluginClass: "com.example.Private" },
    },
    {
      why: "a role given that agrees with the plugin",
      specRole: "sink" as const,
      connectorClass: "FileStreamSink",
      expected: { isDetected: true, role: "sink", pluginClass: FILE_SINK },
    },
    {
      why: "a role given that contradicts the plugin is a mismatch",
      specRole: "source" as const,
      connectorClass: FILE_SINK,
      expected: { isDetected: false, reason: "RoleMismatch" },
    },
  ])("$why", ({ specRole, connectorClass, expected }) => {
    expect(detectConnectorRole({ specRole, connectorClass, plugins })).toMatchObject(expected);
  });

  it.each([
    {
      why: "the class is not installed",
      connectorClass: "com.example.Missing",
      message: "not in the workers' plugin list",
    },
    { why: "the alias names two plugins", connectorClass: "MirrorSource", message: "names several plugins" },
    {
      why: "the class is a transformation, which the workers list as no connector",
      connectorClass: "org.apache.kafka.connect.transforms.Cast$Value",
      message: "not in the workers' plugin list",
    },
    {
      why: "the config has no connector.class",
      connectorClass: undefined,
      message: "has no connector.class",
    },
  ])("cannot detect the role when $why", ({ connectorClass, message }) => {
    const detection = detectConnectorRole({ specRole: "detect", connectorClass, plugins });
    expect(detection).toMatchObject({ isDetected: false, reason: "PluginNotFound" });
    expect(detection.isDetected === false && detection.message).toContain(message);
  });
});
