import { describe, expect, it } from 'vitest';
import { isListening, parseProcNetSockets } from '../../../agent/proc/sockets.js';
import { ipv6FromHex } from '../../../agent/proc/ip-format.js';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 6015 1 0000000000000000 100 0 0 10 0
   1: 0100007F:9E2C 0100007F:0CEA 01 00000000:00000000 00:00000000 00000000     0        0 7777 1 0000000000000000 20 4 30 10 -1
   2: 0200A8C0:0016 0A00A8C0:D431 06 00000000:00000000 03:00000F9F 00000000     0        0 0 3 0000000000000000
`;

const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1538 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000   104        0 5001 1 0000000000000000 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:1538 0000000000000000FFFF00000100007F:C350 01 00000000:00000000 00:00000000 00000000   104        0 5002 1 0000000000000000 20 4 0 10 -1
   2: 00000000000000000000000001000000:0050 00000000000000000000000001000000:A000 01 00000000:00000000 00:00000000 00000000   0        0 5003 1 0000000000000000 20 4 0 10 -1
`;

describe('parseProcNetSockets', () => {
  it('decodes IPv4 endpoints, states, uid and inode', () => {
    const [listen, conn, tw] = parseProcNetSockets(TCP, 'tcp');
    expect(listen).toMatchObject({ localAddress: '127.0.0.1', localPort: 3306, state: 'LISTEN', uid: 106, inode: 6015 });
    expect(isListening(listen!)).toBe(true);
    expect(conn).toMatchObject({ localAddress: '127.0.0.1', localPort: 40492, remoteAddress: '127.0.0.1', remotePort: 3306, state: 'ESTABLISHED' });
    expect(tw).toMatchObject({ localAddress: '192.168.0.2', localPort: 22, remoteAddress: '192.168.0.10', remotePort: 54321, state: 'TIME_WAIT', inode: 0 });
  });

  it('decodes IPv6, maps IPv4-mapped addresses back to IPv4', () => {
    const [any, mapped, loop] = parseProcNetSockets(TCP6, 'tcp6');
    expect(any).toMatchObject({ localAddress: '::', localPort: 5432, state: 'LISTEN' });
    expect(mapped).toMatchObject({ localAddress: '127.0.0.1', remoteAddress: '127.0.0.1', remotePort: 50000 });
    expect(loop).toMatchObject({ localAddress: '::1', localPort: 80 });
  });

  it('treats unconnected UDP sockets as listening', () => {
    const udp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  1: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1234 2 0000000000000000 0
`;
    const [s] = parseProcNetSockets(udp, 'udp');
    expect(s).toMatchObject({ localAddress: '0.0.0.0', localPort: 68 });
    expect(isListening(s!)).toBe(true);
  });

  it('formats IPv6 route addresses per RFC 5952', () => {
    expect(ipv6FromHex('fd000000000000000000000000000001')).toBe('fd00::1');
    expect(ipv6FromHex('20010db8000000010000000000000000')).toBe('2001:db8:0:1::');
    expect(ipv6FromHex('00000000000000000000000000000000')).toBe('::');
  });
});
