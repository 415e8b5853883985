import { pino, type Logger } from 'pino';

/** The analyzer's one root logger: JSON lines on stderr, stdout stays for results. */
export function createLogger(level = 'info'): Logger {
  return pino({ name: 'scout', level, base: { pid: process.pid } }, pino.destination({ dest: 2, sync: true }));
}
