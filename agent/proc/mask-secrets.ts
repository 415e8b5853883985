/**
 * Masks secret-looking values in a process command line before it leaves the host.
 * The rules err on the side of masking: a masked port number costs little, a leaked
 * password costs a lot.
 */
export const MASK = '***';

/** Option names whose value is a secret: --password, --db-pass, --api-key, --token, --secret… */
const SECRET_OPTION = /^--?[\w.-]*(pass(word|wd|phrase)?|pwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credentials?|auth)$/i;
/** KEY=value assignments with a secret-looking key: PGPASSWORD=, MYSQL_PWD=, AWS_SECRET_ACCESS_KEY=, password= (libpq). */
const SECRET_ASSIGNMENT = /^([\w.-]*(pass(word|wd)?|pwd|secret|token|api[-_]?key|access[-_]?key|credentials?)[\w.-]*)=(.*)$/i;
/** user:password@ inside a URL. */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):([^@/?#\s]*)@/gi;
/** `password=...` pairs inside a longer argument such as a libpq connection string. */
const INLINE_ASSIGNMENT = /\b((?:[\w.-]*(?:pass(?:word|wd)?|pwd|secret|token))\s*=\s*)('[^']*'|"[^"]*"|[^\s;&]+)/gi;

/** MySQL client tools take the password glued to -p (`-pS3cret`); for them any -p value is a secret. */
const MYSQL_FAMILY = /^(mysql|mariadb|mysqld?ump|mysqladmin|mysqlimport|mysqlcheck|mysqlshow|mysqlbinlog|mysqlpump|mysqlsh|mydumper|myloader|mariadb-[\w-]+|mysql[\w-]*)$/i;

function maskArgument(arg: string): string {
  const assignment = SECRET_ASSIGNMENT.exec(arg);
  if (assignment && assignment[4] !== '') {
    // --password=x keeps its option name; PGPASSWORD=x keeps its key.
    return `${assignment[1]}=${MASK}`;
  }
  return arg.replace(URL_CREDENTIALS, `$1:${MASK}@`).replace(INLINE_ASSIGNMENT, `$1${MASK}`);
}

/**
 * Masks one argv. `program` is the executable's base name (for the MySQL `-pSECRET` rule).
 * Returns a new array; the input is not changed.
 */
export function maskArgv(argv: readonly string[], program = ''): string[] {
  const out: string[] = [];
  const isMysqlTool = MYSQL_FAMILY.test(program);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (arg.startsWith('-') && SECRET_OPTION.test(name)) {
      if (eq > 0) {
        out.push(`${name}=${MASK}`);
      } else {
        out.push(arg);
        // The value is the next argument unless that is another option (e.g. `mysql --password -h x`).
        const next = argv[i + 1];
        if (next !== undefined && !next.startsWith('-')) {
          out.push(MASK);
          i++;
        }
      }
      continue;
    }
    if (/^-p.+/.test(arg) && !arg.startsWith('--') && (isMysqlTool || !/^-p\d+$/.test(arg))) {
      out.push(`-p${MASK}`);
      continue;
    }
    out.push(maskArgument(arg));
  }
  return out;
}

/** Joins argv for display, quoting arguments that contain spaces. */
export function joinArgv(argv: readonly string[]): string {
  return argv.map((a) => (a === '' || /[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ');
}

export function maskCommandLine(argv: readonly string[], program = ''): string {
  return joinArgv(maskArgv(argv, program));
}
