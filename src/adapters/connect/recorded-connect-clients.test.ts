import { describe, expect, it } from "vitest";
import type { ConnectApi, ConnectApiClients } from "../../ports/connect-api.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { recordedConnectClients } from "./recorded-connect-clients.ts";

const unreachable = new OperatorError("Cannot list connectors: refused", {
  reason: "ConnectUnreachable",
  isRetryable: true,
});
const api = {
  listConnectors: async () => ["orders-sink"],
  getConnector: async () => {
    throw unreachable;
  },
} as unknown as ConnectApi;
const clients: ConnectApiClients = { clientFor: () => api, release: async () => undefined };

describe("recordedConnectClients", () => {
  it("tells the recorder of every call by method and outcome, and passes answers and errors on", async () => {
    const calls: string[] = [];
    const recorded = recordedConnectClients(clients, {
      record: ({ api: method, outcome }) => calls.push(`${method}/${outcome}`),
    }).clientFor("kafka-system/connect", { baseUrl: "http://127.0.0.1:8083" });
    expect(await recorded.listConnectors()).toEqual(["orders-sink"]);
    await expect(recorded.getConnector("orders-sink")).rejects.toBe(unreachable);
    expect(calls).toEqual(["listConnectors/ok", "getConnector/error"]);
  });
});
