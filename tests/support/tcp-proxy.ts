// A TCP proxy in front of a server, to cut the network between a client and the server
// the way a dropped connection does: open connections are destroyed and new ones are
// refused until the proxy is restored. `stall` is the silent kind of loss (a phone that
// went into a tunnel): connections stay open, but nothing gets through either way.
import net from "node:net";

export type TcpProxy = { url: string; cut: () => Promise<void>; stall: () => void; restore: () => Promise<void>; close: () => Promise<void> };

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const open = new Set<net.Socket>();
  const pairs = new Set<[net.Socket, net.Socket]>();
  let server: net.Server;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        for (const s of [client, upstream]) {
          open.add(s);
          s.on("close", () => open.delete(s));
          s.on("error", () => {});
        }
        client.pipe(upstream).pipe(client);
        const pair: [net.Socket, net.Socket] = [client, upstream];
        pairs.add(pair);
        client.on("close", () => pairs.delete(pair));
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => resolve());
    });

  const stall = () => {
    for (const [client, upstream] of pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  };

  await listen();
  return { url: `http://127.0.0.1:${port}`, cut: stop, stall, restore: listen, close: stop };
}
