// An open-loop publisher: POST /api/v1/notifications at a fixed rate whatever the answers
// (a backend does not slow down because Herald has a problem), each to random users of the
// scenario, through a random instance. It records every outcome and never retries:
// accepted (202 and the new ids), refused (an HTTP error, or the connection refused, so the
// request reached no server) or unknown (the connection broke or timed out mid-request).
import type { FaultInstance } from "../../support/infra/instances.ts";

export type Outcome = "accepted" | "refused" | "unknown" | "skipped";

export type PublishRecord = {
  title: string;
  recipients: string[];
  instance: string;
  sentAt: number;
  answeredAt?: number;
  outcome?: Outcome;
  /** HTTP status, or the network error code (ECONNREFUSED, ECONNRESET, TimeoutError, …). */
  status?: number | string;
  retryAfter?: string | null;
  /** Accepted: the new notification id per recipient. */
  ids?: Record<string, string>;
};

export type PublisherOptions = {
  prefix: string;
  users: string[];
  instances: FaultInstance[];
  apiKey: string;
  ratePerSecond: number;
  /** Past this many requests awaiting an answer, a due publish is skipped (and counted). */
  maxInFlight: number;
  seed: number;
};

export type Publisher = {
  records: PublishRecord[];
  /** From now on, publishes go to these users only. */
  narrowTo: (users: string[]) => void;
  stop: () => Promise<void>;
};

/** mulberry32: a seeded generator, so a scenario sends the same sequence on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function startPublisher(options: PublisherOptions): Publisher {
  const { instances } = options;
  let users = options.users;
  const next = random(options.seed);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const records: PublishRecord[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();

  const send = (n: number) => {
    // One in ten goes to two people: a publish is all or nothing across its recipients.
    const recipients = n % 10 === 9 ? [...new Set([pick(users), pick(users)])] : [pick(users)];
    const instance = pick(instances);
    const record: PublishRecord = { title: `${options.prefix}-p${n}`, recipients, instance: instance.name, sentAt: Date.now() };
    records.push(record);
    if (inFlight.size >= options.maxInFlight) {
      record.outcome = "skipped";
      return;
    }
    const request = post(instance.url, options.apiKey, record).finally(() => inFlight.delete(request));
    inFlight.add(request);
  };

  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) * options.ratePerSecond) / 1000);
    while (sent < due) send(sent++);
  }, 5);

  return {
    records,
    narrowTo: (subset) => void (users = subset),
    stop: async () => {
      clearInterval(timer);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

async function post(baseUrl: string, apiKey: string, record: PublishRecord): Promise<void> {
  try {
    const res = await fetch(`${baseUrl}/api/v1/notifications`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ recipients: record.recipients, type: "fault.test", title: record.title, data: { marker: record.title } }),
      signal: AbortSignal.timeout(20_000),
    });
    const body = (await res.json().catch(() => null)) as { notifications?: { id: string; userId: string }[] } | null;
    record.status = res.status;
    record.retryAfter = res.headers.get("retry-after");
    if (res.status === 202 && body?.notifications) {
      record.outcome = "accepted";
      record.ids = Object.fromEntries(body.notifications.map((n) => [n.userId, n.id]));
    } else {
      record.outcome = "refused";
    }
  } catch (error) {
    const code = networkErrorCode(error);
    record.status = code;
    // Refused connections never reached a server: nothing can have been stored.
    record.outcome = code === "ECONNREFUSED" ? "refused" : "unknown";
  } finally {
    record.answeredAt = Date.now();
  }
}

function networkErrorCode(error: unknown): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  return e.cause?.code ?? e.code ?? e.cause?.name ?? e.name ?? "error";
}
