const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * parseDuration reads a Go-style duration as Kubernetes flags take them ("40s", "1m30s",
 * "500ms", "1h", "0") into milliseconds; a bare number counts as seconds. Anything else throws
 * an Error naming the value, for the caller's usage message.
 */
export function parseDuration(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new Error(`invalid duration "${text}" (want e.g. 30s, 500ms, 1m30s, 2h)`);
  }
  return parts.reduce((ms, p) => ms + Number(p[1]) * units[p[2]], 0);
}
