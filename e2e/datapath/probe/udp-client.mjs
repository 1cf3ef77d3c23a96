// Runs inside the client pod's network namespace: sends one UDP datagram every INTERVAL ms, each from a
// new socket (so a new source port, hence a new flow and a new egress-gateway decision), carrying a
// sequence number. Prints one JSON line with its start time, so the harness knows when seq N was sent:
// start + N * interval (sends are scheduled on that absolute grid, not drifting with timer jitter).
// Usage: node udp-client.mjs HOST PORT [INTERVAL_MS]
import dgram from "node:dgram";

const [host, portText, intervalText] = process.argv.slice(2);
const port = Number(portText);
const interval = Number(intervalText ?? 10);
if (!host || !Number.isInteger(port)) {
  process.stderr.write("usage: node udp-client.mjs HOST PORT [INTERVAL_MS]\n");
  process.exit(2);
}
const now = () => performance.timeOrigin + performance.now();
const start = Math.ceil(now() / interval) * interval + interval;
process.stdout.write(`${JSON.stringify({ start, interval })}\n`);
let seq = 0;
let errors = 0;
const tick = () => {
  const s = seq++;
  const sock = dgram.createSocket("udp4");
  sock.on("error", () => {
    errors++;
    sock.close();
  });
  sock.send(String(s), port, host, (err) => {
    if (err) errors++;
    sock.close();
  });
  const next = start + seq * interval;
  setTimeout(tick, Math.max(0, next - now()));
};
setTimeout(tick, Math.max(0, start - now()));
const bye = () => {
  process.stdout.write(`${JSON.stringify({ sent: seq, errors })}\n`);
  process.exit(0);
};
process.on("SIGTERM", bye);
process.on("SIGINT", bye);
