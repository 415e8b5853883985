import { pino, type Logger } from 'pino';

/**
 * Object keys whose values are never logged. Secrets must also never be put in
 * message strings, since redaction only sees keys.
 */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'passwordFile',
  'connectionString',
  '*.connectionString',
  'url',
  '*.url',
  'targets[*].password',
];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The one root logger of a process: JSON lines on stderr, stdout stays for results. */
export function createLogger(name: string, level: LogLevel = 'info'): Logger {
  return pino(
    {
      name,
      level,
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    pino.destination({ dest: 2, sync: true }),
  );
}
