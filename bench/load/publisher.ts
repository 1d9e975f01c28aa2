// The publishing process of the comparison benchmark: POSTs one notification per request
// at a fixed rate, open loop (each send is due by the clock, not by the previous answer,
// so a slow server cannot slow the offered load), one recipient each, round-robin over
// the users. Forked by bench/compare.ts, driven over IPC.
import { Agent, request } from "node:http";
import { clock, type PublisherCommand, type PublisherReport } from "./protocol.ts";

async function run(command: PublisherCommand): Promise<PublisherReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const sends: [string, number][] = [];
  const answers: number[] = [];
  const errors: Record<string, number> = {};
  const count = (key: string) => (errors[key] = (errors[key] ?? 0) + 1);
  const total = Math.round(command.rate * command.seconds);
  const start = clock();
  const pending: Promise<void>[] = [];
  let lagMs = 0;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / command.rate;
    const wait = due - clock();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const k = `${command.tag}-${i}`;
    const body = JSON.stringify({ recipients: [command.userIds[i % command.userIds.length]], type: "bench", title: `n${i}`, data: { k } });
    const t0 = clock();
    lagMs = Math.max(lagMs, t0 - due);
    sends.push([k, t0]);
    pending.push(post(agent, command, body).then(
      (status) => void (status === 202 ? answers.push(clock() - t0) : count(`HTTP ${status}`)),
      (error: { code?: string; name?: string }) => void count(error.code ?? error.name ?? "error"),
    ));
  }
  await Promise.all(pending);
  agent.destroy();
  return { kind: "done", sends, answers, errors, lagMs };
}

function post(agent: Agent, command: PublisherCommand, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(command.url + command.path, {
      method: "POST",
      agent,
      headers: { ...command.headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

process.on("message", (command: PublisherCommand) => {
  void run(command).then((report) => process.send!(report));
});
