/**
 * The optional settings files of the commands (plan settings, type mapping): read when given,
 * the defaults otherwise. A file that cannot be read or is invalid is the user's input, so its
 * error becomes the command's input error (the CLI exits 2), named after what the file is.
 */
export function readOptionalFile<T>(file: string | undefined, fallback: T, read: (file: string) => T, what: string, InputError: new (message: string) => Error): T {
  if (!file) return fallback;
  try {
    return read(file);
  } catch (err) {
    throw new InputError(`${what} ${(err as Error).message}`);
  }
}
