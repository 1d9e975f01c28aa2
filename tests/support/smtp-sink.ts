// A real SMTP server (the smtp-server package) on 127.0.0.1 that keeps every message it
// accepts, parsed with mailparser: what a mail server would have received from Herald.
// Plain SMTP without STARTTLS (Herald allows that with ALLOW_PRIVATE_NETWORK_TARGETS=true).
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { leaveUndo } from "./leftovers.ts";

export type ReceivedMail = {
  /** "Name <address>", or the bare address. */
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Header fields by lower-case name, unfolded. */
  headers: Record<string, string>;
  /** The user name the client signed in with, if it did. */
  user: string | undefined;
};

export type SmtpSink = {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Sign-ins: user name and password as the server got them. */
  logins: { user: string; password: string }[];
  stop: () => Promise<void>;
};

export type SmtpSinkOptions = {
  /** Listen on this port (to come back where a stopped sink was); default: any free one. */
  port?: number;
  /** Recipients answered with a 550 at RCPT TO. */
  refuse?: string[];
  /** Answer every RCPT TO with this 4xx (a server that is busy). */
  tempFail?: boolean;
};

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const logins: SmtpSink["logins"] = [];
  const server = new SMTPServer({
    logger: false,
    closeTimeout: 1000,
    hideSTARTTLS: true,
    authOptional: true,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      logins.push({ user: auth.username ?? "", password: auth.password ?? "" });
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (options.tempFail) return callback(Object.assign(new Error("4.3.2 Try again later"), { responseCode: 451 }));
      if (options.refuse?.includes(address.address)) return callback(Object.assign(new Error("5.1.1 No such user here"), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const headers: Record<string, string> = {};
          for (const { key, line } of mail.headerLines) headers[key] = line.slice(line.indexOf(":") + 1).replace(/\r?\n[ \t]+/g, " ").trim();
          received.push({
            from: (mail.from?.value ?? []).map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(", "),
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            headers,
            user: typeof session.user === "string" ? session.user : undefined,
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const stopped = leaveUndo(stop);
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    logins,
    stop: async () => {
      stopped();
      await stop();
    },
  };
}
