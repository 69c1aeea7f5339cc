import { afterEach, describe, expect, it } from 'vitest';

import { startSimulator } from '../../dev/simulator/aimlApiSimulator.mjs';

const KEY = 'sim-key';
const OTHER_KEY = 'other-key';

let sim;
afterEach(async () => {
	await sim?.close();
	sim = undefined;
});

async function start(options = {}) {
	sim = await startSimulator({ validKeys: [KEY, OTHER_KEY], ...options });
	return sim;
}

function api(path, { key = KEY, method = 'GET', body, headers = {} } = {}) {
	return fetch(`${sim.url}${path}`, {
		method,
		headers: {
			authorization: `Bearer ${key}`,
			...(body !== undefined ? { 'content-type': 'application/json' } : {}),
			...headers,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

async function submit(prompt, { clientRequestId, key, model = 'alibaba/wan-2-6-t2v' } = {}) {
	const res = await api('/v2/video/generations', {
		method: 'POST',
		key,
		body: { model, prompt },
		headers: clientRequestId ? { 'x-client-request-id': clientRequestId } : {},
	});
	expect(res.status).toBe(200);
	return (await res.json()).id;
}

async function logs(query, options) {
	const res = await api(`/v2/logs?${query}`, options);
	return { status: res.status, body: await res.json() };
}

describe('GET /v2/logs', () => {
	it('lists the calling key’s generations with their client request ID, inference ID and cost', async () => {
		await start();
		const mine = await submit('fox', { clientRequestId: 'wv:wf1:7:0:abc' });
		const dropped = await submit('owl', { clientRequestId: 'has spaces/not allowed' });
		await submit('cat', { key: OTHER_KEY, clientRequestId: 'wv:other:1:0:x' });

		const { status, body } = await logs('period=1h');

		expect(status).toBe(200);
		expect(body.data.map((row) => row.inference_id).sort()).toEqual([mine, dropped].sort());
		const row = body.data.find((r) => r.inference_id === mine);
		expect(row).toMatchObject({
			client_request_id: 'wv:wf1:7:0:abc',
			status: 'succeeded',
			model: 'alibaba/wan-2-6-t2v',
			origin: 'api',
		});
		expect(row.cost.credits).toBeGreaterThan(0);
		expect(row.cost.usd).toBeGreaterThan(0);
		expect(body.data.find((r) => r.inference_id === dropped).client_request_id).toBeNull();
		expect(body.pagination).toEqual({ limit: 50, offset: 0, total: 2, has_more: false });
	});

	it('pages with limit, offset and has_more', async () => {
		await start();
		for (let i = 0; i < 5; i++) await submit(`p${i}`);
		const first = await logs('period=1h&limit=2');
		const last = await logs('period=1h&limit=2&offset=4');
		expect(first.body.data).toHaveLength(2);
		expect(first.body.pagination.has_more).toBe(true);
		expect(last.body.data).toHaveLength(1);
		expect(last.body.pagination.has_more).toBe(false);
	});

	it('filters by repeated model and status parameters; a comma model list matches nothing, a comma status is refused', async () => {
		await start({ latencyMs: 50 });
		await submit('plain');
		await submit('broken [sim:fail]');
		await submit('moving', { model: 'alibaba/wan2.5-t2v-preview' });
		await new Promise((r) => setTimeout(r, 200));

		const both = await logs('period=1h&model=alibaba/wan-2-6-t2v&model=alibaba/wan2.5-t2v-preview');
		expect(both.body.data).toHaveLength(3);
		const comma = await logs('period=1h&model=alibaba/wan-2-6-t2v,alibaba/wan2.5-t2v-preview');
		expect(comma.status).toBe(200);
		expect(comma.body.data).toHaveLength(0);
		const failed = await logs('period=1h&status=failed');
		expect(failed.body.data.map((row) => row.status)).toEqual(['failed']);
		expect(failed.body.data[0].cost.credits).toBe(0);
		expect((await logs('period=1h&status=succeeded&status=failed')).body.data).toHaveLength(3);
		expect((await logs('period=1h&status=succeeded,failed')).status).toBe(400);
	});

	it('refuses a bad window with 400', async () => {
		await start();
		for (const query of [
			'',
			'period=1h&start=2026-01-01T00:00:00Z&end=2026-01-02T00:00:00Z',
			'period=soon',
			'start=yesterday&end=2026-01-02T00:00:00Z',
			'start=2026-01-02T00:00:00Z&end=2026-01-01T00:00:00Z',
			'start=2026-01-01T00:00:00Z&end=2026-05-01T00:00:00Z',
			'period=93d',
		]) {
			expect((await logs(query)).status, query).toBe(400);
		}
		expect((await logs('start=2026-01-01T00:00:00&end=2026-04-02T00:00:00')).status).toBe(200);
	});

	it('shows a submission’s row only after the configured delay', async () => {
		await start({ usageLogDelayMs: 400 });
		await submit('late', { clientRequestId: 'wv:w:1:0:late' });
		expect((await logs('period=1h')).body.data).toHaveLength(0);
		await new Promise((r) => setTimeout(r, 500));
		expect((await logs('period=1h')).body.data[0].client_request_id).toBe('wv:w:1:0:late');
	});

	it('answers 429 beyond 200 requests in 60 seconds, until a reset', async () => {
		await start();
		const statuses = [];
		for (let i = 0; i < 201; i++) statuses.push((await logs('period=1h')).status);
		expect(statuses.slice(0, 200).every((status) => status === 200)).toBe(true);
		expect(statuses[200]).toBe(429);
		sim.reset();
		expect((await logs('period=1h')).status).toBe(200);
	});
});
