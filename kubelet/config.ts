/** Kubelet flags (Kubernetes' own names where one exists) and their parsing. */
import { boolFlag, parseFlags } from '../component-base/flags.ts';
import type { Node } from './api-types.ts';
import { parseDuration } from '../component-base/duration.ts';

/** kubeletFlags is the flag spec of kubelet/main.ts. */
export const kubeletFlags = {
  kubeconfig: { type: 'string' },
  'bootstrap-kubeconfig': { type: 'string' },
  'cert-dir': { type: 'string' },
  'node-name': { type: 'string' },
  'node-ip': { type: 'string' },
  'node-labels': { type: 'string' },
  'pod-cidr': { type: 'string' },
  'cluster-cidr': { type: 'string', default: '10.244.0.0/16' },
  address: { type: 'string', default: '0.0.0.0' },
  port: { type: 'string', default: '10250' },
  'root-dir': { type: 'string', default: '/var/lib/skiff/kubelet' },
  'docker-endpoint': { type: 'string', default: 'unix:///var/run/docker.sock' },
  'cluster-dns': { type: 'string', default: '' },
  'cluster-domain': { type: 'string', default: 'cluster.local' },
  'max-pods': { type: 'string', default: '110' },
  'register-with-taints': { type: 'string', default: '' },
  'pod-infra-container-image': { type: 'string', default: 'skiff/pause:latest' },
  'allow-privileged': { type: 'string', default: 'false' },
  'network-name': { type: 'string', default: 'skiff0' },
  'manage-host-network': { type: 'string', default: 'true' },
  'node-status-update-frequency': { type: 'string', default: '10s' },
  'tls-cert-file': { type: 'string' },
  'tls-private-key-file': { type: 'string' },
  'client-ca-file': { type: 'string' },
  'rotate-server-certificates': { type: 'boolean' },
  'rotate-certificates': { type: 'boolean' },
} as const;

/** BOOLEAN_FLAGS take `--x`, `--x=true` and `--x=false`, as Kubernetes' do (parseArgs only the first). */
const BOOLEAN_FLAGS = ['rotate-server-certificates', 'rotate-certificates'] as const;

/** splitBooleanFlags takes the BOOLEAN_FLAGS out of argv with their values; absent ones stay undefined. */
function splitBooleanFlags(argv: string[]): { rest: string[]; bools: Partial<Record<(typeof BOOLEAN_FLAGS)[number], boolean>> } {
  const bools: Partial<Record<(typeof BOOLEAN_FLAGS)[number], boolean>> = {};
  const rest = argv.filter((a) => {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    const name = BOOLEAN_FLAGS.find((f) => f === m?.[1]);
    if (!name) return true;
    bools[name] = m![2] === undefined || boolFlag(m![2], false);
    return false;
  });
  return { rest, bools };
}

/** KubeletConfig is the parsed configuration. */
export interface KubeletConfig {
  kubeconfig?: string;
  /** bootstrapKubeconfig (a bootstrap token) is used to get a client certificate when kubeconfig has none valid. */
  bootstrapKubeconfig?: string;
  /** certDir holds the bootstrapped client key and certificate (default <root-dir>/pki). */
  certDir: string;
  nodeName: string;
  nodeIP?: string;
  nodeLabels: Record<string, string>;
  podCIDR?: string;
  clusterCIDR: string;
  address: string;
  port: number;
  rootDir: string;
  dockerEndpoint: string;
  clusterDns: string[];
  clusterDomain: string;
  maxPods: number;
  taints: NonNullable<NonNullable<Node['spec']>['taints']>;
  pauseImage: string;
  allowPrivileged: boolean;
  networkName: string;
  manageHostNetwork: boolean;
  statusUpdateMs: number;
  /** tls (all three flags) serves the kubelet API over HTTPS for the API server's client certificate only. */
  tls?: { certFile: string; keyFile: string; clientCAFile: string };
  /**
   * rotateServerCertificates (--rotate-server-certificates with --client-ca-file): the kubelet
   * API's serving certificate comes from a kubernetes.io/kubelet-serving CSR filed by the node
   * itself and is renewed before it expires (kubelet/bootstrap/serving-certificate.ts).
   */
  rotateServerCertificates?: { clientCAFile: string };
  /**
   * rotateCertificates (--rotate-certificates; default on with --bootstrap-kubeconfig): the
   * client certificate is renewed while the kubelet runs (kubelet/bootstrap/client-certificate-rotation.ts).
   */
  rotateCertificates: boolean;
}

