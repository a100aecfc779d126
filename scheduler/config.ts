/**
 * SchedulerConfig is the scheduler's YAML config file (--config):
 *
 *   schedulerName: default-scheduler
 *   plugins:
 *     disabled: [ImageLocality]        # any registry name, or '*' for all
 *     enabled: [NodePorts]             # re-enable after '*'
 *   weights: { NodeResourcesFit: 2 }   # score weights; 0 turns scoring off
 *   scoringStrategy: MostAllocated     # LeastAllocated (default, spread) | MostAllocated (bin-pack)
 *   percentageOfNodesToScore: 0        # 0 = adaptive, as kube-scheduler
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { defaultWeights, registry } from './plugins/registry.ts';

/** SchedulerConfig is the parsed, validated config. */
export interface SchedulerConfig {
  schedulerName: string;
  enabled: string[];
  weights: Record<string, number>;
  scoringStrategy: 'LeastAllocated' | 'MostAllocated';
  percentageOfNodesToScore: number;
}

/** defaultConfig is the config without a file: every plugin, default weights. */
export function defaultConfig(): SchedulerConfig {
  return {
    schedulerName: 'default-scheduler',
    enabled: [...registry.keys()],
    weights: { ...defaultWeights },
    scoringStrategy: 'LeastAllocated',
    percentageOfNodesToScore: 0,
  };
}

function names(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new Error(`${field}: must be a list of plugin names`);
  return v.map((n) => {
    const name = typeof n === 'object' && n !== null ? (n as { name?: unknown }).name : n;
    if (typeof name !== 'string' || (name !== '*' && !registry.has(name))) {
      throw new Error(`${field}: unknown plugin ${JSON.stringify(name)}; known: ${[...registry.keys()].join(', ')}`);
    }
    return name;
  });
}

/** parseConfig validates a config document; unknown plugins or fields fail with a clear message. */
export function parseConfig(doc: unknown): SchedulerConfig {
  const cfg = defaultConfig();
  if (doc === undefined || doc === null) return cfg;
  if (typeof doc !== 'object') throw new Error('scheduler config: must be a mapping');
  const d = doc as Record<string, unknown>;
  const known = new Set(['schedulerName', 'plugins', 'weights', 'scoringStrategy', 'percentageOfNodesToScore']);
  for (const k of Object.keys(d)) if (!known.has(k)) throw new Error(`scheduler config: unknown field "${k}"`);
  if (d.schedulerName !== undefined) cfg.schedulerName = String(d.schedulerName);
  const plugins = (d.plugins ?? {}) as Record<string, unknown>;
  const disabled = names(plugins.disabled, 'plugins.disabled');
  const enabled = names(plugins.enabled, 'plugins.enabled');
  cfg.enabled = [...registry.keys()].filter((n) => enabled.includes(n) || !(disabled.includes('*') || disabled.includes(n)));
  for (const [name, w] of Object.entries((d.weights ?? {}) as Record<string, unknown>)) {
    names([name], 'weights');
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > 100) throw new Error(`weights.${name}: must be an integer 0..100`);
    cfg.weights[name] = w;
  }
  if (d.scoringStrategy !== undefined) {
    if (d.scoringStrategy !== 'LeastAllocated' && d.scoringStrategy !== 'MostAllocated') {
      throw new Error('scoringStrategy: must be LeastAllocated or MostAllocated');
    }
    cfg.scoringStrategy = d.scoringStrategy;
  }
  if (d.percentageOfNodesToScore !== undefined) cfg.percentageOfNodesToScore = Number(d.percentageOfNodesToScore);
  return cfg;
}

/** loadConfig reads and parses the YAML config file; no path means defaults. */
export function loadConfig(path: string | undefined): SchedulerConfig {
  return path ? parseConfig(parse(readFileSync(path, 'utf8'))) : defaultConfig();
}
