import { NodeOperationError, type IDataObject, type INodeParameters } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { readBinary } from '../../../dev/harness/executeNode.mjs';
import type { FakeClock } from '../../../dev/harness/fakeClock.mjs';
import {
	MockAimlApi,
	useWaitingApi,
	completed,
	failed,
	generationId,
	httpError,
	running,
	signedUrl,
	videoBytes,
} from '../../../dev/harness/mockAimlApi';
import { runWanVideo } from '../../../dev/harness/wanVideo';

const MODERATION = 'The request was rejected by content moderation.';

let api: MockAimlApi;
let clock: FakeClock;

useWaitingApi((fresh) => ({ api, clock } = fresh));

function getGeneration(extra: INodeParameters = {}, options: IDataObject = {}): INodeParameters {
	return {
		operation: 'getGeneration',
		generationId: '={{ $json.generationId }}',
		options: { pollIntervalSeconds: 10, ...options },
		...extra,
	};
}

function ids(...generationIds: string[]) {
	return generationIds.map((id) => ({ json: { generationId: id } }));
}

describe('Get Generation without waiting', () => {
	it('checks once and outputs a running generation as it is', async () => {
		const id = generationId(1);
		api.statuses(id, running());

		const result = await runWanVideo({ parameters: getGeneration(), inputItems: ids(id) });

		expect(result.error).toBeUndefined();
		expect(result.outputs).toEqual([
			[
				{
					json: {
						generationId: id,
						status: 'generating',
						// A status answer names no model; the generation ID ends in it.
						model: 'alibaba/wan-2-6-t2v',
						videoUrl: null,
						creditsUsed: null,
						error: null,
						waitedSeconds: 0,
					},
					pairedItem: { item: 0 },
				},
			],
		]);
		expect(api.checksOf(id)).toHaveLength(1);
		expect(clock.sleeps).toHaveLength(0);
	});

	it('downloads the video of a completed generation', async () => {
		const id = generationId(2);
		api.statuses(id, completed()).serve(signedUrl(id), videoBytes(id));

		const result = await runWanVideo({ parameters: getGeneration(), inputItems: ids(id) });

		expect(result.error).toBeUndefined();
		const [item] = result.outputs[0];
		expect(item.json).toMatchObject({
			generationId: id,
			status: 'completed',
			videoUrl: signedUrl(id),
		});
		expect((await readBinary(item)).equals(videoBytes(id))).toBe(true);
	});
});

