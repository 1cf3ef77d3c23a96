/**
 * IP address syntax without node:net, which costs the hook ~5 ms of startup to load.
 * IPv4 is dotted-quad without leading zeros; IPv6 is whatever the WHATWG URL parser accepts
 * between brackets (it implements RFC 4291 text forms, including embedded IPv4).
 */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPAddress(text: string): boolean {
  if (IPV4.test(text)) return true;
  if (!text.includes(":") || /[^0-9A-Fa-f:.]/.test(text)) return false;
  try {
    return new URL(`http://[${text}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}
