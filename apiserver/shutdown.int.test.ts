import { describe, expect, it } from 'vitest';
import { startTestApiServer } from '../testing/apiserver.ts';

describe('API server shutdown', () => {
  it.each([0, 5, 50])('stops while a watch is open (watch started %i ms before stop) and the watcher sees the stream end', async (delay) => {
    const api = await startTestApiServer();
    const streamEnded = fetch(`${api.url}/api/v1/namespaces/default/configmaps?watch=1`)
      .then(async (res) => {
        const reader = res.body!.getReader();
        while (!(await reader.read()).done);
        return 'ended';
      })
      .catch(() => 'cut');
    await new Promise((resolve) => setTimeout(resolve, delay));
    await api.stop();
    expect(['ended', 'cut']).toContain(await streamEnded);
  });
});
