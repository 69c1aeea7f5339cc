/**
 * Creates the instance owner of the n8n at `url` through the REST API (fresh homes only)
 * and returns the login data and the auth cookie.
 */
export async function setupOwner(
	url,
	{
		email = 'owner@example.com',
		password = 'Wan-video-demo-1',
		firstName = 'Demo',
		lastName = 'Owner',
	} = {},
) {
	const res = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': 'wan-video-runtime' },
		body: JSON.stringify({ email, password, firstName, lastName }),
	});
	const body = await res.text();
	if (!res.ok) throw new Error(`owner setup failed: ${res.status} ${body.slice(0, 500)}`);
	return { email, password, firstName, lastName, cookie: res.headers.get('set-cookie') };
}
