// What went wrong with an SMTP server, in words an operator can act on, and whether trying
// the same message again can help. nodemailer's errors carry a `code` (ECONNECTION,
// EAUTH, EENVELOPE…) and, when the server answered, its `responseCode` and `response`;
// errors of the socket itself (refused, not found, blocked by the guard) come as they are.

type SmtpFailure = { code?: string; responseCode?: number; response?: string; message?: string };

const MAX_LENGTH = 300;

/** One line: the server's own answer when it gave one, else what happened to the connection. */
export function describeSmtpError(error: unknown): string {
  const e = (error ?? {}) as SmtpFailure;
  const answer = e.response ? oneLine(e.response) : undefined;
  let text: string;
  switch (e.code) {
    case "ECONNREFUSED":
      text = "connection refused";
      break;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      text = "host not found";
      break;
    case "ETIMEDOUT":
      text = `no answer in time (${oneLine(e.message ?? "timed out")})`;
      break;
    case "EAUTH":
      text = `the server refused the credentials${answer ? `: ${answer}` : ""}`;
      break;
    case "ETLS":
    case "EREQUIRETLS":
      text = `TLS failed: ${oneLine(e.message ?? "")}`;
      break;
    default:
      text = answer ? `the server answered "${answer}"` : oneLine(e.message ?? String(error));
  }
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

/**
 * A 5xx to the sender, the recipient or the message is the server's final word on this
 * message: retrying sends the same thing to the same answer. Everything else (the server
 * unreachable, a 4xx, credentials refused, which an operator can fix) is worth a retry.
 */
export function isPermanentSmtpError(error: unknown): boolean {
  const e = (error ?? {}) as SmtpFailure;
  return (e.code === "EENVELOPE" || e.code === "EMESSAGE") && (e.responseCode ?? 0) >= 500;
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();
