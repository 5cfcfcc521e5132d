{{/* An image reference: repository and tag, the tag defaulting to the chart's appVersion. */}}
{{- define "jfaas.image" -}}
{{ .image }}:{{ default .root.Chart.AppVersion .tag }}
{{- end -}}

{{/* Labels of every object. */}}
{{- define "jfaas.labels" -}}
app.kubernetes.io/part-of: jfaas
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Pod security: non-root, the runtime's default seccomp profile. */}}
{{- define "jfaas.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid | default 10001 }}
runAsGroup: {{ .uid | default 10001 }}
fsGroup: {{ .uid | default 10001 }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container security: read-only root file system, no privilege escalation, no capabilities. */}}
{{- define "jfaas.containerSecurityContext" -}}
runAsNonRoot: true
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop:
    - ALL
{{- end -}}

{{/* Scheduling and pull secrets shared by every pod. */}}
{{- define "jfaas.podScheduling" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
The NATS URL of one of NATS's users (dict "user" "gateway"|"function" "root" $), with the password Kubernetes
expands from the NATS_PASSWORD variable that "jfaas.natsPasswordEnv" defines just before it.
*/}}
{{- define "jfaas.natsUrl" -}}
nats://{{ .user }}:$(NATS_PASSWORD)@nats.{{ .root.Release.Namespace }}.svc.{{ .root.Values.kubernetesDNSDomain }}:4222
{{- end -}}

{{/* NATS_PASSWORD: the password of one of NATS's users (dict "user" ...) from the nats-auth Secret. */}}
{{- define "jfaas.natsPasswordEnv" -}}
- name: NATS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: nats-auth
      key: {{ .user }}-password
{{- end -}}

{{/* The operator's provider API, which the gateway calls (functions_provider_url). */}}
{{- define "jfaas.providerUrl" -}}
http://jfaas-operator.{{ .Release.Namespace }}.svc.{{ .Values.kubernetesDNSDomain }}:8081/
{{- end -}}

{{/* The basic-auth Secret mounted read-only at /var/secrets. */}}
{{- define "jfaas.authVolume" -}}
- name: auth
  secret:
    secretName: basic-auth
{{- end -}}

{{/* The Prometheus Service the operator's autoscaler reads (JFAAS_PROMETHEUS_URL). */}}
{{- define "jfaas.prometheusUrl" -}}
http://prometheus.{{ .Release.Namespace }}.svc.{{ .Values.kubernetesDNSDomain }}:9090
{{- end -}}

{{/* JFAAS_SYNC_TRANSPORT, checked: http or nats, and nats only with NATS (async). */}}
{{- define "jfaas.syncTransport" -}}
{{- $transport := .Values.gateway.syncTransport | toString | lower -}}
{{- if not (has $transport (list "http" "nats")) -}}
{{- fail (printf "gateway.syncTransport: %q is not a transport: use http or nats" .Values.gateway.syncTransport) -}}
{{- end -}}
{{- if and (eq $transport "nats") (not .Values.async) -}}
{{- fail "gateway.syncTransport: nats needs NATS: set async=true" -}}
{{- end -}}
{{ $transport }}
{{- end -}}
