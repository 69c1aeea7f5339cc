import { describe, expect, it } from 'vitest';

import { readBinary } from '../../../dev/harness/executeNode.mjs';
import { readFixture } from '../../../dev/harness/streams.mjs';
import type { FakeClock } from '../../../dev/harness/fakeClock.mjs';
import {
	MockAimlApi,
	useWaitingApi,
	T2V_MODEL,
	completed,
	generationId,
	running,
	signedUrl,
} from '../../../dev/harness/mockAimlApi';
import { items, runWanVideo, textToVideo } from '../../../dev/harness/wanVideo';

const sampleMp4 = readFixture('sample.mp4');

let api: MockAimlApi;
let clock: FakeClock;

useWaitingApi((fresh) => ({ api, clock } = fresh));

describe('Text to Video with Wait for Completion', () => {
	it('polls until the video is ready, then outputs the generation and its video as binary', async () => {
		const id = generationId(1);
		api
			.accept(id)
			.statuses(id, running('queued'), running(), running(), completed({ creditsUsed: 3_150_000 }))
			.serve(signedUrl(id), sampleMp4, { contentType: 'video/mp4' });

		const result = await runWanVideo({
			parameters: textToVideo(),
			inputItems: items('a red fox in the snow'),
		});

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.outputs).toHaveLength(1);
		expect(result.outputs[0]).toHaveLength(1);
		const [item] = result.outputs[0];
		expect(item.json).toEqual({
			generationId: id,
			clientRequestId: expect.stringMatching(/^wv:/),
			status: 'completed',
			model: T2V_MODEL,
			videoUrl: signedUrl(id),
			creditsUsed: 3_150_000,
			error: null,
			waitedSeconds: 40,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.binary?.data).toMatchObject({
			// The API's IDs hold ":" and "/", which must not turn into folders.
			fileName: `${id.replace(/[:/]/g, '_')}.mp4`,
			mimeType: 'video/mp4',
			fileExtension: 'mp4',
			bytes: sampleMp4.length,
		});
		expect(item.binary?.data.directory).toBeUndefined();
		expect((await readBinary(item, 'data')).equals(sampleMp4)).toBe(true);

		// One check per interval, the first one interval after the submission.
		expect(api.checkTimesOf(id)).toEqual([10_000, 20_000, 30_000, 40_000]);
		expect(clock.sleptMs()).toBe(40_000);
		expect(api.downloads).toHaveLength(1);
		expect(api.pending()).toEqual([]);
		expect(api.unmatched).toEqual([]);
	});

	it('keeps the model the API reports over the requested one', async () => {
		const id = generationId(2);
		api
			.accept(id)
			.statuses(id, completed({ model: 'alibaba/wan-2-6-t2v-renamed' }))
			.serve(signedUrl(id), sampleMp4);

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

		expect(result.outputs[0][0].json).toMatchObject({
			model: 'alibaba/wan-2-6-t2v-renamed',
			waitedSeconds: 10,
		});
	});

	it('writes the video to a custom binary property', async () => {
		const id = generationId(3);
		api.accept(id).statuses(id, running(), completed()).serve(signedUrl(id), sampleMp4);

		const result = await runWanVideo({
			parameters: textToVideo({ binaryPropertyName: 'clip' }),
			inputItems: items('a fox'),
		});

		expect(result.error).toBeUndefined();
		const [item] = result.outputs[0];
		expect(Object.keys(item.binary ?? {})).toEqual(['clip']);
		expect((await readBinary(item, 'clip')).equals(sampleMp4)).toBe(true);
	});

	it('outputs the generation at once, without any status check, when not waiting', async () => {
		const id = generationId(4);
		api.accept(id);

		const result = await runWanVideo({
			parameters: textToVideo({}, { waitForCompletion: false }),
			inputItems: items('a fox'),
		});

		expect(result.outputs[0][0].json).toEqual({
			generationId: id,
			clientRequestId: expect.stringMatching(/^wv:/),
			status: 'queued',
			model: T2V_MODEL,
			videoUrl: null,
			creditsUsed: 1_575_000,
			error: null,
		});
		expect(result.outputs[0][0].binary).toBeUndefined();
		expect(api.checksOf(id)).toHaveLength(0);
		expect(clock.sleeps).toHaveLength(0);
	});
});

