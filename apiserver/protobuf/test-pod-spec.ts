/**
 * Test fixtures: a PodSpec touching most of the protobuf field table (init containers, probes of
 * every kind, env sources, volumes, affinity, tolerations, security contexts, DNS config), used to
 * check that a typed client's protobuf body decodes to the same object as the JSON original.
 */

/** COMPLEX_POD_SPEC is a valid PodSpec exercising nested messages, maps, pointers and IntOrStrings. */
export const COMPLEX_POD_SPEC: Record<string, unknown> = {
  initContainers: [{"name": "init", "image": "busybox", "command": ["sh", "-c", "true"]}],
  containers: [
    {
      name: "main",
      image: "busybox",
      command: ["sleep", "3600"],
      args: ["x"],
      workingDir: "/w",
      ports: [
        {"name": "http", "containerPort": 8080, "protocol": "TCP"},
        {"containerPort": 53, "protocol": "UDP", "hostPort": 5353},
      ],
      env: [
        {"name": "A", "value": "1"},
        {"name": "B", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
        {"name": "C", "valueFrom": {"secretKeyRef": {"name": "s1", "key": "pw", "optional": false}}},
        {"name": "D", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1Mi"}}},
      ],
      envFrom: [{"prefix": "P_", "configMapRef": {"name": "cm1", "optional": true}}],
      resources: {"limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"cpu": "250m", "memory": "64Mi"}},
      volumeMounts: [
        {"name": "data", "mountPath": "/data"},
        {"name": "cfg", "mountPath": "/cfg", "readOnly": true, "subPath": "x"},
      ],
      livenessProbe: {
        httpGet: {"path": "/healthz", "port": "http", "scheme": "HTTP", "httpHeaders": [{"name": "X", "value": "y"}]},
        initialDelaySeconds: 5,
        periodSeconds: 7,
        timeoutSeconds: 2,
        failureThreshold: 4,
        successThreshold: 1,
      },
      readinessProbe: {"tcpSocket": {"port": 8080}, "periodSeconds": 3},
      startupProbe: {"exec": {"command": ["true"]}, "failureThreshold": 30},
      lifecycle: {
        preStop: {"exec": {"command": ["sh", "-c", "sleep 1"]}},
        postStart: {"httpGet": {"path": "/", "port": 80}},
      },
      securityContext: {
        runAsUser: 0,
        runAsNonRoot: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: {"add": ["NET_ADMIN"], "drop": ["ALL"]},
        allowPrivilegeEscalation: false,
      },
      stdin: true,
      tty: true,
      imagePullPolicy: "IfNotPresent",
    },
  ],
  volumes: [
    {"name": "data", "emptyDir": {"medium": "Memory", "sizeLimit": "1Gi"}},
    {"name": "cfg", "configMap": {"name": "cm1", "defaultMode": 420, "items": [{"key": "a", "path": "x"}]}},
    {"name": "sec", "secret": {"secretName": "s1", "optional": true}},
    {"name": "hp", "hostPath": {"path": "/tmp", "type": "Directory"}},
    {
      name: "proj",
      projected: {
        sources: [
          {"configMap": {"name": "cm1"}},
          {"downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}},
        ],
      },
    },
  ],
  nodeSelector: {"kubernetes.io/os": "linux"},
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {"nodeSelectorTerms": [{"matchExpressions": [{"key": "k", "operator": "In", "values": ["a", "b"]}]}]},
      preferredDuringSchedulingIgnoredDuringExecution: [{"weight": 10, "preference": {"matchExpressions": [{"key": "z", "operator": "Exists"}]}}],
    },
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 50,
          podAffinityTerm: {"labelSelector": {"matchLabels": {"tier": "x"}}, "topologyKey": "kubernetes.io/hostname"},
        },
      ],
    },
  },
  tolerations: [
    {"key": "t", "operator": "Equal", "value": "v", "effect": "NoSchedule"},
    {"key": "u", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 0},
  ],
  securityContext: {
    fsGroup: 2000,
    runAsGroup: 3000,
    supplementalGroups: [1, 2, 3],
    sysctls: [{"name": "net.ipv4.ip_local_port_range", "value": "1024 65535"}],
    seccompProfile: {"type": "RuntimeDefault"},
  },
  hostAliases: [{"ip": "1.2.3.4", "hostnames": ["a.b", "c.d"]}],
  dnsPolicy: "None",
  dnsConfig: {"nameservers": ["8.8.8.8"], "searches": ["x.y"], "options": [{"name": "ndots", "value": "2"}]},
  terminationGracePeriodSeconds: 0,
  activeDeadlineSeconds: 600,
  hostname: "h",
  subdomain: "s",
  automountServiceAccountToken: false,
  enableServiceLinks: false,
  topologySpreadConstraints: [
    {
      maxSkew: 1,
      topologyKey: "zone",
      whenUnsatisfiable: "DoNotSchedule",
      labelSelector: {"matchExpressions": [{"key": "tier", "operator": "In", "values": ["x"]}]},
    },
  ],
  restartPolicy: "Never",
  priority: 0,
};

/** withoutEmptyResources drops `resources: {}` everywhere (Go always encodes that non-pointer struct). */
export function withoutEmptyResources(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyResources);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'resources' && v !== null && typeof v === 'object' && Object.keys(v).length === 0) continue;
    out[k] = withoutEmptyResources(v);
  }
  return out;
}
