// Runs inside the "outside" network namespace: prints one line per datagram received,
// "<arrival ms since epoch, 3 decimals> <source address> <sequence>".
// Usage: node udp-server.mjs PORT
import dgram from "node:dgram";

const port = Number(process.argv[2]);
if (!Number.isInteger(port)) {
  process.stderr.write("usage: node udp-server.mjs PORT\n");
  process.exit(2);
}
const sock = dgram.createSocket("udp4");
sock.on("message", (msg, rinfo) => {
  const t = performance.timeOrigin + performance.now();
  process.stdout.write(`${t.toFixed(3)} ${rinfo.address} ${msg.toString("utf8").trim()}\n`);
});
sock.bind(port, "0.0.0.0", () => process.stderr.write(`listening on ${port}\n`));
process.on("SIGTERM", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
