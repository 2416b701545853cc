// ConnectApi clients whose every call is told to a recorder, by method and outcome, for the
// operator's metrics (kafka_access_operator_external_calls_total{system="connect"}) and for
// tests that count what reached Connect, writes above all.
import type { ConnectApi, ConnectApiClients, ConnectEndpoint } from "../../ports/connect-api.ts";

/** Told of every call a ConnectApi made: the method's name and whether it resolved. */
export interface ConnectCallRecorder {
  record(call: { readonly api: keyof ConnectApi; readonly outcome: "ok" | "error" }): void;
}

export function recordedConnectClients(
  clients: ConnectApiClients,
  recorder: ConnectCallRecorder,
): ConnectApiClients {
  return {
    clientFor: (owner: string, endpoint: ConnectEndpoint) =>
      recorded(clients.clientFor(owner, endpoint), recorder),
    release: (owner: string) => clients.release(owner),
  };
}

function recorded(api: ConnectApi, recorder: ConnectCallRecorder): ConnectApi {
  return new Proxy(api, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver);
      if (typeof member !== "function") return member;
      const name = property as keyof ConnectApi;
      return async (...args: unknown[]) => {
        try {
          const result = await member.apply(target, args);
          recorder.record({ api: name, outcome: "ok" });
          return result;
        } catch (err) {
          recorder.record({ api: name, outcome: "error" });
          throw err;
        }
      };
    },
  });
}
