import { describe, expect, it } from 'vitest';
import { bearerToken, hostOfHeader, isLoopback, tokensMatch } from '../../../src/dashboard/auth.js';
import { checkDashboardAddress } from '../../../src/dashboard/index.js';

describe('the dashboard token and addresses', () => {
  it('matches a token only when it is exactly the same, whatever the lengths', () => {
    expect(tokensMatch('s3cret-token', 's3cret-token')).toBe(true);
    for (const other of ['', 's3cret-toke', 's3cret-tokenn', 'S3cret-token', ' s3cret-token'])
      expect(tokensMatch(other, 's3cret-token')).toBe(false);
  });

  it('reads a Bearer header and nothing else', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer abc')).toBe('abc');
    for (const header of [undefined, '', 'Basic abc', 'Bearer', 'Bearer a b', 'abc'])
      expect(bearerToken(header)).toBe(undefined);
  });

  it('knows the loopback names, and nothing else is loopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com', 'localhost.evil.com', '128.0.0.1', ''])
      expect(isLoopback(host), host).toBe(false);
    expect(hostOfHeader('127.0.0.1:8787')).toBe('127.0.0.1');
    expect(hostOfHeader('[::1]:8787')).toBe('[::1]');
    expect(hostOfHeader('evil.example')).toBe('evil.example');
  });

  it('checks the address before anything is opened', () => {
    expect(checkDashboardAddress({})).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(checkDashboardAddress({ host: '0.0.0.0', port: 0, token: 't' })).toEqual({ host: '0.0.0.0', port: 0 });
    expect(() => checkDashboardAddress({ host: '0.0.0.0' })).toThrow('set FLEET_DASHBOARD_TOKEN');
    expect(() => checkDashboardAddress({ port: 65_536 })).toThrow('--port must be a whole number from 0 to 65535');
    expect(() => checkDashboardAddress({ token: '  ' })).toThrow('FLEET_DASHBOARD_TOKEN is empty');
  });
});
