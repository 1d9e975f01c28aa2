// The sharded Redis adapter, changed in one respect: an emit reaches this instance's own
// sockets at once and is published to Redis without being waited for. Socket.IO's cluster
// adapter awaits the publish before delivering locally, so a stalled Redis held up even
// sockets on the publishing instance, and a failed publish was swallowed. Here a failed
// publish is reported (the gateway asks the rooms it missed to catch up once Redis is
// back), and so is a slow one.
import type { Namespace } from "socket.io";
import { Adapter, MessageType, type BroadcastOptions } from "socket.io-adapter";

type AdapterFactory = (nsp: Namespace) => Adapter;
type Packet = unknown;

export type FanoutReport = {
  /** A publish to Redis failed: these rooms' sockets on other instances missed it. */
  failed: (rooms: string[], error: Error) => void;
  /** A publish to Redis took this long (reported when over SLOW_FANOUT_MS): other instances got it late. */
  slow: (ms: number) => void;
};

export const SLOW_FANOUT_MS = 1000;

// ClusterAdapter's own publish: it stamps the sender's uid and namespace on the message.
type Publisher = { publishAndReturnOffset(message: object): Promise<unknown> };

export function localFirst(factory: AdapterFactory, report: FanoutReport): AdapterFactory {
  // Socket.IO calls the factory with `new`, which an arrow function cannot take.
  return function localFirstAdapter(nsp: Namespace) {
    const adapter = factory(nsp);
    const publisher = adapter as unknown as Publisher;
    adapter.broadcast = (packet: Packet, opts: BroadcastOptions) => {
      Adapter.prototype.broadcast.call(adapter, packet, opts);
      if (opts.flags?.local) return;
      const started = performance.now();
      const data = { packet, opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags } };
      publisher.publishAndReturnOffset({ type: MessageType.BROADCAST, data }).then(
        () => {
          const ms = performance.now() - started;
          if (ms > SLOW_FANOUT_MS) report.slow(ms);
        },
        (error: Error) => report.failed([...opts.rooms], error),
      );
    };
    return adapter;
  };
}
