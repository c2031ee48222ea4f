/**
 * The mobile/portal sign-in page (protocol §2.2 step 1) as a real page a browser can use: a form
 * whose own JavaScript posts the JSON login (`/{flow}/api/login`) and, on MFA_REQUIRED, the code
 * (`/{flow}/api/mfa/verifyCode`) with the page's cookies, as Garmin's React app does. With the
 * `browserAutofill` switch the script fills in the demo account and the MFA code and submits by
 * itself, so `garmin-sync login --browser` is tested end to end in a headless browser.
 * Garmin's real page is a React bundle with a Cloudflare challenge; its markup was not recorded,
 * so everything here except the title and the message catalogue is invented.
 */
import { DEMO_EMAIL, DEMO_PASSWORD, MFA_CODE } from './account.js';

/** The message keys of the recorded page (protocol §2.2 step 1). */
const MESSAGES = {
  generalLoginInvalidUsernameOrPassword: 'Invalid sign in.',
  generalLoginAccountLocked: 'Account locked.',
  loginEnterMfaCodePageTitle: 'Enter Security Code',
};

/** The page's script: reads clientId/service from its own URL, exactly as the real app does. */
const SCRIPT = `
const q = new URLSearchParams(location.search);
const flow = location.pathname.split('/')[1];
const query = new URLSearchParams({ clientId: q.get('clientId') || '', locale: 'en-US', service: q.get('service') || '' }).toString();
const $ = (id) => document.getElementById(id);
let method = 'email';
async function post(path, body) {
  const res = await fetch('/' + flow + '/api/' + path + '?' + query, {
    method: 'POST', credentials: 'include',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/plain, */*' },
    body: JSON.stringify(body),
  });
  return res.json();
}
function show(answer) {
  const type = answer.responseStatus ? answer.responseStatus.type : 'ERROR';
  if (type === 'SUCCESSFUL') { $('result').textContent = 'Signed in. You can close this window.'; return; }
  if (type === 'MFA_REQUIRED') {
    method = (answer.customerMfaInfo && answer.customerMfaInfo.mfaLastMethodUsed) || 'email';
    $('login').hidden = true; $('mfa').hidden = false;
    if (AUTOFILL) { $('code').value = AUTOFILL.code; $('mfa').requestSubmit(); }
    return;
  }
  $('result').textContent = (window.messages[answer.responseStatus && answer.responseStatus.message] || 'Sign-in failed') + ' (' + type + ')';
}
$('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  show(await post('login', { username: $('email').value, password: $('password').value, rememberMe: false, captchaToken: '' }));
});
$('mfa').addEventListener('submit', async (e) => {
  e.preventDefault();
  show(await post('mfa/verifyCode', { mfaMethod: method, mfaVerificationCode: $('code').value, rememberMyBrowser: false, reconsentList: [], mfaSetup: false }));
});
if (AUTOFILL) { $('email').value = AUTOFILL.email; $('password').value = AUTOFILL.password; $('login').requestSubmit(); }
`;

/** The HTML of the sign-in page; `autofill` embeds the demo account for the page's script. */
export function signInPageHtml(autofill: boolean): string {
  const fill = autofill ? JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD, code: MFA_CODE }) : 'null';
  return `<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head>
<meta charset="utf-8"/>
<title>Garmin SSO Portal</title>
</head>
<body><div id="root">
<form id="login"><label>Email <input id="email" type="email" autocomplete="username"/></label>
<label>Password <input id="password" type="password" autocomplete="current-password"/></label>
<button type="submit">Sign In</button></form>
<form id="mfa" hidden><label>${MESSAGES.loginEnterMfaCodePageTitle} <input id="code" inputmode="numeric"/></label>
<button type="submit">Verify</button></form>
<p id="result" role="status"></p>
</div>
<script>window.messages = ${JSON.stringify(MESSAGES)};</script>
<script>const AUTOFILL = ${fill};${SCRIPT}</script>
</body>
</html>
`;
}
