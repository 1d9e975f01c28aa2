// An https.Agent that connects only to public addresses: pass it as web-push's `agent`
// option (web-push 3.6 requires an https.Agent instance and ignores it when `proxy` is set).
import type { Duplex } from "node:stream";
import https from "node:https";
import net from "node:net";
import { assertAllowedAddress, createGuardedLookup, type GuardOptions } from "./guarded-lookup.ts";

export type GuardedAgentOptions = Omit<https.AgentOptions, "lookup"> & GuardOptions;

export function createGuardedAgent({ allowPrivate, resolve, ...agentOptions }: GuardedAgentOptions = {}): https.Agent {
  return new GuardedAgent(agentOptions, { allowPrivate, resolve });
}

class GuardedAgent extends https.Agent {
  readonly #guard: GuardOptions;
  readonly #lookup: net.LookupFunction;

  constructor(options: https.AgentOptions, guard: GuardOptions) {
    const lookup = createGuardedLookup(guard);
    super({ ...options, lookup });
    this.#guard = guard;
    this.#lookup = lookup;
  }

  override createConnection(
    options: https.RequestOptions,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    try {
      // Node never calls `lookup` for an IP-literal host, so those are checked here;
      // a Unix socket is local by definition.
      if (options.socketPath) assertAllowedAddress(options.socketPath, "unix socket", this.#guard);
      const host = options.host ?? "localhost";
      if (net.isIP(host)) assertAllowedAddress(host, host, this.#guard);
    } catch (error) {
      if (!callback) throw error;
      // The http agent turns this into the request's 'error' event; no socket is opened.
      callback(error as Error, undefined as unknown as Duplex);
      return undefined;
    }
    // Set again here: per-request options must not replace the guarded lookup.
    return super.createConnection({ ...options, lookup: this.#lookup }, callback);
  }
}
