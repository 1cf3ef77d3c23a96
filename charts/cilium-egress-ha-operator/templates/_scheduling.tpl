{{/*
Scheduling: the node affinity that keeps the operator off every pool's nodes, the anti-affinity that
spreads replicas over nodes, the tolerations, the topology spread constraints.
*/}}

{{/* The most nodeSelectorTerms the pool negation may multiply out to (see avoidPoolTerms). */}}
{{- define "ceha.maxAvoidTerms" -}}16{{- end }}

{{/*
NOT(pool 1) AND NOT(pool 2) AND …, as nodeSelectorTerms (which are ORed; requirements within a term are
ANDed). A pool matches a node when all its requirements hold, so NOT(pool) is the OR of its negated
requirements, one term each; the AND over pools multiplies these out. Every label-selector operator
has a node-affinity negation (In/NotIn, Exists/DoesNotExist, and NotIn also matches a node without the
label), so only the size can make it inexpressible: JSON {"terms": [...]} or {"tooMany": <count>}.
*/}}
{{- define "ceha.avoidPoolTerms" -}}
{{- $negate := dict "In" "NotIn" "NotIn" "In" "Exists" "DoesNotExist" "DoesNotExist" "Exists" }}
{{- $terms := list (list) }}
{{- $count := 1 }}
{{- range $pool, $reqs := include "ceha.poolRequirements" . | fromJson }}
{{- $count = mul $count (len $reqs) }}
{{- if le (int $count) (int (include "ceha.maxAvoidTerms" $)) }}
{{- $next := list }}
{{- range $term := $terms }}
{{- range $r := $reqs }}
{{- $n := dict "key" $r.key "operator" (get $negate $r.operator) }}
{{- with get $r "values" }}{{ $_ := set $n "values" . }}{{ end }}
{{- $next = append $next (append $term $n) }}
{{- end }}
{{- end }}
{{- $terms = $next }}
{{- end }}
{{- end }}
{{- if gt (int $count) (int (include "ceha.maxAvoidTerms" .)) }}
{{- toJson (dict "tooMany" $count) }}
{{- else }}
{{- toJson (dict "terms" $terms) }}
{{- end }}
{{- end }}

{{/*
The pod's affinity: generated, then .Values.affinity merged over it.
*/}}
{{- define "ceha.affinity" -}}
{{- $affinity := dict }}
{{- if ne .Values.avoidPoolNodes "none" }}
{{- $avoid := include "ceha.avoidPoolTerms" . | fromJson }}
{{- with get $avoid "terms" }}
{{- $terms := list }}
{{- range $t := . }}{{ $terms = append $terms (dict "matchExpressions" $t) }}{{ end }}
{{- if eq $.Values.avoidPoolNodes "required" }}
{{- $_ := set $affinity "nodeAffinity" (dict "requiredDuringSchedulingIgnoredDuringExecution" (dict "nodeSelectorTerms" $terms)) }}
{{- else }}
{{- $preferred := list }}
{{- range $t := $terms }}{{ $preferred = append $preferred (dict "weight" 100 "preference" $t) }}{{ end }}
{{- $_ := set $affinity "nodeAffinity" (dict "preferredDuringSchedulingIgnoredDuringExecution" $preferred) }}
{{- end }}
{{- end }}
{{- end }}
{{- if and .Values.spreadAcrossNodes (gt (int .Values.replicas) 1) }}
{{- $selector := dict "matchLabels" (include "cilium-egress-ha-operator.selectorLabels" . | fromYaml) }}
{{- $term := dict "labelSelector" $selector "topologyKey" "kubernetes.io/hostname" }}
{{- $_ := set $affinity "podAntiAffinity" (dict "requiredDuringSchedulingIgnoredDuringExecution" (list $term)) }}
{{- end }}
{{- $merged := mergeOverwrite $affinity (deepCopy .Values.affinity) }}
{{- if $merged }}{{ toYaml $merged }}{{ end }}
{{- end }}

{{/*
Tolerations: not-ready and unreachable for nodeFailureTolerationSeconds, then .Values.tolerations.
*/}}
{{- define "ceha.tolerations" -}}
{{- $out := list }}
{{- range $key := list "node.kubernetes.io/not-ready" "node.kubernetes.io/unreachable" }}
{{- $out = append $out (dict "key" $key "operator" "Exists" "effect" "NoExecute" "tolerationSeconds" (int $.Values.nodeFailureTolerationSeconds)) }}
{{- end }}
{{- toYaml (concat $out .Values.tolerations) }}
{{- end }}

{{/*
topologySpreadConstraints, each given the pods' labels as its labelSelector when it has none.
*/}}
{{- define "ceha.topologySpreadConstraints" -}}
{{- $out := list }}
{{- range $c := .Values.topologySpreadConstraints }}
{{- $c = deepCopy $c }}
{{- if not (hasKey $c "labelSelector") }}
{{- $_ := set $c "labelSelector" (dict "matchLabels" (include "cilium-egress-ha-operator.selectorLabels" $ | fromYaml)) }}
{{- end }}
{{- $out = append $out $c }}
{{- end }}
{{- if $out }}{{ toYaml $out }}{{ end }}
{{- end }}

{{/*
Whether a node's own kubelet may set label `.` under NodeRestriction (the hook's isKubeletSettableLabel):
labels outside the kubernetes.io and k8s.io namespaces, and the kubelet's own. Renders "true" or "".
*/}}
{{- define "ceha.kubeletSettable" -}}
{{- $key := . }}
{{- $ns := "" }}
{{- if contains "/" $key }}{{ $ns = regexReplaceAll "/.*$" $key "" }}{{ end }}
{{- $within := dict }}
{{- range $d := list "kubernetes.io" "k8s.io" "kubelet.kubernetes.io" "node.kubernetes.io" }}
{{- $_ := set $within $d (or (eq $ns $d) (hasSuffix (printf ".%s" $d) $ns)) }}
{{- end }}
{{- $own := list "kubernetes.io/hostname" "kubernetes.io/arch" "kubernetes.io/os" "beta.kubernetes.io/arch" "beta.kubernetes.io/os" "beta.kubernetes.io/instance-type" "node.kubernetes.io/instance-type" "topology.kubernetes.io/region" "topology.kubernetes.io/zone" "failure-domain.beta.kubernetes.io/region" "failure-domain.beta.kubernetes.io/zone" }}
{{- if or (not (or (get $within "kubernetes.io") (get $within "k8s.io"))) (has $key $own) (get $within "kubelet.kubernetes.io") (get $within "node.kubernetes.io") }}true{{ end }}
{{- end }}

{{/*
Pools a node can join by labelling itself: no positive requirement (In, Exists) on a label its kubelet
cannot set. JSON list of pool names.
*/}}
{{- define "ceha.kubeletJoinablePools" -}}
{{- $out := list }}
{{- range $pool, $reqs := include "ceha.poolRequirements" . | fromJson }}
{{- $protected := false }}
{{- range $r := $reqs }}
{{- if and (has $r.operator (list "In" "Exists")) (not (include "ceha.kubeletSettable" $r.key)) }}{{ $protected = true }}{{ end }}
{{- end }}
{{- if not $protected }}{{ $out = append $out $pool }}{{ end }}
{{- end }}
{{- toJson $out }}
{{- end }}
