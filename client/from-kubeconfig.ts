/**
 * clientFromKubeconfig builds a Client from a kubeconfig (path, else $KUBECONFIG, else
 * ~/.kube/config), the usual way components started with `--kubeconfig` connect.
 */
import type { Client } from './types.ts';
import { loadKubeconfig } from './kubeconfig.ts';
import { createClient, type ClientConfig } from './rest-client.ts';

/** clientFromKubeconfig connects with the current context of the kubeconfig; `extra` overrides config. */
export function clientFromKubeconfig(path: string | undefined, userAgent: string, extra: Partial<ClientConfig> & { context?: string } = {}): Client {
  const { context, ...rest } = extra;
  const k = loadKubeconfig({ path, context });
  return createClient({
    // Several API servers may be given comma-separated in `server` for failover.
    servers: k.server.split(',').map((s) => s.trim()).filter(Boolean),
    ca: k.ca,
    cert: k.cert,
    key: k.key,
    token: k.token,
    insecureSkipTLSVerify: k.insecureSkipTLSVerify,
    userAgent,
    ...rest,
  });
}