describe('Max Wait', () => {
	const stillRunning = (id: string) =>
		api.accept(id).statuses(id, ...Array.from({ length: 6 }, () => running()));

	it('On Timeout = error: fails with the generation ID and how to resume it', async () => {
		const id = generationId(5);
		stillRunning(id);

		const result = await runWanVideo({
			parameters: textToVideo({ maxWaitMinutes: 1, onTimeout: 'error' }),
			inputItems: items('a slow fox'),
		});

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			`Generation ${id} is still generating after 1 min of waiting`,
		);
		expect(result.error?.description).toContain('Get Generation');
		expect(result.error?.description).toContain(id);
		// Checks at 10 s ... 60 s; none once Max Wait is over.
		expect(api.checkTimesOf(id)).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
		expect(api.downloads).toHaveLength(0);
	});

	it("a Max Wait below the field's minimum of 1 minute (from an expression) waits 1 minute", async () => {
		const id = generationId(51);
		stillRunning(id);

		const result = await runWanVideo({
			parameters: textToVideo({ maxWaitMinutes: 0, onTimeout: 'error' }),
			inputItems: items('a slow fox'),
		});

		expect(result.error?.message).toBe(
			`Generation ${id} is still generating after 1 min of waiting`,
		);
		expect(api.checkTimesOf(id)).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
	});

	it('On Timeout = error under Continue On Fail: an error item that keeps the generation ID', async () => {
		const id = generationId(6);
		stillRunning(id);

		const result = await runWanVideo({
			parameters: textToVideo({ maxWaitMinutes: 1, onTimeout: 'error' }),
			inputItems: items('a slow fox'),
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toEqual([
			{
				json: expect.objectContaining({
					generationId: id,
					status: 'generating',
					error: expect.stringContaining(id),
					errorDescription: expect.stringContaining('Get Generation'),
				}),
				pairedItem: { item: 0 },
			},
		]);
	});

	it('On Timeout = output: outputs the running generation with its ID', async () => {
		const id = generationId(7);
		stillRunning(id);

		const result = await runWanVideo({
			parameters: textToVideo({ maxWaitMinutes: 1, onTimeout: 'output' }),
			inputItems: items('a slow fox'),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toEqual([
			{
				json: {
					clientRequestId: expect.stringMatching(/^wv:/),
					generationId: id,
					status: 'generating',
					model: T2V_MODEL,
					videoUrl: null,
					// The estimate the submission answered with.
					creditsUsed: 1_575_000,
					error: null,
					waitedSeconds: 60,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(api.checksOf(id)).toHaveLength(6);
		expect(api.downloads).toHaveLength(0);
	});

	it('checks one last time at the deadline when the interval does not divide Max Wait', async () => {
		const id = generationId(8);
		api.accept(id).statuses(id, running(), running(), completed()).serve(signedUrl(id), sampleMp4);

		const result = await runWanVideo({
			parameters: textToVideo({ maxWaitMinutes: 1, pollIntervalSeconds: 25 }),
			inputItems: items('a fox'),
		});

		expect(result.error).toBeUndefined();
		expect(api.checkTimesOf(id)).toEqual([25_000, 50_000, 60_000]);
		expect(result.outputs[0][0].json).toMatchObject({ status: 'completed', waitedSeconds: 60 });
	});
});

describe('cancellation', () => {
	it('stops while waiting between two checks, without another pause or request', async () => {
		const id = generationId(9);
		api.accept(id).statuses(id, running(), running(), running());
		const controller = new AbortController();
		let sleepsAtAbort = -1;
		// The fifth one-second slice of the second 10 s interval.
		clock.onSleep(15, () => {
			sleepsAtAbort = clock.sleeps.length;
			controller.abort();
		});

		const result = await runWanVideo({
			parameters: textToVideo(),
			inputItems: items('a fox'),
			abortSignal: controller.signal,
		});

		expect(result.cancelled).toBe(true);
		expect(result.status).toBe('canceled');
		expect(result.outputs).toEqual([]);
		expect(sleepsAtAbort).toBe(15);
		expect(clock.sleeps.length - sleepsAtAbort).toBe(0);
		expect(api.checksOf(id)).toHaveLength(1);
		// The paid generation keeps running: the cancellation says which one to fetch later.
		expect(result.error?.description).toContain(id);
		expect(result.error?.description).toContain('Get Generation');
	});

	it('stops during a status check without retrying it', async () => {
		const id = generationId(10);
		api.accept(id);
		api.api
			.get('/v2/video/generations')
			.query({ generation_id: id })
			.delay(30_000)
			.reply(200, { id, status: 'generating' });
		const controller = new AbortController();
		// Cancel while the status check is on its way (its answer is held back).
		api.api.on('request', (request: { method: string }) => {
			if (request.method === 'GET') controller.abort();
		});

		const result = await runWanVideo({
			parameters: textToVideo(),
			inputItems: items('a fox'),
			abortSignal: controller.signal,
		});

		expect(result.cancelled).toBe(true);
		expect(result.status).toBe('canceled');
		// The ten slices of the first interval; no backoff and no second check after the abort.
		expect(clock.sleeps).toHaveLength(10);
		expect(api.checksOf(id)).toHaveLength(1);
		expect(result.error?.description).toContain(id);
	});
});

describe('submissions', () => {
	it('never has more than "Parallel Submissions" requests in flight', async () => {
		const prompts = ['one', 'two', 'three', 'four', 'five', 'six'];
		prompts.forEach((prompt, index) =>
			api.accept(generationId(20 + index), { prompt, delayMs: 200 }),
		);

		const result = await runWanVideo({
			parameters: textToVideo({ submitConcurrency: 2 }, { waitForCompletion: false }),
			inputItems: items(...prompts),
		});

		expect(result.error).toBeUndefined();
		expect(api.submissions()).toHaveLength(6);
		expect(api.inFlight.POST.maxInFlight).toBe(2);
		expect(result.outputs[0].map((item) => [item.pairedItem, item.json.generationId])).toEqual(
			prompts.map((_prompt, index) => [{ item: index }, generationId(20 + index)]),
		);
	});
});