/** parseTaints reads `key=value:Effect,key:Effect`. */
export function parseTaints(s: string): KubeletConfig['taints'] {
  return s.split(',').filter(Boolean).map((t) => {
    const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(t.trim());
    if (!m) throw new Error(`invalid taint "${t}" (want key[=value]:Effect)`);
    return { key: m[1], ...(m[2] !== undefined ? { value: m[2] } : {}), effect: m[3] };
  });
}

/** parseKubeletConfig parses argv into a KubeletConfig. */
export function parseKubeletConfig(argv: string[], hostname: string): KubeletConfig {
  const { rest, bools } = splitBooleanFlags(argv);
  const f = parseFlags(kubeletFlags, rest);
  const labels = Object.fromEntries((f['node-labels'] ?? '').split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
  if (f['bootstrap-kubeconfig'] && !f.kubeconfig) throw new Error('--bootstrap-kubeconfig needs --kubeconfig (where the bootstrapped credentials go)');
  return {
    kubeconfig: f.kubeconfig,
    bootstrapKubeconfig: f['bootstrap-kubeconfig'],
    certDir: f['cert-dir'] ?? `${f['root-dir']}/pki`,
    nodeName: f['node-name'] ?? hostname,
    nodeIP: f['node-ip'],
    nodeLabels: labels,
    podCIDR: f['pod-cidr'],
    clusterCIDR: f['cluster-cidr'],
    address: f.address,
    port: Number(f.port),
    rootDir: f['root-dir'],
    dockerEndpoint: f['docker-endpoint'],
    clusterDns: f['cluster-dns'].split(',').filter(Boolean),
    clusterDomain: f['cluster-domain'],
    maxPods: Number(f['max-pods']),
    taints: parseTaints(f['register-with-taints']),
    pauseImage: f['pod-infra-container-image'],
    allowPrivileged: boolFlag(f['allow-privileged'], false),
    networkName: f['network-name'],
    manageHostNetwork: boolFlag(f['manage-host-network'], true),
    statusUpdateMs: parseDuration(f['node-status-update-frequency']),
    rotateCertificates: bools['rotate-certificates'] ?? !!f['bootstrap-kubeconfig'],
    ...servingFlags(bools['rotate-server-certificates'] === true, f['tls-cert-file'], f['tls-private-key-file'], f['client-ca-file']),
  };
}

/** servingFlags picks where the kubelet API's serving certificate comes from: files, the CSR flow, or none (HTTP). */
function servingFlags(rotate: boolean, certFile?: string, keyFile?: string, clientCAFile?: string): Pick<KubeletConfig, 'tls' | 'rotateServerCertificates'> {
  if (!rotate) return { tls: tlsFlags(certFile, keyFile, clientCAFile) };
  if (certFile || keyFile) throw new Error('--rotate-server-certificates and --tls-cert-file/--tls-private-key-file exclude each other (the certificate comes from a CSR)');
  // Without a client CA the HTTPS API would admit any client: refuse, as with --tls-cert-file.
  if (!clientCAFile) throw new Error('--rotate-server-certificates needs --client-ca-file (the CA of the API server\'s client certificate)');
  return { rotateServerCertificates: { clientCAFile } };
}

function tlsFlags(certFile?: string, keyFile?: string, clientCAFile?: string): KubeletConfig['tls'] {
  if (!certFile && !keyFile && !clientCAFile) return undefined;
  // A serving cert without a client CA would be an API anyone on the network may call: refuse.
  if (!certFile || !keyFile || !clientCAFile) throw new Error('--tls-cert-file, --tls-private-key-file and --client-ca-file go together');
  return { certFile, keyFile, clientCAFile };
}
