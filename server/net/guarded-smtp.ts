// Guarding nodemailer's SMTP connections. nodemailer 7 resolves hosts itself (dns.Resolver
// resolve4/resolve6, with a 5-minute cache of its own) and takes no `lookup` option, so a
// `tls: { lookup }` would never run. Its `getSocket` hook, used by both the single and the
// pooled transport, lets us open the TCP connection ourselves through the guarded lookup;
// nodemailer then speaks SMTP on it and, for implicit TLS (465) or STARTTLS, upgrades it
// with the host name as servername, so certificates are still checked against the name.
import net from "node:net";
import { assertAllowedAddress, createGuardedLookup, type GuardOptions } from "./guarded-lookup.ts";

/** The options nodemailer passes to getSocket (its transport options). */
export type SmtpSocketRequest = { host?: string; port?: number | string; secure?: boolean; connectionTimeout?: number };

export type SmtpGetSocket = (
  options: SmtpSocketRequest,
  callback: (error: Error | null, socketOptions?: { connection: net.Socket }) => void,
) => void;

const DEFAULT_CONNECTION_TIMEOUT_MS = 120_000; // nodemailer's own default

/** nodemailer's `getSocket` option: connects only to hosts that resolve to public addresses. */
export function createGuardedSmtpSocket(guard: GuardOptions = {}): SmtpGetSocket {
  const lookup = createGuardedLookup(guard);
  return (options, callback) => {
    // The same defaults nodemailer's SMTPConnection applies.
    const host = options.host || "localhost";
    const port = Number(options.port) || (options.secure ? 465 : 587);
    try {
      if (net.isIP(host)) assertAllowedAddress(host, host, guard); // net skips lookup for literals
    } catch (error) {
      return callback(error as Error);
    }
    const socket = net.connect({ host, port, lookup });
    const onTimeout = () => fail(Object.assign(new Error(`Connection to ${host}:${port} timed out`), { code: "ETIMEDOUT" }));
    const fail = (error: Error) => {
      detach();
      socket.destroy();
      callback(error);
    };
    // From the connect on, nodemailer owns the socket and its error and timeout handling.
    const detach = () => {
      socket.setTimeout(0);
      socket.off("timeout", onTimeout).off("error", fail);
    };
    socket.setTimeout(options.connectionTimeout ?? DEFAULT_CONNECTION_TIMEOUT_MS);
    socket.on("timeout", onTimeout).on("error", fail);
    socket.once("connect", () => {
      detach();
      callback(null, { connection: socket });
    });
  };
}

/** Transport options with the guard added: `nodemailer.createTransport(withGuardedSmtpSocket({ host, port }))`. */
export function withGuardedSmtpSocket<T extends object>(options: T, guard: GuardOptions = {}): T & { getSocket: SmtpGetSocket } {
  // nodemailer's `proxy` option installs its own getSocket, which would replace this one.
  if ("proxy" in options) throw new Error("withGuardedSmtpSocket: a proxy option would bypass the address guard");
  return { ...options, getSocket: createGuardedSmtpSocket(guard) };
}
