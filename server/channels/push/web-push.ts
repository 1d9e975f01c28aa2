// The Web Push provider: the `web-push` package (RFC 8291 payload encryption, RFC 8292
// VAPID) over the guarded https agent, so an endpoint whose name resolves to a private
// address is refused when the socket connects, whatever it resolved to when it was stored.
import type https from "node:https";
import webpush from "web-push";
import { createGuardedAgent } from "../../net/guarded-agent.ts";
import { classifyPushStatus, type PushProvider, type PushResult } from "./push-provider.ts";

export type WebPushProviderOptions = {
  vapid: { subject: string; publicKey: string; privateKey: string };
  /** Default: a guarded keep-alive agent. Tests pass one that also trusts their certificate. */
  agent?: https.Agent;
  /** A push service that does not answer within this long is tried again later. */
  timeoutMs?: number;
};

// Network failures worth another try; anything else (a refused address, a bad certificate,
// a subscription web-push cannot encrypt for) fails the same way every time.
const TRANSIENT = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED"]);

export function createWebPushProvider({ vapid, agent, timeoutMs = 10_000 }: WebPushProviderOptions): PushProvider {
  const httpsAgent = agent ?? createGuardedAgent({ keepAlive: true, maxSockets: 50 });
  return {
    async send(target, payload, { ttlSeconds, urgency, topic }) {
      try {
        const answer = await webpush.sendNotification(target, payload, {
          vapidDetails: vapid,
          TTL: ttlSeconds,
          urgency,
          ...(topic ? { topic } : {}),
          contentEncoding: "aes128gcm",
          agent: httpsAgent,
          timeout: timeoutMs,
        });
        return { status: "sent", statusCode: answer.statusCode, detail: `accepted (${answer.statusCode})` };
      } catch (error) {
        return fromError(error);
      }
    },
  };
}

function fromError(error: unknown): PushResult {
  if (error instanceof webpush.WebPushError) {
    const said = error.body ? `: ${printable(error.body)}` : "";
    return { status: classifyPushStatus(error.statusCode), statusCode: error.statusCode, detail: `push service answered ${error.statusCode}${said}` };
  }
  const { code, message } = error as NodeJS.ErrnoException;
  if ((code && TRANSIENT.has(code)) || message === "Socket timeout") return { status: "retry", detail: `${code ?? "timeout"}: ${message}` };
  return { status: "failed", detail: code ? `${code}: ${message}` : message };
}

/** A push service's answer, cut short and on one line, for the delivery log. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}
