// Messages between the comparison benchmark (bench/compare.ts) and its load processes.
// Times are milliseconds on the machine's clock (performance.timeOrigin + now()), the
// same in every process on one machine, so a send stamped by the publisher and an arrival
// stamped by a receiver can be subtracted.
import { performance } from "node:perf_hooks";

export const clock = () => performance.timeOrigin + performance.now();

/** One socket to open: its user, and the handshake `auth` the target wants. */
export type SocketSpec = { userId: string; auth: Record<string, string> };

export type ReceiverCommand =
  | { kind: "connect"; url: string; sockets: SocketSpec[]; concurrency: number }
  | { kind: "collect" }
  | { kind: "close" };

export type ReceiverReport =
  | { kind: "connected"; sockets: number; failed: number; ms: number }
  | { kind: "arrivals"; arrivals: [key: string, at: number][]; repeats: number; disconnects: number };

export type PublisherCommand = {
  kind: "run";
  url: string;
  path: string;
  headers: Record<string, string>;
  userIds: string[];
  rate: number;
  seconds: number;
  tag: string;
};

export type PublisherReport = {
  kind: "done";
  sends: [key: string, at: number][];
  /** Per-request time to the answer, for the accepted ones. */
  answers: number[];
  errors: Record<string, number>;
  /** How late the last send left against its schedule: a sign that the generator lagged. */
  lagMs: number;
};
