/**
 * shutdownSignal returns an AbortSignal that aborts on the first SIGTERM or SIGINT, so every
 * loop of a process stops through the same signal; a second signal exits at once.
 */
export function shutdownSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error(`received ${name}`));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return controller.signal;
}
