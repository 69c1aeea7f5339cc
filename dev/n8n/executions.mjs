// Saved executions of a running n8n (`n8n start`), read and deleted through the REST API the
// editor itself uses, as a user does from the Executions list.

// setupOwner() in n8nProcess.mjs logs in with this browser id; n8n binds the cookie to it.
const BROWSER_ID = 'wan-video-runtime';

/** The owner's session on a fresh editor (see startEditor): headers for REST calls. */
export async function ownerSession(editor) {
	const owner = await editor.setupOwner();
	const cookie = /n8n-auth=([^;]+)/.exec(String(owner.cookie ?? ''))?.[1];
	if (!cookie) throw new Error('owner setup answered without an n8n-auth cookie');
	return {
		url: editor.url,
		headers: { cookie: `n8n-auth=${cookie}`, 'browser-id': BROWSER_ID },
	};
}

async function rest(session, method, route, body) {
	const res = await fetch(`${session.url}/rest${route}`, {
		method,
		headers: { ...session.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
		body: body ? JSON.stringify(body) : undefined,
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`${method} /rest${route}: HTTP ${res.status} ${text.slice(0, 500)}`);
	return text ? JSON.parse(text) : undefined;
}

/** The saved executions of one workflow: [{ id, status, mode, ... }], newest first. */
export async function listExecutions(session, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const answer = await rest(session, 'GET', `/executions?filter=${filter}&limit=100`);
	const results = answer?.data?.results ?? answer?.data ?? [];
	return results.filter((execution) => String(execution.workflowId) === String(workflowId));
}

/** Deletes executions by id, as the Executions list's Delete does. */
export async function deleteExecutions(session, ids) {
	await rest(session, 'POST', '/executions/delete', { ids: ids.map(String) });
}
