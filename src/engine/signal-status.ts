/** Whether each optional signal (Lease, cilium agent, probe) took part in a run, and why not. */

export type SignalState = "active" | "off" | "unavailable" | "suspended";

/** Whether one optional signal took part in this run, and why not if it did not. */
export interface SignalStatus {
  signal: "lease" | "agent" | "probe";
  state: SignalState;
  detail: string;
}
