{{/*
The hook's own checks of its settings (src/config/),
reproduced so that every value the hook would refuse at startup fails at `helm install` instead,
with the hook's message after the value's path. test/chart-settings.test.ts renders many values
and runs the hook's --config on the rendered environment to keep the two in agreement.
*/}}

{{- define "ceha.labelKeyPattern" -}}
^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$
{{- end }}

{{- define "ceha.labelValuePattern" -}}
^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$
{{- end }}

{{/*
requireKey / requireValue: (dict "s" string "term" string "fail" prefix)
*/}}
{{- define "ceha.requireKey" -}}
{{- if not (regexMatch (include "ceha.labelKeyPattern" .) .s) }}
{{- fail (printf "%s\"%s\": \"%s\" is not a valid label key" .fail .term .s) }}
{{- end }}
{{- end }}

{{- define "ceha.requireValue" -}}
{{- if not (regexMatch (include "ceha.labelValuePattern" .) .s) }}
{{- fail (printf "%s\"%s\": \"%s\" is not a valid label value" .fail .term .s) }}
{{- end }}
{{- end }}

{{/*
Parses a label selector as the hook does, failing with its message.
Argument: (dict "selector" <string or object> "fail" "<prefix of every message>").
Result: JSON of the requirements, [{"key", "operator", "values"}], matchLabels first.
*/}}
{{- define "ceha.selectorRequirements" -}}
{{- $fail := .fail }}
{{- $reqs := list }}
{{- if kindIs "string" .selector }}
{{- $text := .selector }}
{{- if eq (trim $text) "" }}
{{- fail (printf "%sthe selector is empty, which would select every node" $fail) }}
{{- end }}
{{- /* Split on commas outside a parenthesised value list. */}}
{{- $terms := list }}
{{- $depth := 0 }}
{{- $current := "" }}
{{- range $ch := splitList "" $text }}
{{- if eq $ch "(" }}{{ $depth = add $depth 1 }}{{ end }}
{{- if eq $ch ")" }}{{ $depth = sub $depth 1 }}{{ end }}
{{- if and (eq $ch ",") (eq (int $depth) 0) }}
{{- $terms = append $terms (trim $current) }}
{{- $current = "" }}
{{- else }}
{{- $current = print $current $ch }}
{{- end }}
{{- end }}
{{- $terms = append $terms (trim $current) }}
{{- $labels := dict }}
{{- $labelOrder := list }}
{{- $exprs := list }}
{{- range $term := $terms }}
{{- if eq $term "" }}
{{- fail (printf "%s\"%s\" has an empty term" $fail $text) }}
{{- end }}
{{- $set := "^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$" }}
{{- if regexMatch $set $term }}
{{- $key := regexReplaceAll $set $term "${1}" }}
{{- $op := regexReplaceAll $set $term "${2}" }}
{{- $values := list }}
{{- range $v := splitList "," (regexReplaceAll $set $term "${3}") }}
{{- include "ceha.requireValue" (dict "s" (trim $v) "term" $term "fail" $fail) }}
{{- $values = append $values (trim $v) }}
{{- end }}
{{- if has "" $values }}
{{- fail (printf "%s\"%s\": the value list is empty" $fail $term) }}
{{- end }}
{{- include "ceha.requireKey" (dict "s" $key "term" $term "fail" $fail) }}
{{- $exprs = append $exprs (dict "key" $key "operator" (ternary "In" "NotIn" (eq $op "in")) "values" $values) }}
{{- else if and (contains "!=" $term) (not (hasPrefix "!=" $term)) }}
{{- $key := trim (regexReplaceAll "(?s)^(.*?)!=.*$" $term "${1}") }}
{{- $value := trim (regexReplaceAll "(?s)^.*?!=(.*)$" $term "${1}") }}
{{- include "ceha.requireKey" (dict "s" $key "term" $term "fail" $fail) }}
{{- include "ceha.requireValue" (dict "s" $value "term" $term "fail" $fail) }}
{{- $exprs = append $exprs (dict "key" $key "operator" "NotIn" "values" (list $value)) }}
{{- else if and (contains "=" $term) (not (hasPrefix "=" $term)) }}
{{- $key := trim (regexReplaceAll "(?s)^([^=]*)==?(.*)$" $term "${1}") }}
{{- $value := trim (regexReplaceAll "(?s)^([^=]*)==?(.*)$" $term "${2}") }}
{{- include "ceha.requireKey" (dict "s" $key "term" $term "fail" $fail) }}
{{- include "ceha.requireValue" (dict "s" $value "term" $term "fail" $fail) }}
{{- if and (hasKey $labels $key) (ne (get $labels $key) $value) }}
{{- fail (printf "%s\"%s\": label %s is required to equal two different values" $fail $text $key) }}
{{- end }}
{{- if not (hasKey $labels $key) }}{{ $labelOrder = append $labelOrder $key }}{{ end }}
{{- $_ := set $labels $key $value }}
{{- else if hasPrefix "!" $term }}
{{- $key := trim (trimPrefix "!" $term) }}
{{- include "ceha.requireKey" (dict "s" $key "term" $term "fail" $fail) }}
{{- $exprs = append $exprs (dict "key" $key "operator" "DoesNotExist") }}
{{- else }}
{{- include "ceha.requireKey" (dict "s" $term "term" $term "fail" $fail) }}
{{- $exprs = append $exprs (dict "key" $term "operator" "Exists") }}
{{- end }}
{{- end }}
{{- range $key := $labelOrder }}
{{- $reqs = append $reqs (dict "key" $key "operator" "In" "values" (list (get $labels $key))) }}
{{- end }}
{{- $reqs = concat $reqs $exprs }}
{{- else }}
{{- /* The object form: values.schema.json checks its shape; these are the hook's content checks. */}}
{{- range $key, $value := get .selector "matchLabels" | default dict }}
{{- $where := printf "matchLabels[\"%s\"]" $key }}
{{- include "ceha.requireKey" (dict "s" $key "term" $where "fail" $fail) }}
{{- include "ceha.requireValue" (dict "s" $value "term" $where "fail" $fail) }}
{{- $reqs = append $reqs (dict "key" $key "operator" "In" "values" (list $value)) }}
{{- end }}
{{- range $i, $e := get .selector "matchExpressions" | default list }}
{{- $where := printf "matchExpressions[%d]" $i }}
{{- include "ceha.requireKey" (dict "s" $e.key "term" $where "fail" $fail) }}
{{- if or (eq $e.operator "In") (eq $e.operator "NotIn") }}
{{- if not (get $e "values") }}
{{- fail (printf "%s%s.values must be a non-empty list of strings for %s" $fail $where $e.operator) }}
{{- end }}
{{- range $v := get $e "values" }}
{{- include "ceha.requireValue" (dict "s" $v "term" $where "fail" $fail) }}
{{- end }}
{{- $reqs = append $reqs (dict "key" $e.key "operator" $e.operator "values" (get $e "values")) }}
{{- else }}
{{- if get $e "values" }}
{{- fail (printf "%s%s.values must be empty for %s" $fail $where $e.operator) }}
{{- end }}
{{- $reqs = append $reqs (dict "key" $e.key "operator" $e.operator) }}
{{- end }}
{{- end }}
{{- if not $reqs }}
{{- fail (printf "%sthe selector is empty, which would select every node" $fail) }}
{{- end }}
{{- end }}
{{- toJson $reqs }}
{{- end }}

