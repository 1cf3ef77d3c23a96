{{/*
The prober: a long-lived process beside shell-operator (the same image, `cilium-egress-ha prober`)
that probes every pool node in rounds and publishes its verdicts in a ProbeEvidence object named
after the pod. It shares /tmp with the hook: its heartbeat, and the targets the hook writes.
*/}}

{{/* "true" when the prober runs (it needs the probe signal), else empty. */}}
{{- define "ceha.proberOn" -}}
{{- if and .Values.prober.enabled .Values.signals.probe.enabled }}true{{ end }}
{{- end }}

{{/*
shell-operator's container resources: `resources` as set, with a CPU request of `auto` replaced by
the measured cost at rest of the flavour that runs (e2e/tick-cost.ts, docs/performance.md): a Node
process every 1 s tick without the prober; with it, shell-operator and the tick gate alone.
*/}}
{{- define "ceha.resources" -}}
{{- $r := deepCopy (.Values.resources | default dict) }}
{{- $req := get $r "requests" | default dict }}
{{- if eq (toString (get $req "cpu")) "auto" }}
{{- $_ := set $req "cpu" (ternary "15m" "160m" (eq (include "ceha.proberOn" .) "true")) }}
{{- $_ := set $r "requests" $req }}
{{- end }}
{{- if $r }}{{ toYaml $r }}{{ end }}
{{- end }}

{{/* "true" when the cluster runs native sidecars (an init container with restartPolicy Always). */}}
{{- define "ceha.nativeSidecar" -}}
{{- $mode := toString .Values.prober.nativeSidecar }}
{{- if or (eq $mode "true") (and (eq $mode "auto") (semverCompare ">=1.29.0-0" .Capabilities.KubeVersion.Version)) }}true{{ end }}
{{- end }}

{{/* The resync tick: the same with the prober, whose hook script skips lone ticks while it is fine (src/hook/tick-gate.ts). */}}
{{- define "ceha.resyncInterval" -}}
{{- .Values.resyncInterval | toString }}
{{- end }}

{{/* The prober's settings, for both containers (the hook reads the namespace and the directory). */}}
{{- define "ceha.proberEnv" -}}
- name: EGRESS_HA_PROBER
  value: {{ include "ceha.proberOn" . | eq "true" | quote }}
{{- if include "ceha.proberOn" . }}
- name: EGRESS_HA_PROBER_NAMESPACE
  value: {{ .Release.Namespace | quote }}
- name: EGRESS_HA_PROBER_DIR
  value: /tmp/cilium-egress-ha-prober
- name: EGRESS_HA_PROBER_INTERVAL
  value: {{ .Values.prober.interval | toString | quote }}
- name: EGRESS_HA_PROBER_TIMEOUT
  value: {{ .Values.prober.timeout | toString | quote }}
- name: EGRESS_HA_PROBER_FAILURES
  value: {{ .Values.prober.failures | quote }}
- name: EGRESS_HA_PROBER_CONFIRM
  value: {{ .Values.prober.confirm | quote }}
- name: EGRESS_HA_PROBER_STALE
  value: {{ .Values.prober.stale | toString | quote }}
{{- end }}
{{- end }}

{{- define "ceha.proberContainer" -}}
- name: prober
  image: {{ include "cilium-egress-ha-operator.image" . | quote }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  {{- if include "ceha.nativeSidecar" . }}
  restartPolicy: Always
  {{- end }}
  command: ["/usr/local/bin/node", "/opt/cilium-egress-ha/dist/cilium-egress-ha.cjs", "prober"]
  env:
    - name: EGRESS_HA_POOLS
      value: {{ include "cilium-egress-ha-operator.pools" . | quote }}
    - name: EGRESS_HA_LOG_LEVEL
      value: {{ .Values.logLevel | quote }}
    - name: EGRESS_HA_PROBE_PORTS
      value: {{ join "," .Values.signals.probe.ports | quote }}
    - name: EGRESS_HA_PROBE_MODE
      value: {{ .Values.signals.probe.mode | quote }}
    # The prober times the node Leases as the hook does: the same signal and threshold.
    - name: EGRESS_HA_LEASE_SIGNAL
      value: {{ .Values.signals.lease.enabled | quote }}
    - name: EGRESS_HA_LEASE_STALE_AFTER
      value: {{ .Values.signals.lease.staleAfter | toString | quote }}
    - name: EGRESS_HA_PROBER_METRICS_PORT
      value: "9116"
    {{- include "ceha.proberEnv" . | nindent 4 }}
    # The evidence object is owned by the pod, so it goes away with the replica.
    - name: POD_UID
      valueFrom:
        fieldRef:
          fieldPath: metadata.uid
  ports:
    - name: prober-metrics
      containerPort: 9116
      protocol: TCP
  # /healthz answers 503 when no round completed lately: a hung prober is restarted, and
  # meanwhile the hook sees its heartbeat go stale and probes on its own tick.
  livenessProbe:
    httpGet:
      path: /healthz
      port: prober-metrics
    periodSeconds: 5
    timeoutSeconds: 2
    failureThreshold: 3
  securityContext:
    readOnlyRootFilesystem: true
    allowPrivilegeEscalation: false
    capabilities:
      drop:
        - ALL
  {{- with .Values.prober.resources }}
  resources:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  volumeMounts:
    - name: tmp
      mountPath: /tmp
{{- end }}
