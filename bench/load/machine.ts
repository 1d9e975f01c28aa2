// What the benchmark reads off the machine (Linux /proc): CPU seconds used by processes
// and a process's resident memory.
import { readdirSync, readFileSync } from "node:fs";

const TICKS = 100; // USER_HZ on Linux

function stat(pid: number): { comm: string; cpu: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const comm = text.slice(text.indexOf("(") + 1, text.lastIndexOf(")"));
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { comm, cpu: (Number(fields[11]) + Number(fields[12])) / TICKS };
  } catch {
    return null; // gone
  }
}

/** CPU seconds used so far by one process. */
export function cpuOf(pid: number): number {
  return stat(pid)?.cpu ?? 0;
}

/** CPU seconds used so far by every process with one of these names (postgres, redis-server). */
export function cpuOfNamed(names: string[]): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s && names.some((name) => s.comm.startsWith(name))) total += s.cpu;
  }
  return total;
}

/** Resident memory of a process, in bytes. */
export function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : 0;
}
