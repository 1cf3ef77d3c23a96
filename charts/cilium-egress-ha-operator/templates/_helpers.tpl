{{/*
Chart name, truncated to 63 characters (the DNS label limit).
*/}}
{{- define "cilium-egress-ha-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's objects. When the release name already contains the chart name it is
used as is.
*/}}
{{- define "cilium-egress-ha-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "cilium-egress-ha-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every object: the chart's own, then commonLabels (which cannot override them).
*/}}
{{- define "cilium-egress-ha-operator.labels" -}}
{{- $own := include "cilium-egress-ha-operator.selectorLabels" . | fromYaml }}
{{- $_ := set $own "helm.sh/chart" (include "cilium-egress-ha-operator.chart" .) }}
{{- $_ = set $own "app.kubernetes.io/version" .Chart.AppVersion }}
{{- $_ = set $own "app.kubernetes.io/managed-by" .Release.Service }}
{{- toYaml (merge $own (deepCopy .Values.commonLabels)) }}
{{- end }}

{{/*
Selector labels: stable for the release's lifetime (a Deployment's selector is immutable).
*/}}
{{- define "cilium-egress-ha-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cilium-egress-ha-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The ServiceAccount the pod runs as.
*/}}
{{- define "cilium-egress-ha-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cilium-egress-ha-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The container image: by digest when image.digest is set, else by tag (default: the chart's appVersion).
*/}}
{{- define "cilium-egress-ha-operator.image" -}}
{{- $repository := required "image.repository is required: build the image from the repository's Dockerfile, push it, and set image.repository (and image.tag or image.digest); a released chart sets it to its own image" .Values.image.repository }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The pools: the user's map replaces the default as a whole (Helm merges maps key by key, so the
default lives here and not in values.yaml).
*/}}
{{- define "cilium-egress-ha-operator.pools" -}}
{{- if .Values.pools }}
{{- toJson .Values.pools }}
{{- else }}
{{- toJson (dict "egress" "node-restriction.kubernetes.io/egress-pool=egress") }}
{{- end }}
{{- end }}
