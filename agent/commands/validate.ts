import { readBundleFile } from '../bundle/read.js';
import { AppError, EXIT, errorMessage } from '../errors.js';

/** Prints "FILE: ok" or one "FILE: path: message" line per problem; exit 3 if any file is bad. */
export async function validateFiles(files: string[], quiet: boolean): Promise<number> {
  let bad = 0;
  for (const file of files) {
    try {
      await readBundleFile(file);
      if (!quiet) process.stdout.write(`${file}: ok\n`);
    } catch (err) {
      bad++;
      const problems = err instanceof AppError && Array.isArray(err.meta.problems) ? (err.meta.problems as string[]) : [errorMessage(err).replace(`${file}: `, '')];
      for (const problem of problems) process.stdout.write(`${file}: ${problem}\n`);
    }
  }
  return bad > 0 ? EXIT.partial : EXIT.ok;
}