{{/*
Every pool's requirements, checked: JSON {"<pool>": [requirements]}.
*/}}
{{- define "ceha.poolRequirements" -}}
{{- $out := dict }}
{{- range $name, $selector := include "cilium-egress-ha-operator.pools" . | fromJson }}
{{- $fail := printf "pools.%s: EGRESS_HA_POOLS: pool \"%s\": " $name $name }}
{{- $_ := set $out $name (include "ceha.selectorRequirements" (dict "selector" $selector "fail" $fail) | fromJsonArray) }}
{{- end }}
{{- toJson $out }}
{{- end }}

{{/*
A duration as the hook reads it, in seconds (a decimal string), or a failure with the hook's message.
Argument: (dict "value" <string or number> "path" "<values path>" "variable" "EGRESS_HA_…" "min" <seconds>).
*/}}
{{- define "ceha.seconds" -}}
{{- $raw := toString .value }}
{{- $t := trim $raw }}
{{- $prefix := printf "%s: %s" .path .variable }}
{{- $seconds := 0.0 }}
{{- if regexMatch "^[0-9]+(\\.[0-9]+)?$" $t }}
{{- $seconds = float64 $t }}
{{- else if regexMatch "^([0-9]+(\\.[0-9]+)?(h|ms|m|s))+$" $t }}
{{- $unit := dict "h" 3600.0 "m" 60.0 "s" 1.0 "ms" 0.001 }}
{{- range $part := regexFindAll "[0-9]+(\\.[0-9]+)?(h|ms|m|s)" $t -1 }}
{{- $u := regexReplaceAll "^[0-9.]+" $part "" }}
{{- $seconds = addf $seconds (mulf (float64 (trimSuffix $u $part)) (get $unit $u)) }}
{{- end }}
{{- else }}
{{- fail (printf "%s: \"%s\" is not a duration (examples: 30s, 2m, 90)" $prefix $raw) }}
{{- end }}
{{- if lt $seconds (float64 .min) }}
{{- fail (printf "%s: %s is below the minimum of %vs" $prefix $raw .min) }}
{{- end }}
{{- if gt $seconds 2073600.0 }}
{{- fail (printf "%s: %s is above the maximum of 24 days" $prefix $raw) }}
{{- end }}
{{- $seconds }}
{{- end }}

