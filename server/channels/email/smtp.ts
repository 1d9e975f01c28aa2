// Email over SMTP with nodemailer, one connection per message, opened through the SSRF
// guard (server/net/guarded-smtp.ts). Every step has a time limit and the whole send a
// deadline, so a dead or trickling server costs a job at most a minute: a job that
// outlived pg-boss's expiry would be run again, and the mail sent twice.
import type net from "node:net";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { smtpUrlSchema } from "../../config/index.ts";
import { AppError } from "../../errors.ts";
import { log } from "../../log.ts";
import { createGuardedSmtpSocket, type SmtpGetSocket } from "../../net/guarded-smtp.ts";
import { allowsPrivateTargets } from "../../net/target-policy.ts";
import type { EmailMessage, EmailProvider, SendResult } from "./email-provider.ts";
import { describeSmtpError, isPermanentSmtpError } from "./smtp-errors.ts";

/** Time limits in ms: to connect (DNS included), for the greeting, of silence mid-conversation, and for the whole send. */
export type SmtpLimits = { connectionTimeout: number; greetingTimeout: number; socketTimeout: number; sendTimeout: number };

export const SMTP_LIMITS: SmtpLimits = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000, sendTimeout: 60_000 };

/** Transport options from SMTP_URL: smtps:// is TLS from the start, smtp:// upgrades with STARTTLS. */
export function smtpTransportOptions(smtpUrl: string, limits: SmtpLimits = SMTP_LIMITS): SMTPTransport.Options {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  const user = decodeURIComponent(url.username);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: Number(url.port) || (secure ? 465 : 587),
    secure,
    // Credentials and mail never cross the network in clear, as with https-only targets;
    // ALLOW_PRIVATE_NETWORK_TARGETS (development, tests) allows a plain local server.
    requireTLS: !secure && !allowsPrivateTargets(),
    auth: user ? { user, pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: limits.connectionTimeout,
    greetingTimeout: limits.greetingTimeout,
    socketTimeout: limits.socketTimeout,
  };
}

/** host:port, for logs and messages: never the URL, which holds the password. */
export function smtpTarget(smtpUrl: string): string {
  const { host, port } = smtpTransportOptions(smtpUrl);
  return `${host}:${port}`;
}

/** A guarded transport whose sockets can be cut: nodemailer's close() leaves a send in flight running. */
function openTransport(smtpUrl: string, limits: SmtpLimits) {
  const sockets = new Set<net.Socket>();
  const guarded = createGuardedSmtpSocket();
  const getSocket: SmtpGetSocket = (request, callback) =>
    guarded(request, (error, socketOptions) => {
      if (socketOptions) sockets.add(socketOptions.connection);
      callback(error, socketOptions);
    });
  // No `proxy` option: nodemailer would open its own socket past the guard (see withGuardedSmtpSocket).
  const transport = nodemailer.createTransport({ ...smtpTransportOptions(smtpUrl, limits), getSocket });
  const cut = () => {
    for (const socket of sockets) socket.destroy();
    transport.close();
  };
  return { transport, cut, deadline: AbortSignal.timeout(limits.sendTimeout) };
}

const noAnswer = (limits: SmtpLimits) => `no answer within ${limits.sendTimeout / 1000} s`;

export function smtpProvider(smtpUrl: string, limits: SmtpLimits = SMTP_LIMITS): EmailProvider {
  return {
    name: "smtp",
    async send(message: EmailMessage, signal?: AbortSignal): Promise<SendResult> {
      const opened = openTransport(smtpUrl, limits);
      const { transport, cut } = opened;
      const deadline = signal ? AbortSignal.any([opened.deadline, signal]) : opened.deadline;
      deadline.addEventListener("abort", cut, { once: true });
      try {
        const headers = Object.entries(message.headers).map(([key, value]) => ({ key, value, prepared: true }));
        const info = await transport.sendMail({ from: message.from, to: message.to, subject: message.subject, text: message.text, html: message.html, headers });
        return { accepted: info.rejected.length === 0, response: info.response };
      } catch (error) {
        if (deadline.aborted) throw new Error(signal?.aborted ? "stopped: the instance is shutting down" : noAnswer(limits), { cause: error });
        if (isPermanentSmtpError(error)) return { accepted: false, response: describeSmtpError(error) };
        throw new Error(describeSmtpError(error), { cause: error });
      } finally {
        deadline.removeEventListener("abort", cut);
        cut();
      }
    },
  };
}

/**
 * Whether SMTP settings work: connects through the guard, greets, starts TLS and signs in
 * (nodemailer's verify), sending nothing. For the admin console's check; a server that
 * cannot be used is a 422 that says why, and a warning in the log.
 */
export async function verifySmtp(smtpUrl: string, limits: SmtpLimits = SMTP_LIMITS): Promise<{ server: string }> {
  const valid = smtpUrlSchema.safeParse(smtpUrl);
  if (!valid.success) {
    throw new AppError("validation_failed", "The request is not valid", valid.error.issues.map((i) => ({ path: "smtpUrl", message: i.message })));
  }
  const server = smtpTarget(smtpUrl);
  const { transport, cut, deadline } = openTransport(smtpUrl, limits);
  deadline.addEventListener("abort", cut, { once: true });
  try {
    await transport.verify();
    return { server };
  } catch (error) {
    const reason = deadline.aborted ? noAnswer(limits) : describeSmtpError(error);
    log.warn({ smtp: server, reason }, "SMTP server cannot be used");
    throw new AppError("validation_failed", `Cannot use the SMTP server at ${server}: ${reason}`, [{ path: "smtpUrl", message: reason }]);
  } finally {
    deadline.removeEventListener("abort", cut);
    cut();
  }
}
