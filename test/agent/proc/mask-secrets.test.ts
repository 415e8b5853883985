import { describe, expect, it } from 'vitest';
import { maskArgv, maskCommandLine } from '../../../agent/proc/mask-secrets.js';

describe('maskArgv', () => {
  it.each([
    { argv: ['mysqld', '--password=s3cr3t'], want: ['mysqld', '--password=***'] },
    { argv: ['tool', '--password', 's3cr3t', '-h', 'db'], want: ['tool', '--password', '***', '-h', 'db'] },
    { argv: ['mysql', '--password', '-h', 'db'], want: ['mysql', '--password', '-h', 'db'] },
    { argv: ['mysql', '-uroot', '-pS3cret', 'shop'], program: 'mysql', want: ['mysql', '-uroot', '-p***', 'shop'] },
    { argv: ['mysqldump', '-p1234'], program: 'mysqldump', want: ['mysqldump', '-p***'] },
    { argv: ['psql', '-p5432', '-h', 'db'], program: 'psql', want: ['psql', '-p5432', '-h', 'db'] },
    { argv: ['env', 'PGPASSWORD=hunter2', 'psql'], want: ['env', 'PGPASSWORD=***', 'psql'] },
    { argv: ['env', 'MYSQL_PWD=hunter2'], want: ['env', 'MYSQL_PWD=***'] },
    { argv: ['x', 'AWS_SECRET_ACCESS_KEY=abc'], want: ['x', 'AWS_SECRET_ACCESS_KEY=***'] },
    { argv: ['app', '--db', 'postgres://app:pa55@db:5432/shop'], want: ['app', '--db', 'postgres://app:***@db:5432/shop'] },
    { argv: ['app', 'mysql://root:@localhost/'], want: ['app', 'mysql://root:***@localhost/'] },
    { argv: ['app', '--token', 'abc.def'], want: ['app', '--token', '***'] },
    { argv: ['app', '--api-key=xyz'], want: ['app', '--api-key=***'] },
    { argv: ['app', '--client-secret', 'xyz'], want: ['app', '--client-secret', '***'] },
    { argv: ['pg_dump', 'host=db user=app password=pa55 dbname=x'], want: ['pg_dump', 'host=db user=app password=*** dbname=x'] },
    { argv: ['app', '--port', '8080', '-v'], want: ['app', '--port', '8080', '-v'] },
    { argv: ['nginx', '-g', 'daemon off;'], want: ['nginx', '-g', 'daemon off;'] },
  ])('$argv', ({ argv, want, program }) => {
    expect(maskArgv(argv, program ?? '')).toEqual(want);
  });

  it('does not change its input', () => {
    const argv = ['x', '--password=a'];
    maskArgv(argv);
    expect(argv).toEqual(['x', '--password=a']);
  });

  it('quotes arguments with spaces when joining', () => {
    expect(maskCommandLine(['sh', '-c', 'echo hi'])).toBe('sh -c "echo hi"');
  });
});
