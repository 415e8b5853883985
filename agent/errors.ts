/**
 * Expected failures carry a stable snake_case code, a human message and JSON meta.
 * Each cli.ts maps them to exit codes; nothing else calls process.exit.
 */
export type ErrorCode =
  | 'usage'
  | 'config_invalid'
  | 'config_unreadable'
  | 'output_unwritable'
  | 'state_unwritable'
  | 'bundle_invalid'
  | 'bundle_unreadable'
  | 'bundle_version_unsupported'
  | 'install_failed'
  | 'not_root';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly meta: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, meta: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.meta = meta;
  }
}

/** Exit codes shared by every command of scout-agent and scout. */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  partial: 3,
} as const;

export function exitCodeFor(err: unknown): number {
  if (err instanceof AppError) {
    switch (err.code) {
      case 'usage':
      case 'config_invalid':
      case 'config_unreadable':
      case 'not_root':
        return EXIT.usage;
      case 'bundle_invalid':
      case 'bundle_unreadable':
      case 'bundle_version_unsupported':
        return EXIT.partial;
      default:
        return EXIT.unexpected;
    }
  }
  return EXIT.unexpected;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
