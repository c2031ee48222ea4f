import { describe, expect, it } from 'vitest';
import { redact } from '../../src/garmin/http.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJjbGllbnRfaWQiOiJHQVJNSU4iLCJleHAiOjE3Njc4ODE0MjF9.c2lnbmF0dXJlLXZhbHVl';

describe('redact', () => {
  const cases: Array<[string, string, string]> = [
    ['Authorization header', `Authorization: Bearer ${JWT}`, JWT],
    ['Basic credentials', 'authorization: Basic R0FSTUlOX0NPTk5FQ1Q6', 'R0FSTUlOX0NPTk5FQ1Q6'],
    ['bare Bearer token', 'sent Bearer abc.def-123 to api', 'abc.def-123'],
    ['Cookie header', 'Cookie: SESSION=s3cr3t-session; CASTGC=TGT-123-abc', 's3cr3t-session'],
    ['Set-Cookie header', 'Set-Cookie: GARMIN-SSO-CUST-GUID=0690cc1d; Path=/; HttpOnly', '0690cc1d'],
    ['service ticket in a URL', 'https://sso.garmin.com/sso/embed?ticket=ST-0172640-s7YMrcqSIs9rr46AGPLK-sso', 's7YMrcqSIs9rr46AGPLK'],
    ['service ticket in text', 'exchanging ST-097904-maMLPBSRdODkj7WJmO8o-sso now', 'maMLPBSRdODkj7WJmO8o'],
    ['JWT anywhere', `token is ${JWT}.`, JWT],
    ['JSON password', '{"username":"a@b.c","password":"hunter2 \\"quoted\\"","rememberMe":false}', 'hunter2'],
    ['JSON tokens', '{"access_token":"opaque-access","refresh_token":"opaque-refresh","expires_in":3600}', 'opaque-'],
    ['JSON ticket and MFA code', '{"serviceTicketId":"opaque-ticket","mfaVerificationCode":"228798"}', '228798'],
    ['form body', 'client_id=X&service_ticket=opaque-ticket&grant_type=refresh_token&refresh_token=opaque-refresh', 'opaque-'],
    ['form password', 'username=a%40b.c&password=hunter2&embed=true', 'hunter2'],
  ];
  for (const [name, text, secret] of cases) {
    it(`removes the ${name}`, () => {
      const out = redact(text);
      expect(out).not.toContain(secret);
      expect(out).toContain('[redacted]');
    });
  }

  it('keeps what is not secret: paths, dates, client ids and emails', () => {
    const line = '← 200 GET https://connectapi.garmin.com/hrv-service/hrv/2026-01-07?date=2026-01-07&client_id=GARMIN_CONNECT_MOBILE_ANDROID_DI 12 ms';
    expect(redact(line)).toBe(line);
    expect(redact('{"username":"a@b.c","rememberMe":false}')).toBe('{"username":"a@b.c","rememberMe":false}');
  });
});
