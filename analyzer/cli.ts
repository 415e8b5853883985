#!/usr/bin/env node
/**
 * scout: the analyzer's command line. The only place that sets process.exitCode.
 * Exit codes: 0 ok; 1 unexpected error; 2 bad usage; 3 finished, but some inputs were
 * skipped as invalid.
 */
import { parseArgs } from 'node:util';
import { summarizeHost, formatSummary } from './commands/summary.js';
import { loadBundles } from './load-bundles.js';
import { createLogger } from './log.js';

const USAGE = `Usage: scout <command> [options]

Commands:
  summary BUNDLE_OR_DIR...   validate bundles and print one summary per host
                             (segments of one agent id are merged)

Options:
  --json          print the summaries as JSON
  --log-level L   fatal|error|warn|info|debug|silent (default warn)
  -h, --help      this text

Exit codes: 0 ok, 1 unexpected error, 2 bad usage, 3 some bundles were invalid and skipped.`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, 'log-level': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    process.stderr.write(`scout: ${(err as Error).message}\n`);
    return 2;
  }
  const [command, ...inputs] = parsed.positionals;
  if (parsed.values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return parsed.values.help ? 0 : 2;
  }
  if (command !== 'summary') {
    process.stderr.write(`scout: unknown command "${command}" (try scout --help)\n`);
    return 2;
  }
  if (inputs.length === 0) {
    process.stderr.write('scout: summary: give at least one bundle file or directory\n');
    return 2;
  }
  const log = createLogger(parsed.values['log-level'] ?? 'warn');
  const loaded = await loadBundles(inputs, log);
  for (const p of loaded.problems) process.stderr.write(`scout: skipped ${p.file}: ${p.message}\n`);
  const summaries = loaded.hosts.map(summarizeHost);
  if (parsed.values.json) process.stdout.write(`${JSON.stringify({ hosts: summaries, skipped: loaded.problems }, null, 2)}\n`);
  else process.stdout.write(`${summaries.map(formatSummary).join('\n\n') || 'no bundles found'}\n`);
  return loaded.problems.length > 0 ? 3 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`scout: unexpected error: ${(err as Error)?.message ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
