import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';

import {
	DEFAULT_FIXTURE,
	parseScenarios,
	startSimulator,
	validateGenerationBody,
} from '../../dev/simulator/aimlApiSimulator.mjs';

const KEY = 'sim-key';
const PNG_BASE64 = readFileSync(
	new URL('../../dev/fixtures/first-frame.png', import.meta.url),
).toString('base64');

let sim;
afterEach(async () => {
	await sim?.close();
	sim = undefined;
});

async function start(options) {
	sim = await startSimulator(options);
	return sim;
}

function api(path, { key = KEY, method = 'GET', body, headers = {} } = {}) {
	return fetch(`${sim.url}${path}`, {
		method,
		headers: {
			...(key ? { authorization: `Bearer ${key}` } : {}),
			...(body !== undefined ? { 'content-type': 'application/json' } : {}),
			...headers,
		},
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
}

const submit = (body, options) =>
	api('/v2/video/generations', { method: 'POST', body, ...options });
const poll = (id, options) =>
	api(`/v2/video/generations?generation_id=${encodeURIComponent(id)}`, options);
const t2v = (prompt, extra = {}) => ({ model: 'alibaba/wan-2-6-t2v', prompt, ...extra });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function pollUntilDone(id, { intervalMs = 20, maxChecks = 500 } = {}) {
	for (let i = 0; i < maxChecks; i++) {
		const res = await poll(id);
		if (res.status === 200) {
			const body = await res.json();
			if (body.status === 'completed' || body.status === 'error') return body;
		}
		await sleep(intervalMs);
	}
	throw new Error('generation did not finish');
}

describe('lifecycle', () => {
	it('goes queued -> generating -> completed and serves the MP4 fixture without auth', async () => {
		await start({ latencyMs: 900, queuedFraction: 0.3 });
		const res = await submit(
			t2v('a red fox running through snow', {
				duration: 5,
				resolution: '720p',
				aspect_ratio: '9:16',
			}),
		);
		expect(res.status).toBe(200);
		const created = await res.json();
		expect(created).toMatchObject({
			status: 'queued',
			meta: { usage: { credits_used: expect.any(Number) } },
		});
		expect(created.id).toMatch(/^[0-9a-f-]{36}:alibaba\/wan-2-6-t2v$/);
		expect(res.headers.get('x-inference-id')).toBe(created.id);

		expect((await (await poll(created.id)).json()).status).toBe('queued');
		await sleep(450);
		const mid = await (await poll(created.id)).json();
		expect(mid).toMatchObject({ id: created.id, status: 'generating', video: null, error: null });
		await sleep(500);
		const done = await (await poll(created.id)).json();
		expect(done).toMatchObject({
			id: created.id,
			status: 'completed',
			error: null,
			meta: { usage: { credits_used: 5 * 210_000 } },
		});
		const videoUrl = new URL(done.video.url);
		expect(videoUrl.origin).toBe(sim.url);
		expect(videoUrl.pathname).toBe(`/files/${created.id.split(':')[0]}.mp4`);
		expect(videoUrl.searchParams.get('Expires')).toMatch(/^\d+$/);
		expect(videoUrl.searchParams.get('Signature')).toBeTruthy();

		const file = await fetch(done.video.url);
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('video/mp4');
		const bytes = Buffer.from(await file.arrayBuffer());
		expect(bytes.equals(readFileSync(DEFAULT_FIXTURE))).toBe(true);
		expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');

		expect(sim.state.statusChecks[created.id]).toBe(3);
		expect(sim.state.submitsByPrompt['a red fox running through snow']).toBe(1);
		expect(sim.state.downloads).toHaveLength(1);
		expect(sim.state.downloads[0]).toMatchObject({
			statusCode: 200,
			authorization: null,
			bytes: bytes.length,
		});
		expect(
			sim.state.authHeaders
				.filter((h) => h.route === 'file')
				.every((h) => h.authorization === null),
		).toBe(true);
		expect(sim.state.jobs[created.id]).toMatchObject({
			status: 'completed',
			model: 'alibaba/wan-2-6-t2v',
		});
	});

	it('records an Authorization header sent to the file host', async () => {
		await start({ latencyMs: 0 });
		const { id } = await (await submit(t2v('leaky client'))).json();
		const done = await pollUntilDone(id);
		const file = await fetch(done.video.url, { headers: { authorization: `Bearer ${KEY}` } });
		expect(file.status).toBe(200);
		expect(sim.state.downloads[0].authorization).toBe(`Bearer ${KEY}`);
	});

	it('rejects unsigned or tampered file links', async () => {
		await start({ latencyMs: 0 });
		const { id } = await (await submit(t2v('tamper'))).json();
		const done = await pollUntilDone(id);
		const url = new URL(done.video.url);
		expect((await fetch(`${url.origin}${url.pathname}`)).status).toBe(403);
		url.searchParams.set('Signature', 'forged');
		expect((await fetch(url)).status).toBe(403);
		expect((await fetch(`${sim.url}/files/unknown.mp4`)).status).toBe(404);
	});

	it('returns 404 with the error body for unknown or missing generation ids', async () => {
		await start();
		const res = await poll('does-not-exist');
		expect(res.status).toBe(404);
		expect(await res.json()).toMatchObject({
			message: expect.stringContaining('not found'),
			path: '/v2/video/generations',
			requestId: expect.any(String),
			statusCode: 404,
			timestamp: expect.any(String),
		});
		expect((await api('/v2/video/generations')).status).toBe(404);
	});

	it('accepts the i2v, flash and r2v models with valid bodies', async () => {
		await start();
		const bodies = [
			{
				model: 'alibaba/wan-2-6-i2v',
				prompt: 'p',
				image_url: 'https://example.com/a.png',
				audio_url: 'https://example.com/a.mp3',
				generate_audio: false,
				duration: 15,
				resolution: '1080p',
				negative_prompt: 'blur',
				shot_type: 'multi',
				seed: 42,
				enhance_prompt: true,
			},
			{
				model: 'alibaba/wan-2-6-image-to-video-flash',
				prompt: 'p',
				image_url: `data:image/png;base64,${PNG_BASE64}`,
			},
			{
				model: 'alibaba/wan-2-6-r2v',
				prompt: 'p',
				video_urls: [
					'https://example.com/1.mp4',
					'https://example.com/2.mp4',
					'https://example.com/3.mp4',
				],
				aspect_ratio: '1:1',
			},
		];
		for (const body of bodies) {
			const res = await submit(body);
			expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
		}
	});
});

describe('validation', () => {
	const cases = [
		['unknown model', { model: 'alibaba/wan-9', prompt: 'x' }, "received 'alibaba/wan-9'"],
		['missing prompt', { model: 'alibaba/wan-2-6-t2v' }, 'Required at "prompt"'],
		['bad resolution', t2v('x', { resolution: '4k' }), "Expected '720p' | '1080p', received '4k'"],
		[
			'duration as string',
			t2v('x', { duration: '5' }),
			'Expected integer, received string at "duration"',
		],
		['duration off enum', t2v('x', { duration: 7 }), 'Expected 5 | 10 | 15, received 7'],
		[
			'aspect_ratio on i2v',
			{
				model: 'alibaba/wan-2-6-i2v',
				prompt: 'x',
				image_url: 'https://e.com/a.png',
				aspect_ratio: '16:9',
			},
			"Unrecognized key(s) in object: 'aspect_ratio'",
		],
		[
			'audio on r2v',
			{
				model: 'alibaba/wan-2-6-r2v',
				prompt: 'x',
				video_urls: ['https://e.com/a.mp4'],
				generate_audio: true,
				audio_url: 'https://e.com/a.mp3',
			},
			"'generate_audio', 'audio_url'",
		],
		[
			'missing image_url',
			{ model: 'alibaba/wan-2-6-image-to-video-flash', prompt: 'x' },
			'Required at "image_url"',
		],
		[
			'bad image_url',
			{ model: 'alibaba/wan-2-6-i2v', prompt: 'x', image_url: 'not a url' },
			'Invalid url at "image_url"',
		],
		[
			'non-image data url',
			{ model: 'alibaba/wan-2-6-i2v', prompt: 'x', image_url: 'data:text/plain;base64,aGVsbG8=' },
			'Invalid url at "image_url"',
		],
		[
			'empty video_urls',
			{ model: 'alibaba/wan-2-6-r2v', prompt: 'x', video_urls: [] },
			'at least 1 element',
		],
		[
			'4 video_urls',
			{
				model: 'alibaba/wan-2-6-r2v',
				prompt: 'x',
				video_urls: ['a', 'b', 'c', 'd'].map((n) => `https://e.com/${n}.mp4`),
			},
			'at most 3 element',
		],
		[
			'video_urls not uris',
			{ model: 'alibaba/wan-2-6-r2v', prompt: 'x', video_urls: ['file.mp4'] },
			'Invalid url at "video_urls.0"',
		],
		['seed not integer', t2v('x', { seed: 1.5 }), 'Expected integer, received number at "seed"'],
		[
			'enhance_prompt not boolean',
			t2v('x', { enhance_prompt: 'true' }),
			'Expected boolean, received string',
		],
		['empty prompt', t2v(''), 'at least 1 character'],
	];
	it.each(cases)('400 for %s', async (_name, body, fragment) => {
		await start();
		const res = await submit(body);
		expect(res.status).toBe(400);
		const error = await res.json();
		expect(error).toMatchObject({
			path: '/v2/video/generations',
			statusCode: 400,
			requestId: expect.any(String),
			timestamp: expect.any(String),
		});
		expect(error.message.startsWith('Body validation error!')).toBe(true);
		expect(error.message).toContain(fragment);
		expect(sim.state.counters.jobsCreated).toBe(0);
	});

	it('400 for a body that is not JSON', async () => {
		await start();
		const res = await submit('{nope');
		expect(res.status).toBe(400);
		expect((await res.json()).message).toMatch(/^Body validation error!/);
	});

	it('validateGenerationBody accepts the defaults-only bodies', () => {
		expect(validateGenerationBody(t2v('x'))).toEqual([]);
		expect(
			validateGenerationBody({
				model: 'alibaba/wan-2-6-r2v',
				prompt: 'x',
				video_urls: ['http://e.com/a.mp4'],
			}),
		).toEqual([]);
	});
});

describe('auth and billing', () => {
	it('returns the balance for a valid key and 401 otherwise', async () => {
		await start({ validKeys: ['other-key'], balance: 12.5 });
		const ok = await api('/v2/billing');
		expect(ok.status).toBe(200);
		expect(await ok.json()).toEqual({ current_balance: 12.5, currency: 'USD' });
		expect((await api('/v2/billing', { key: 'other-key' })).status).toBe(200);

		for (const key of [null, 'wrong']) {
			const res = await api('/v2/billing', { key });
			expect(res.status).toBe(401);
			const body = await res.json();
			expect(body.message).toMatch(/^This request requires a valid API key/);
			expect(body).toMatchObject({ statusCode: 401, path: '/v2/billing' });
		}
		const basic = await api('/v2/billing', {
			key: null,
			headers: { authorization: 'Basic c2ltLWtleQ==' },
		});
		expect(basic.status).toBe(401);
		expect(sim.state.counters.unauthorized).toBe(3);
		expect(sim.state.billingChecks).toBe(2);
	});

	it('requires the key on submit and poll', async () => {
		await start();
		expect((await submit(t2v('x'), { key: 'nope' })).status).toBe(401);
		const { id } = await (await submit(t2v('x'))).json();
		expect((await poll(id, { key: null })).status).toBe(401);
	});

	it('charges completed generations only', async () => {
		await start({ latencyMs: 0, balance: 10 });
		const ok = await (await submit(t2v('ok', { duration: 5 }))).json();
		const bad = await (await submit(t2v('bad [sim:fail]'))).json();
		await pollUntilDone(ok.id);
		await pollUntilDone(bad.id);
		const { current_balance } = await (await api('/v2/billing')).json();
		expect(current_balance).toBeCloseTo(10 - (5 * 315_000) / 2_000_000, 6);
	});
});

describe('scenarios', () => {
	it('[sim:fail] ends with status error', async () => {
		await start({ latencyMs: 50 });
		const { id } = await (await submit(t2v('forbidden [sim:fail]'))).json();
		const done = await pollUntilDone(id);
		expect(done).toMatchObject({
			status: 'error',
			video: null,
			error: { name: 'ContentModerationError', message: expect.any(String) },
		});
	});

	it('[sim:fail=Name] picks the error name', async () => {
		await start({ latencyMs: 0 });
		const { id } = await (await submit(t2v('x [sim:fail=ProviderTimeout]'))).json();
		expect((await pollUntilDone(id)).error.name).toBe('ProviderTimeout');
	});

	it('[sim:status429x2] and [sim:status500x2] fail the first status checks', async () => {
		await start({ latencyMs: 0 });
		for (const code of [429, 500]) {
			const { id } = await (await submit(t2v(`p [sim:status${code}x2]`))).json();
			const first = await poll(id);
			expect(first.status).toBe(code);
			expect((await first.json()).statusCode).toBe(code);
			expect((await poll(id)).status).toBe(code);
			const third = await poll(id);
			expect(third.status).toBe(200);
			expect((await third.json()).status).toBe('completed');
			expect(sim.state.statusChecks[id]).toBe(3);
		}
	});

	it('[sim:status429x2][sim:status500x1] answers 429, 429, 500, then 200', async () => {
		await start({ latencyMs: 0 });
		const { id } = await (await submit(t2v('p [sim:status429x2] [sim:status500x1]'))).json();
		const codes = [];
		for (let i = 0; i < 4; i++) codes.push((await poll(id)).status);
		expect(codes).toEqual([429, 429, 500, 200]);
	});

	it('[sim:expired] makes the first link answer 403 until the generation is fetched again', async () => {
		await start({ latencyMs: 0 });
		const { id } = await (await submit(t2v('p [sim:expired]'))).json();
		const first = await pollUntilDone(id);
		const denied = await fetch(first.video.url);
		expect(denied.status).toBe(403);
		expect(await denied.text()).toContain('AccessDenied');
		expect((await fetch(first.video.url)).status).toBe(403);
		const again = await pollUntilDone(id);
		expect(again.video.url).not.toBe(first.video.url);
		expect((await fetch(again.video.url)).status).toBe(200);
		expect(sim.state.downloads.map((d) => d.statusCode)).toEqual([403, 403, 200]);
	});

	it('[sim:submit500] answers 500 but creates the job', async () => {
		await start();
		const res = await submit(t2v('p [sim:submit500]'));
		expect(res.status).toBe(500);
		expect((await res.json()).statusCode).toBe(500);
		const jobs = Object.values(sim.state.jobs);
		expect(jobs).toHaveLength(1);
		expect(jobs[0].createdDespiteError).toBe(true);
		expect(sim.state.submits[0]).toMatchObject({ statusCode: 500, id: jobs[0].id });
	});

	it('records each submission with the X-Client-Request-Id it carried', async () => {
		await start();
		const accepted = await submit(t2v('fox'), {
			headers: { 'x-client-request-id': 'wv:wf1:7:0:abc' },
		});
		const refused = await submit(t2v('owl [sim:submit429x1]'), {
			headers: { 'x-client-request-id': 'wv:wf1:7:1:abc' },
		});
		await submit(t2v('cat'));
		expect(refused.status).toBe(429);
		const { id } = await accepted.json();
		expect(
			sim.state.submits.map(({ prompt, clientRequestId, statusCode, id }) => ({
				prompt,
				clientRequestId,
				statusCode,
				id,
			})),
		).toEqual([
			{ prompt: 'fox', clientRequestId: 'wv:wf1:7:0:abc', statusCode: 200, id },
			{
				prompt: 'owl [sim:submit429x1]',
				clientRequestId: 'wv:wf1:7:1:abc',
				statusCode: 429,
				id: null,
			},
			{ prompt: 'cat', clientRequestId: null, statusCode: 200, id: expect.any(String) },
		]);
	});

	it('[sim:submit500x1] only fails the first submit of that prompt', async () => {
		await start();
		expect((await submit(t2v('p [sim:submit500x1]'))).status).toBe(500);
		expect((await submit(t2v('p [sim:submit500x1]'))).status).toBe(200);
		expect(sim.state.submitsByPrompt['p [sim:submit500x1]']).toBe(2);
		expect(sim.state.counters.jobsCreated).toBe(2);
	});

	it('[sim:nocredits] answers 403 and [sim:submit429x2] answers 429 twice', async () => {
		await start();
		const noCredits = await submit(t2v('p [sim:nocredits]'));
		expect(noCredits.status).toBe(403);
		expect((await noCredits.json()).message).toMatch(/^You've run out of credits\. Please top up/);
		expect((await submit(t2v('q [sim:submit429x2]'))).status).toBe(429);
		expect((await submit(t2v('q [sim:submit429x2]'))).status).toBe(429);
		expect((await submit(t2v('q [sim:submit429x2]'))).status).toBe(200);
		expect(sim.state.counters.jobsCreated).toBe(1);
	});

	it('mixes scenarios per request in one simulator', async () => {
		await start({ latencyMs: 0 });
		const a = await (await submit(t2v('A [sim:fail]'))).json();
		const b = await (await submit(t2v('B'))).json();
		expect((await pollUntilDone(a.id)).status).toBe('error');
		expect((await pollUntilDone(b.id)).status).toBe('completed');
	});

	it('applies simulator-wide scenarios and per-job latency', async () => {
		await start({ latencyMs: 0, scenarios: ['status429x1'] });
		const { id } = await (await submit(t2v('slow [sim:latency=200]'))).json();
		expect((await poll(id)).status).toBe(429);
		expect((await (await poll(id)).json()).status).not.toBe('completed');
		expect(sim.getJob(id).latencyMs).toBe(200);
		await sleep(220);
		expect((await (await poll(id)).json()).status).toBe('completed');
	});

	it('[sim:download500x1] fails the first download', async () => {
		await start({ latencyMs: 0 });
		const { id } = await (await submit(t2v('p [sim:download500x1]'))).json();
		const done = await pollUntilDone(id);
		expect((await fetch(done.video.url)).status).toBe(500);
		expect((await fetch(done.video.url)).status).toBe(200);
	});

	it('global rate limit answers 429 beyond the limit', async () => {
		await start({ rateLimit: { limit: 2, windowMs: 60_000 } });
		const codes = [];
		for (let i = 0; i < 4; i++) codes.push((await api('/v2/billing')).status);
		expect(codes).toEqual([200, 200, 429, 429]);
		expect(sim.state.counters.rateLimited).toBe(2);
	});

	it('streams large files of the requested size', async () => {
		await start({ latencyMs: 0 });
		const size = 5 * 1024 * 1024 + 7;
		const { id } = await (await submit(t2v(`big [sim:bytes=${size}]`))).json();
		const done = await pollUntilDone(id);
		const res = await fetch(done.video.url);
		expect(res.headers.get('content-length')).toBe(String(size));
		const bytes = Buffer.from(await res.arrayBuffer());
		expect(bytes.length).toBe(size);
		const fixture = readFileSync(DEFAULT_FIXTURE);
		expect(bytes.subarray(0, fixture.length).equals(fixture)).toBe(true);
		expect(sim.state.downloads[0].bytes).toBe(size);
	});

	it('parseScenarios reads several tokens', () => {
		expect(parseScenarios('x [sim:status429x2, expired] y [sim:fail]')).toEqual({
			status429: 2,
			expired: true,
			fail: 'ContentModerationError',
		});
		expect(parseScenarios(['submit500', 'latency=10'])).toEqual({
			submit500: Infinity,
			latencyMs: 10,
		});
		expect(parseScenarios('no tokens')).toEqual({});
	});
});

describe('housekeeping', () => {
	it('exposes state over HTTP and resets it', async () => {
		await start();
		await submit(t2v('x'));
		const remote = await (await fetch(`${sim.url}/__sim/state`)).json();
		expect(remote.counters.jobsCreated).toBe(1);
		const stateRef = sim.state;
		expect((await fetch(`${sim.url}/__sim/reset`, { method: 'POST' })).status).toBe(200);
		expect(sim.state).toBe(stateRef);
		expect(sim.state.counters.jobsCreated).toBe(0);
		expect(sim.state.jobs).toEqual({});
	});

	it('listens on 127.0.0.1 with a random port', async () => {
		await start();
		expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sim.port).toBeGreaterThan(0);
	});
});