describe('Get Generation with Wait for Completion', () => {
	it('checks at once, then every interval until the video is ready', async () => {
		const id = generationId(3);
		api
			.statuses(id, running(), running(), completed({ creditsUsed: 900_000 }))
			.serve(signedUrl(id), videoBytes(id));

		const result = await runWanVideo({
			parameters: getGeneration({ waitForCompletion: true }),
			inputItems: ids(id),
		});

		expect(result.error).toBeUndefined();
		const [item] = result.outputs[0];
		expect(item.json).toMatchObject({
			generationId: id,
			status: 'completed',
			videoUrl: signedUrl(id),
			creditsUsed: 900_000,
			waitedSeconds: 20,
		});
		expect(item.binary?.data.mimeType).toBe('video/mp4');
		expect(api.checkTimesOf(id)).toEqual([0, 10_000, 20_000]);
	});

	it('waits for several IDs together, one check per pending ID per round', async () => {
		const [fast, slow] = [generationId(4), generationId(5)];
		api.statuses(fast, completed()).serve(signedUrl(fast), videoBytes(fast));
		api.statuses(slow, running(), running(), completed()).serve(signedUrl(slow), videoBytes(slow));

		const result = await runWanVideo({
			parameters: getGeneration({ waitForCompletion: true }),
			inputItems: ids(slow, fast),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0].map((item) => [item.pairedItem, item.json.generationId])).toEqual([
			[{ item: 0 }, slow],
			[{ item: 1 }, fast],
		]);
		expect(api.checkTimesOf(fast)).toEqual([0]);
		expect(api.checkTimesOf(slow)).toEqual([0, 10_000, 20_000]);
	});

	it('fails at Max Wait with the generation ID', async () => {
		const id = generationId(6);
		api.statuses(id, ...Array.from({ length: 7 }, () => running()));

		const result = await runWanVideo({
			parameters: getGeneration({ waitForCompletion: true }, { maxWaitMinutes: 1 }),
			inputItems: ids(id),
		});

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toContain(id);
		expect(result.error?.description).toContain('Get Generation');
		expect(api.checkTimesOf(id)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
	});

	it("fails with the API's error for a failed generation", async () => {
		const id = generationId(7);
		api.statuses(id, running(), failed('ContentModerationError', MODERATION));

		const result = await runWanVideo({
			parameters: getGeneration({ waitForCompletion: true }),
			inputItems: ids(id),
		});

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toContain(`ContentModerationError: ${MODERATION}`);
		expect(result.error?.message).toContain(id);
	});
});

describe('Get Generation with Route by Status', () => {
	it('sends completed, still running and failed generations to their own outputs', async () => {
		const [done, busy, broken] = [generationId(10), generationId(11), generationId(12)];
		api.statuses(done, completed()).serve(signedUrl(done), videoBytes(done));
		api.statuses(busy, running('queued'));
		api.statuses(broken, failed('ContentModerationError', MODERATION));

		const result = await runWanVideo({
			parameters: getGeneration({ routeByStatus: true }),
			inputItems: ids(busy, broken, done),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(3);
		const [completedOutput, runningOutput, failedOutput] = result.outputs;
		expect(completedOutput).toHaveLength(1);
		expect(completedOutput[0].pairedItem).toEqual({ item: 2 });
		expect(completedOutput[0].json).toMatchObject({ generationId: done, status: 'completed' });
		expect((await readBinary(completedOutput[0])).equals(videoBytes(done))).toBe(true);
		expect(runningOutput).toEqual([
			{
				json: expect.objectContaining({ generationId: busy, status: 'queued' }),
				pairedItem: { item: 0 },
			},
		]);
		expect(failedOutput).toEqual([
			{
				json: expect.objectContaining({
					generationId: broken,
					status: 'error',
					error: { name: 'ContentModerationError', message: MODERATION },
				}),
				pairedItem: { item: 1 },
			},
		]);
		expect(clock.sleeps).toHaveLength(0);
	});

	it('without waiting, keeps checking rate-limited IDs until the API answers, however the run slows down', async () => {
		// Ten IDs, each answered 429 three times before its status: every 429 pauses the run and
		// slows it down, so the answers come well past half a minute.
		const generations = Array.from({ length: 10 }, (_, index) => generationId(30 + index));
		for (const id of generations)
			api
				.statuses(
					id,
					...Array.from({ length: 3 }, () => httpError(429, 'Too Many Requests')),
					completed(),
				)
				.serve(signedUrl(id), videoBytes(id));

		const result = await runWanVideo({
			parameters: getGeneration({ routeByStatus: true }),
			inputItems: ids(...generations),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0].map((item) => item.json.generationId)).toEqual(generations);
		expect(result.outputs[2]).toEqual([]);
		// Each once per 429 and once more for its status, never given up for lack of time.
		for (const id of generations) expect(api.checksOf(id)).toHaveLength(4);
	});

	it('without waiting, gives up on an ID the API keeps refusing after a few retries, and names it', async () => {
		const [refused, done] = [generationId(40), generationId(41)];
		api.statuses(
			refused,
			...Array.from({ length: 20 }, () => httpError(503, 'Service Unavailable')),
		);
		api.statuses(done, completed()).serve(signedUrl(done), videoBytes(done));

		const result = await runWanVideo({
			parameters: getGeneration({ routeByStatus: true }),
			inputItems: ids(refused, done),
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0].map((item) => item.json.generationId)).toEqual([done]);
		expect(result.outputs[2]).toEqual([
			{
				json: expect.objectContaining({
					generationId: refused,
					error: expect.stringContaining('503'),
				}),
				pairedItem: { item: 0 },
			},
		]);
		// The first check and five retries with backoff.
		expect(api.checksOf(refused)).toHaveLength(6);
	});

	it('with Wait for Completion, routes what is still running at Max Wait to Still Running', async () => {
		const [done, busy] = [generationId(13), generationId(14)];
		api.statuses(done, running(), completed()).serve(signedUrl(done), videoBytes(done));
		api.statuses(busy, ...Array.from({ length: 7 }, () => running()));

		const result = await runWanVideo({
			parameters: getGeneration(
				{ routeByStatus: true, waitForCompletion: true },
				{ maxWaitMinutes: 1 },
			),
			inputItems: ids(done, busy),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0].map((item) => item.json.generationId)).toEqual([done]);
		expect(result.outputs[1]).toEqual([
			{
				json: expect.objectContaining({
					generationId: busy,
					status: 'generating',
					waitedSeconds: 60,
				}),
				pairedItem: { item: 1 },
			},
		]);
		expect(result.outputs[2]).toEqual([]);
		expect(api.checksOf(done)).toHaveLength(2);
		expect(api.checksOf(busy)).toHaveLength(7);
	});

	it('under Continue On Fail puts a generation that cannot be checked on the Failed output', async () => {
		const [unknown, busy] = [generationId(15), generationId(16)];
		api.statuses(unknown, httpError(404, `Generation not found: ${unknown}`));
		api.statuses(busy, running());

		const result = await runWanVideo({
			parameters: getGeneration({ routeByStatus: true }),
			inputItems: ids(unknown, busy),
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toEqual([]);
		expect(result.outputs[1].map((item) => item.json.generationId)).toEqual([busy]);
		expect(result.outputs[2]).toEqual([
			{
				json: expect.objectContaining({
					generationId: unknown,
					error: expect.stringContaining(unknown),
				}),
				pairedItem: { item: 0 },
			},
		]);
	});
});
