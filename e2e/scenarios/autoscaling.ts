/**
 * autoscalingScenario: the resource metrics path end to end — kubelets' /stats/summary (Docker
 * stats), the API server's metrics.k8s.io, `skiffctl top` (and the real kubectl's when present)
 * — and a HorizontalPodAutoscaler that scales a CPU-burning Deployment up on those metrics.
 */
import { beforeAll, expect, it } from 'vitest';
import type { E2ECluster } from '../fixtures/cluster.ts';
import { findKubectl, kubectlRunner, skiffctl, skiffctlTry } from '../fixtures/cli.ts';
import { apply, createNamespace, waitReadyPods } from '../fixtures/kube.ts';
import { waitFor } from '../fixtures/wait.ts';

/** burner is a Deployment whose pods spin a shell loop, capped at 100m by a CPU limit (20m requested). */
const burner = `apiVersion: apps/v1
kind: Deployment
metadata: { name: burn }
spec:
  replicas: 1
  selector: { matchLabels: { app: burn } }
  template:
    metadata: { labels: { app: burn } }
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: burn
        image: skiff/busybox:latest
        command: [sh, -c, 'while :; do :; done']
        resources:
          requests: { cpu: 20m, memory: 16Mi }
          limits: { cpu: 100m, memory: 64Mi }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: burn }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: burn }
  minReplicas: 1
  maxReplicas: 3
  metrics:
  - type: Resource
    resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } }
`;

/** millicores reads the CPU(cores) cell of a `top pod` row ("85m"). */
function millicores(top: string, pod: RegExp): number {
  const row = top.split('\n').find((l) => pod.test(l.split(/\s+/)[0]));
  return row ? Number(row.split(/\s+/)[1].replace(/m$/, '')) : NaN;
}

/** autoscalingScenario registers the tests; `cluster()` returns the started cluster. */
export function autoscalingScenario(cluster: () => E2ECluster): void {
  const ns = 'e2e-autoscaling';
  beforeAll(async () => {
    await createNamespace(cluster(), ns);
  });

  it('shows node and pod usage with top, and an HPA scales a busy Deployment up on it', async () => {
    const c = cluster();
    await apply(c, ns, burner);
    try {
      await waitReadyPods(c, ns, 'app=burn', 1, { timeoutMs: 120_000 });
      const top = await waitFor('top pod to show the burner using CPU', async () => {
        const r = await skiffctlTry(c.kubeconfigPath, ['top', 'pod', '-n', ns]);
        return { ok: r.code === 0 && millicores(r.stdout, /^burn-/) >= 10, value: r.stdout, seen: r.stdout + r.stderr };
      }, { timeoutMs: 60_000, intervalMs: 2000 });
      expect(top).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
      const nodes = await skiffctl(c.kubeconfigPath, ['top', 'node']);
      expect(nodes.trim().split('\n').slice(1).filter((l) => /^\S+\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%$/.test(l)).length).toBeGreaterThanOrEqual(c.nodes.length);
      const kubectlBin = findKubectl('1.32');
      if (kubectlBin) expect(millicores(await kubectlRunner(kubectlBin, c.kubeconfigPath)(['top', 'pod', '-n', ns]), /^burn-/)).toBeGreaterThan(0);
      // 100m used of 20m requested is 500 % against a 50 % target: the HPA goes to its maximum.
      await waitFor('the HPA to scale burn to 3 replicas', async () => {
        const hpa = JSON.parse(await skiffctl(c.kubeconfigPath, ['get', 'hpa', 'burn', '-n', ns, '-o', 'json']));
        return { ok: hpa.status?.desiredReplicas === 3, seen: JSON.stringify(hpa.status) };
      }, { timeoutMs: 90_000, intervalMs: 2000 });
      await waitReadyPods(c, ns, 'app=burn', 3, { timeoutMs: 120_000 });
      expect(await skiffctl(c.kubeconfigPath, ['get', 'events', '-n', ns])).toMatch(/SuccessfulRescale\s+horizontalpodautoscaler\/burn\s+New size: 3/);
    } finally {
      // Stop burning CPU at once: the rest of the suite shares these two cores.
      await skiffctl(c.kubeconfigPath, ['delete', '-n', ns, 'hpa/burn', 'deployment/burn', '--wait=false']);
    }
  });
}
