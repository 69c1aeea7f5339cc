// The simulator's rate limit in requests per second, shared by every API route, and the
// counters a batch run is judged by. The clock is frozen so that "one second" is exact.
import { afterEach, describe, expect, it, vi } from 'vitest';

import { startSimulator } from '../../dev/simulator/aimlApiSimulator.mjs';
import { parseCliArgs } from '../../dev/simulator/cli.mjs';

const KEY = 'sim-key';
const T0 = Date.parse('2026-03-02T10:00:00.000Z');

let sim;
afterEach(async () => {
	vi.useRealTimers();
	await sim?.close();
	sim = undefined;
});

async function start(options) {
	vi.useFakeTimers({ toFake: ['Date'], now: T0 });
	sim = await startSimulator({ latencyMs: 0, ...options });
	return sim;
}

const at = (offsetMs) => vi.setSystemTime(T0 + offsetMs);

function api(path, { key = KEY, method = 'GET', body } = {}) {
	return fetch(`${sim.url}${path}`, {
		method,
		headers: {
			...(key ? { authorization: `Bearer ${key}` } : {}),
			...(body !== undefined ? { 'content-type': 'application/json' } : {}),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

const submit = (prompt) =>
	api('/v2/video/generations', {
		method: 'POST',
		body: { model: 'alibaba/wan-2-6-t2v', prompt },
	});
const poll = (id) => api(`/v2/video/generations?generation_id=${encodeURIComponent(id)}`);

describe('requestsPerSecond', () => {
	it('admits N requests in a second across submit, status, billing and logs, then answers 429 with Retry-After', async () => {
		await start({ requestsPerSecond: 3 });
		const submitted = await submit('fox');
		expect(submitted.status).toBe(200);
		const { id } = await submitted.json();
		at(100);
		expect((await poll(id)).status).toBe(200);
		at(200);
		expect((await api('/v2/billing')).status).toBe(200);

		at(400);
		const logs = await api('/v2/logs?period=1h');
		expect(logs.status).toBe(429);
		// The first admitted request leaves the window 600 ms later: whole seconds, rounded up.
		expect(logs.headers.get('retry-after')).toBe('1');
		expect(await logs.json()).toMatchObject({ statusCode: 429, message: 'Too Many Requests' });
		const refusedSubmit = await submit('owl');
		expect(refusedSubmit.status).toBe(429);
		expect(refusedSubmit.headers.get('retry-after')).toBe('1');
		// A submit refused by the limit creates nothing and is not a submit attempt.
		expect(sim.state.submits.map((entry) => entry.prompt)).toEqual(['fox']);
		expect(sim.state.counters.jobsCreated).toBe(1);

		expect(sim.state.counters).toMatchObject({
			rateLimited: 2,
			answers429: 2,
			peakRequestsPerSecond: 5,
		});
	});

	it('admits again once the oldest admitted request is a second old; refusals do not count', async () => {
		await start({ requestsPerSecond: 2 });
		expect((await api('/v2/billing')).status).toBe(200);
		at(500);
		expect((await api('/v2/billing')).status).toBe(200);
		at(900);
		expect((await api('/v2/billing')).status).toBe(429);
		at(999);
		expect((await api('/v2/billing')).status).toBe(429);
		at(1000);
		expect((await api('/v2/billing')).status).toBe(200);
		expect((await api('/v2/billing')).status).toBe(429);
		at(1500);
		expect((await api('/v2/billing')).status).toBe(200);
		expect(sim.state.counters.rateLimited).toBe(3);
	});

	it('leaves file links and the /__sim routes out of the limit', async () => {
		await start({ requestsPerSecond: 2 });
		const { id } = await (await submit('cat')).json();
		const done = await (await poll(id)).json();
		expect(done.status).toBe('completed');
		expect((await api('/v2/billing')).status).toBe(429);
		expect((await fetch(done.video.url)).status).toBe(200);
		expect((await fetch(`${sim.url}/__sim/state`)).status).toBe(200);
	});

	it('retryAfterHeader: false answers the 429 without Retry-After', async () => {
		await start({ requestsPerSecond: 1, retryAfterHeader: false });
		expect((await api('/v2/billing')).status).toBe(200);
		const refused = await api('/v2/billing');
		expect(refused.status).toBe(429);
		expect(refused.headers.has('retry-after')).toBe(false);
	});

	it('the fixed-window rateLimit sends Retry-After until its window ends', async () => {
		await start({ rateLimit: { limit: 1, windowMs: 10_000 } });
		expect((await api('/v2/billing')).status).toBe(200);
		at(2_500);
		const refused = await api('/v2/billing');
		expect(refused.status).toBe(429);
		expect(refused.headers.get('retry-after')).toBe('8');
	});
});

describe('counters', () => {
	it('peakRequestsPerSecond is the most API requests in any second, refused and unauthorized ones included', async () => {
		await start();
		await Promise.all([api('/v2/billing'), api('/v2/billing'), api('/v2/billing', { key: 'bad' })]);
		at(999);
		await api('/v2/billing');
		at(1_500);
		await api('/v2/billing');
		await fetch(`${sim.url}/__sim/state`);
		expect(sim.state.counters.peakRequestsPerSecond).toBe(4);
		at(5_000);
		await api('/v2/billing');
		expect(sim.state.counters.peakRequestsPerSecond).toBe(4);
	});

	it('answers429 counts every 429, rateLimited only those of the limit', async () => {
		await start({ requestsPerSecond: 2 });
		const { id } = await (await submit('busy [sim:status429x1]')).json();
		expect((await poll(id)).status).toBe(429);
		expect((await poll(id)).status).toBe(429);
		expect(sim.state.counters).toMatchObject({ rateLimited: 1, answers429: 2 });
	});

	it('a reset forgets the counters and the window', async () => {
		await start({ requestsPerSecond: 1 });
		await api('/v2/billing');
		expect((await api('/v2/billing')).status).toBe(429);
		sim.reset();
		expect(sim.state.counters).toMatchObject({
			rateLimited: 0,
			answers429: 0,
			peakRequestsPerSecond: 0,
		});
		expect((await api('/v2/billing')).status).toBe(200);
	});
});

describe('command line', () => {
	it('reads --requests-per-second, --no-retry-after and --usage-log-delay-ms', () => {
		expect(
			parseCliArgs([
				'--requests-per-second',
				'5',
				'--no-retry-after',
				'--usage-log-delay-ms=3000',
				'--latency-ms',
				'60000',
			]),
		).toMatchObject({
			requestsPerSecond: 5,
			retryAfterHeader: false,
			usageLogDelayMs: 3000,
			latencyMs: 60000,
		});
		expect(parseCliArgs([]).retryAfterHeader).toBeUndefined();
	});
});
