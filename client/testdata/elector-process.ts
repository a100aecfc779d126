/**
 * elector-process is a leader-election candidate run as a child process by
 * leader-election.int.test.ts (so the test can SIGSTOP it). Usage:
 *   node elector-process.ts <server-url> <identity> <leaseMs> <renewMs> <retryMs>
 * While it believes it leads, it writes a ConfigMap every 100 ms through fencedClient and
 * prints one JSON line per step: {leading}, {attempt: n}, {result: n, ok}, {stopped}.
 */
import { Resources } from '../../api/resources.ts';
import { createClient } from '../rest-client.ts';
import { createLeaderElector } from '../leader-election.ts';
import { fencedClient } from '../fenced-client.ts';

const [url, identity, leaseMs, renewMs, retryMs] = process.argv.slice(2);
const out = (o: object) => process.stdout.write(JSON.stringify({ ...o, at: Date.now() }) + '\n');
const client = createClient({ servers: [url], userAgent: `elector-${identity}`, maxRetries: 0, timeoutMs: 2000 });
const ctl = new AbortController();
process.on('SIGTERM', () => ctl.abort());

const elector = createLeaderElector({
  client,
  namespace: 'default',
  name: 'int-lock',
  identity,
  leaseDurationMs: Number(leaseMs),
  renewDeadlineMs: Number(renewMs),
  retryPeriodMs: Number(retryMs),
  signal: ctl.signal,
  onStartedLeading: () => {
    out({ leading: true });
  },
  onStoppedLeading: () => {
    out({ stopped: true });
  },
});
const done = elector.run();
const cms = fencedClient(client, elector).resource(Resources.configmaps);
let n = 0;
// Keep trying to write while it thinks it leads: the fence must refuse once that is stale.
const tryWrite = (force = false) => {
  if (!force && !elector.isLeader()) return;
  const seq = n++;
  out({ attempt: seq });
  cms.create('default', { metadata: { name: `${identity}-${seq}` } }).then(
    (o) => out({ result: seq, ok: true, rv: o.metadata.resourceVersion }),
    (err: Error) => out({ result: seq, ok: false, error: err.message }),
  );
};
const timer = setInterval(() => tryWrite(), 100);
// First thing after a SIGSTOP ends: write, as a paused leader resuming mid-work would, without
// asking the elector first (on a busy machine it may already know) — the fence alone must refuse.
process.on('SIGCONT', () => tryWrite(true));
await done;
clearInterval(timer);
await client.close();
out({ exited: true });
