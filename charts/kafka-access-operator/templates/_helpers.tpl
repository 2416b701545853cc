{{/* The release's full name: the release name, unless it already holds the chart's name. */}}
{{- define "kao.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "kao.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "kao.labels" -}}
{{ include "kao.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: kafka-access-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "kao.serviceAccountName" -}}
{{- default (include "kao.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "kao.leaseName" -}}
{{- default (include "kao.fullname" .) .Values.leaderElection.leaseName -}}
{{- end -}}

{{- define "kao.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/*
The kinds the operator serves, read from the chart's CRDs (the generated ones), as a JSON list
of {group, plural, kind}: the RBAC rules cover each, so a new kind needs no edit here.
*/}}
{{- define "kao.kinds" -}}
{{- $kinds := list -}}
{{- range $path, $_ := .Files.Glob "crds/*.yaml" -}}
{{- $crd := $.Files.Get $path | fromYaml -}}
{{- $kinds = append $kinds (dict "group" $crd.spec.group "plural" $crd.spec.names.plural "kind" $crd.spec.names.kind) -}}
{{- end -}}
{{- toJson $kinds -}}
{{- end -}}

{{/*
The rules the operator needs where it watches (all namespaces through a ClusterRole, or each
listed namespace through a Role), exactly the requests it makes:
- its kinds: list and watch (informers), patch of the status subresource (status writes), and
  patch of the object for kinds that hold a finalizer (KafkaCluster owns no external state and
  never has one);
- Secrets: list and watch (credentials are read from the informer cache, never fetched);
- Events: create, and patch to count a repeated Event.
*/}}
{{- define "kao.rules" -}}
{{- $kinds := include "kao.kinds" . | fromJsonArray -}}
{{- $groups := dict -}}
{{- range $kinds }}{{ $_ := set $groups .group true }}{{ end -}}
{{- range $group, $_ := $groups }}
{{- $plurals := list }}{{ $statuses := list }}{{ $finalized := list }}
{{- range $kinds }}{{ if eq .group $group }}
{{- $plurals = append $plurals .plural }}
{{- $statuses = append $statuses (printf "%s/status" .plural) }}
{{- if ne .kind "KafkaCluster" }}{{ $finalized = append $finalized .plural }}{{ end }}
{{- end }}{{ end }}
- apiGroups: [{{ $group | quote }}]
  resources: {{ toJson $plurals }}
  verbs: [list, watch]
- apiGroups: [{{ $group | quote }}]
  resources: {{ toJson $statuses }}
  verbs: [patch]
{{- if $finalized }}
- apiGroups: [{{ $group | quote }}]
  resources: {{ toJson $finalized }}
  verbs: [patch]
{{- end }}
{{- end }}
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
{{- end -}}
