import { createLogger } from '@app/server/src/platform/logger';

function capture() {
  const lines: string[] = [];
  return { lines, logger: createLogger('info', { write: (line: string) => void lines.push(line) }) };
}

describe('createLogger', () => {
  it('redacts credentials wherever they appear in a log line', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        authorization: 'Bearer top-level-token',
        req: { headers: { authorization: 'Bearer header-token', 'user-agent': 'jest' } },
        password: 'pw-1',
        body: { oldPassword: 'pw-2', newPassword: 'pw-3', token: 'tk-1', session_key: 'sk-1' },
        wechat: { answer: { session_key: 'sk-2', openid: 'oOpenId' } },
        config: { appSecret: 'app-secret' },
      },
      'request',
    );
    const line = lines.join('');
    for (const secret of [
      'top-level-token',
      'header-token',
      'pw-1',
      'pw-2',
      'pw-3',
      'tk-1',
      'sk-1',
      'sk-2',
      'app-secret',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[REDACTED]');
    expect(line).toContain('jest');
    expect(line).toContain('oOpenId');
  });

  it('writes nothing below its level', () => {
    const lines: string[] = [];
    const logger = createLogger('warn', { write: (line: string) => void lines.push(line) });
    logger.info('quiet');
    logger.warn('loud');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('loud');
  });
});
