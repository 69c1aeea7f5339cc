export const OWNER = {
	email: 'owner@example.com',
	password: 'Wan-video-screens-1',
	firstName: 'Demo',
	lastName: 'Owner',
};

/** Logs the owner in through the REST API; the cookie is bound to `browserId` (n8n's browser-id header). */
export async function logInOwner(editorUrl, browserId) {
	const res = await fetch(`${editorUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
	});
	const body = await res.text();
	if (!res.ok) throw new Error(`login failed: ${res.status} ${body.slice(0, 300)}`);
	const cookie = res.headers
		.getSetCookie()
		.map((line) => /^n8n-auth=([^;]+)/.exec(line)?.[1])
		.find(Boolean);
	if (!cookie) throw new Error('login answered without an n8n-auth cookie');
	return cookie;
}
