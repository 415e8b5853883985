import { execFile } from 'node:child_process';

/**
 * Runs a command once for static inventory (never on the sampling path), bounded in
 * time and output, with a plain C locale so its output parses the same everywhere.
 */
export function runCommand(file: string, args: string[], timeoutMs = 10_000, maxBuffer = 32 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, maxBuffer, env: { PATH: process.env.PATH ?? '/usr/bin:/bin:/usr/sbin:/sbin', LC_ALL: 'C' }, windowsHide: true },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
  });
}

/** First path of `names` found on PATH (or the standard sbin dirs), without spawning `which`. */
export async function findExecutable(name: string): Promise<string | null> {
  const { access, constants } = await import('node:fs/promises');
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    try {
      await access(`${dir}/${name}`, constants.X_OK);
      return `${dir}/${name}`;
    } catch {
      // not here
    }
  }
  return null;
}
