// The simulator serves every model of the catalogue with that model's own validation.
import { afterEach, describe, expect, it } from 'vitest';

import { startSimulator, validateGenerationBody } from '../../dev/simulator/aimlApiSimulator.mjs';
import { WAN_MODELS } from '../../nodes/WanVideo/models/catalog';
import { fieldsOf } from '../../nodes/WanVideo/models/fieldsOf';

const KEY = 'sim-key';
const URL = (name) => `https://media.example.com/${name}`;

let sim;
afterEach(async () => {
	await sim?.close();
	sim = undefined;
});

function submit(body) {
	return fetch(`${sim.url}/v2/video/generations`, {
		method: 'POST',
		headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
}

async function pollUntilDone(id) {
	for (let check = 0; check < 500; check++) {
		const res = await fetch(
			`${sim.url}/v2/video/generations?generation_id=${encodeURIComponent(id)}`,
			{ headers: { authorization: `Bearer ${KEY}` } },
		);
		const body = await res.json();
		if (body.status === 'completed' || body.status === 'error') return body;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	throw new Error('generation did not finish');
}

/** The smallest body the node would send for a catalogue entry: its required fields and one reference. */
function minimalBody(model) {
	const body = { model: model.id, prompt: 'x' };
	for (const field of fieldsOf(model)) {
		if (!field.required || field.apiName === 'prompt') continue;
		body[field.apiName] = field.kind === 'urlList' ? [URL('a.mp4')] : URL('a.png');
	}
	if (model.operation === 'referenceToVideo' && !('video_urls' in body))
		body.video_urls = [URL('a.mp4')];
	return body;
}

describe('every catalogue model in the simulator', () => {
	it.each(WAN_MODELS.map((model) => [`${model.label} (${model.id})`, model]))(
		'accepts %s with its minimal body',
		(_label, model) => {
			expect(validateGenerationBody(minimalBody(model))).toEqual([]);
		},
	);

	it.each([
		['alibaba/wan-2-7-i2v', { negative_prompt: 'x'.repeat(501) }, 'at most 500 character(s)'],
		['alibaba/wan-2-7-r2v', { video_urls: Array(6).fill(URL('a.mp4')) }, 'at most 5 element(s)'],
		['alibaba/wan2.5-t2v-preview', { duration: 15 }, 'Expected 5 | 10, received 15'],
		['alibaba/wan-3-0-video', { duration: 31 }, 'less than or equal to 30 at "duration"'],
		['alibaba/wan-3-0-video', { duration: 1 }, 'greater than or equal to 2 at "duration"'],
		[
			'alibaba/wan-3-0-video',
			{ negative_prompt: 'x' },
			"Unrecognized key(s) in object: 'negative_prompt'",
		],
		[
			'alibaba/wan-3-0-video',
			{ image_url: URL('a.png'), video_urls: [URL('a.mp4')] },
			'image_url cannot be used together with reference media',
		],
		[
			'alibaba/wan-3-0-video',
			{ last_image_url: URL('b.png') },
			'last_image_url requires image_url',
		],
		[
			'alibaba/wan-3-0-video',
			{ file_url: URL('a.pdf'), link_url: URL('page') },
			'file_url cannot be used together with link_url',
		],
	])('refuses for %s: %j', (model, extra, fragment) => {
		const issues = validateGenerationBody({ model, prompt: 'x', ...extra });
		expect(issues.join('; ')).toContain(fragment);
	});
});

describe('Wan 3.0 under one of its two spellings', () => {
	it.each([
		['alibaba/wan-3-0-video', 'alibaba/wan3.0-video'],
		['alibaba/wan3.0-video', 'alibaba/wan-3-0-video'],
	])(
		'serving %s, answers %s as the API answers an unknown model: 400, naming it',
		async (served, other) => {
			sim = await startSimulator({ latencyMs: 50, wan30ModelId: served });

			const refused = await submit({ model: other, prompt: 'x' });
			expect(refused.status).toBe(400);
			const error = await refused.json();
			expect(error.message).toMatch(/^Body validation error! Invalid enum value\./);
			expect(error.message).toContain(`received '${other}' at "model"`);
			expect(sim.state.counters.jobsCreated).toBe(0);

			const accepted = await submit({ model: served, prompt: 'x' });
			expect(accepted.status).toBe(200);
			const job = await accepted.json();
			expect(job.id).toMatch(new RegExp(`:${served.replace('.', '\\.')}$`));
			expect(job.meta.usage).toEqual({
				credits_used: expect.any(Number),
				usd_spent: expect.any(Number),
			});
		},
	);

	it('answers a finished Wan 3.0 generation with `video` as a list and usd_spent, as its spec allows', async () => {
		sim = await startSimulator({ latencyMs: 50 });
		const job = await (await submit({ model: 'alibaba/wan-3-0-video', prompt: 'x' })).json();

		const done = await pollUntilDone(job.id);

		expect(done.status).toBe('completed');
		expect(done.video).toEqual([{ url: expect.stringContaining(`${sim.url}/files/`) }]);
		expect(done.meta.usage.usd_spent).toBeGreaterThan(0);
		expect((await fetch(done.video[0].url)).status).toBe(200);
	});

	it('keeps answering Wan 2.6 with `video` as an object and no usd_spent', async () => {
		sim = await startSimulator({ latencyMs: 50 });
		const job = await (await submit({ model: 'alibaba/wan-2-6-t2v', prompt: 'x' })).json();

		const done = await pollUntilDone(job.id);

		expect(done.video).toEqual({ url: expect.any(String) });
		expect(done.meta.usage).toEqual({ credits_used: expect.any(Number) });
	});
});

describe('the cost the simulator reports', () => {
	it.each([
		['alibaba/wan-2-6-t2v', { duration: 10 }, 3_150_000],
		// The documented 2.7 run: 10 s at 1080p cost 3,900,000 credits = 1.95 USD.
		['alibaba/wan-2-7-t2v', { duration: 10 }, 3_900_000],
		// Wan 3.0 makes 5 s when no duration is sent.
		['alibaba/wan-3-0-video', {}, 1_575_000],
	])(
		'%s %j: credits, and the same amount in USD in the x-aimlapi-usd-spent header of the submit and the final answer',
		async (model, extra, credits) => {
			sim = await startSimulator({ latencyMs: 50 });
			const usd = credits / 2_000_000;

			const accepted = await submit({ model, prompt: 'x', ...extra });
			expect(accepted.headers.get('x-aimlapi-credits-used')).toBe(String(credits));
			expect(Number(accepted.headers.get('x-aimlapi-usd-spent'))).toBe(usd);
			const job = await accepted.json();
			expect(job.meta.usage.credits_used).toBe(credits);

			await pollUntilDone(job.id);
			const final = await fetch(
				`${sim.url}/v2/video/generations?generation_id=${encodeURIComponent(job.id)}`,
				{ headers: { authorization: `Bearer ${KEY}` } },
			);
			expect(Number(final.headers.get('x-aimlapi-usd-spent'))).toBe(usd);
			expect((await final.json()).meta.usage.credits_used).toBe(credits);
		},
	);
});
