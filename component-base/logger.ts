import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * createLogger makes the one root pino logger of a process (design §3.8). Components take
 * child loggers from it: `log.child({ controller: 'replicaset' })`. Level from LOG_LEVEL.
 */
export function createLogger(component: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: component, level });
}

/** silentLogger is a logger that drops everything, for unit tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