{{/*
Settings that cannot work together (src/config/combinations.ts), with the hook's messages.
Argument: (dict "v" .Values "resync" <seconds> "runTimeout" <seconds> "timeout" <probe timeout, seconds>).
*/}}
{{- define "ceha.checkCombinations" -}}
{{- $v := .v }}
{{- $tickDriven := list }}
{{- if $v.signals.probe.enabled }}{{ $tickDriven = append $tickDriven "EGRESS_HA_PROBE" }}{{ end }}
{{- if $v.signals.lease.enabled }}{{ $tickDriven = append $tickDriven "EGRESS_HA_LEASE_SIGNAL" }}{{ end }}
{{- if and (eq .resync 0.0) $tickDriven }}
{{- $one := eq (len $tickDriven) 1 }}
{{- fail (printf "resyncInterval: EGRESS_HA_RESYNC_INTERVAL: 0 turns off the resync tick, which %s %s (a dead node sends no event); set an interval, or turn %s off" (join " and " $tickDriven) (ternary "needs" "need" $one) (ternary "it" "them" $one)) }}
{{- end }}
{{- if $v.signals.probe.enabled }}
{{- /* The run's own work, as RUN_WORK_SECONDS in the hook. */}}
{{- $workSeconds := 5 }}
{{- $timeoutMs := round (mulf .timeout 1000) 0 }}
{{- $probingMs := mulf $v.signals.probe.failures $timeoutMs }}
{{- $deadlineMs := round (mulf .runTimeout 1000) 0 }}
{{- if gt (addf $probingMs (mul $workSeconds 1000)) $deadlineMs }}
{{- fail (printf "signals.probe: EGRESS_HA_PROBE_FAILURES × EGRESS_HA_PROBE_TIMEOUT: %v × %vs = %vs of probing a silent node, plus %vs for the run's own work, does not fit in EGRESS_HA_RUN_TIMEOUT (%vs): every tick with a silent node would end at the deadline; lower the probe's failures or timeout, or raise the run timeout" $v.signals.probe.failures (divf $timeoutMs 1000) (divf $probingMs 1000) $workSeconds (divf $deadlineMs 1000)) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Checks every hook setting; renders nothing. Included by the Deployment.
*/}}
{{- define "ceha.checkSettings" -}}
{{- $v := .Values }}
{{- $_ := include "ceha.poolRequirements" . }}
{{- $_ = include "ceha.seconds" (dict "value" $v.recoveryDelay "path" "recoveryDelay" "variable" "EGRESS_HA_RECOVERY_DELAY" "min" 0) }}
{{- $resync := include "ceha.seconds" (dict "value" $v.resyncInterval "path" "resyncInterval" "variable" "EGRESS_HA_RESYNC_INTERVAL" "min" 0) | float64 }}
{{- if and (ne $resync 0.0) (or (lt $resync 1.0) (ne $resync (floor $resync))) }}
{{- fail "resyncInterval: EGRESS_HA_RESYNC_INTERVAL: must be 0 (off) or a whole number of seconds >= 1" }}
{{- end }}
{{- $runTimeout := include "ceha.seconds" (dict "value" $v.runTimeout "path" "runTimeout" "variable" "EGRESS_HA_RUN_TIMEOUT" "min" 1) | float64 }}
{{- $stale := trim (toString $v.signals.lease.staleAfter) }}
{{- if and (ne $stale "") (ne $stale "auto") }}
{{- $_ = include "ceha.seconds" (dict "value" $v.signals.lease.staleAfter "path" "signals.lease.staleAfter" "variable" "EGRESS_HA_LEASE_STALE_AFTER" "min" 15) }}
{{- end }}
{{- $_ = include "ceha.seconds" (dict "value" $v.signals.ciliumAgent.grace "path" "signals.ciliumAgent.grace" "variable" "EGRESS_HA_AGENT_GRACE" "min" 0) }}
{{- $_ = include "ceha.selectorRequirements" (dict "selector" $v.signals.ciliumAgent.selector "fail" "signals.ciliumAgent.selector: EGRESS_HA_AGENT_SELECTOR: ") }}
{{- $timeout := include "ceha.seconds" (dict "value" $v.signals.probe.timeout "path" "signals.probe.timeout" "variable" "EGRESS_HA_PROBE_TIMEOUT" "min" 0.05) | float64 }}
{{- if gt $timeout 10.0 }}
{{- fail (printf "signals.probe.timeout: EGRESS_HA_PROBE_TIMEOUT: %v is above the maximum of 10s" $v.signals.probe.timeout) }}
{{- end }}
{{- $_ = include "ceha.seconds" (dict "value" $v.signals.probe.window "path" "signals.probe.window" "variable" "EGRESS_HA_PROBE_WINDOW" "min" 0) }}
{{- include "ceha.checkCombinations" (dict "v" $v "resync" $resync "runTimeout" $runTimeout "timeout" $timeout) }}
{{- /* A variable the chart sets from a value would be set twice, and the value silently lost. */}}
{{- $own := dict "SHELL_OPERATOR_HOOKS_DIR" "" "LOG_LEVEL" "shellOperator.logLevel" "LOG_TYPE" "" "EGRESS_HA_POOLS" "pools" "EGRESS_HA_CORDON_DRAINS" "cordonDrains" "EGRESS_HA_RECOVERY_DELAY" "recoveryDelay" "EGRESS_HA_EXTRA_BLOCKING_TAINTS" "extraBlockingTaints" "EGRESS_HA_RESYNC_INTERVAL" "resyncInterval" "EGRESS_HA_DRY_RUN" "dryRun" "EGRESS_HA_LOG_LEVEL" "logLevel" "EGRESS_HA_RUN_TIMEOUT" "runTimeout" "EGRESS_HA_LEASE_SIGNAL" "signals.lease.enabled" "EGRESS_HA_LEASE_STALE_AFTER" "signals.lease.staleAfter" "EGRESS_HA_AGENT_SIGNAL" "signals.ciliumAgent.enabled" "EGRESS_HA_AGENT_NAMESPACE" "signals.ciliumAgent.namespace" "EGRESS_HA_AGENT_SELECTOR" "signals.ciliumAgent.selector" "EGRESS_HA_AGENT_GRACE" "signals.ciliumAgent.grace" "EGRESS_HA_EVENTS" "events.enabled" "EGRESS_HA_EVENT_LIMIT" "events.limit" "EGRESS_HA_POLICY_METRICS" "policyMetrics" "EGRESS_HA_PROBE" "signals.probe.enabled" "EGRESS_HA_PROBE_PORTS" "signals.probe.ports" "EGRESS_HA_PROBE_TIMEOUT" "signals.probe.timeout" "EGRESS_HA_PROBE_FAILURES" "signals.probe.failures" "EGRESS_HA_PROBE_WINDOW" "signals.probe.window" "EGRESS_HA_PROBE_MODE" "signals.probe.mode" "EGRESS_HA_QUEUE" "queue" "EGRESS_HA_STATE_FILE" "stateFile" }}
{{- range $e := $v.extraEnv }}
{{- if hasKey $own $e.name }}
{{- fail (printf "extraEnv: %s is set by the chart%s" $e.name (ternary "" (printf "; set the value %s instead" (get $own $e.name)) (eq (get $own $e.name) ""))) }}
{{- end }}
{{- end }}
{{- end }}
