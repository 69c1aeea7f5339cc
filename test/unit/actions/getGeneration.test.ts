import nock from 'nock';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import { describe, expect, it, vi } from 'vitest';

import { readBinary } from '../../../dev/harness/executeNode.mjs';
import { sampleMp4 } from '../../../dev/harness/fixtureFiles.mjs';
import {
	API_KEY,
	BASE_URL,
	GENERATIONS_PATH,
	apiError,
	runWanVideo,
	visibleText,
	useOfflineApi,
} from '../../../dev/harness/wanVideo';

const CDN = 'https://cdn.example.com';
const VIDEO_PATH = '/videos/gen-done.mp4';
const VIDEO_URL = `${CDN}${VIDEO_PATH}?Expires=1767225600&Signature=abc123`;

function getGeneration(parameters: Record<string, unknown> = {}) {
	return {
		operation: 'getGeneration',
		generationId: '={{ $json.generationId }}',
		waitForCompletion: false,
		...parameters,
	};
}

const NO_DOWNLOAD = { options: { downloadVideo: false } };

const ANSWERS = {
	'gen-done': {
		id: 'gen-done',
		status: 'completed',
		video: { url: VIDEO_URL },
		error: null,
		meta: { usage: { credits_used: 3_150_000 } },
	},
	'gen-no-video': { id: 'gen-no-video', status: 'completed', video: null, error: null, meta: null },
	'gen-running': { id: 'gen-running', status: 'generating', video: null, error: null, meta: null },
	'gen-failed': {
		id: 'gen-failed',
		status: 'error',
		video: null,
		error: {
			name: 'ContentModerationError',
			message: 'The prompt was rejected by content moderation.',
		},
		meta: { usage: { credits_used: 0 } },
	},
} as const;

type KnownId = keyof typeof ANSWERS;

/** Answers status checks for the given IDs from ANSWERS, once each, only with the right key. */
function mockStatus(...ids: KnownId[]) {
	const scope = nock(BASE_URL, { reqheaders: { authorization: `Bearer ${API_KEY}` } });
	for (const id of ids) {
		scope.get(GENERATIONS_PATH).query({ generation_id: id }).reply(200, ANSWERS[id]);
	}
	return scope;
}

function items(...ids: string[]) {
	return ids.map((generationId) => ({ json: { generationId } }));
}

useOfflineApi();

describe('Get Generation: checking once', () => {
	it('maps a completed generation: status, video URL, credits, and no download when Download Video is off', async () => {
		const scope = mockStatus('gen-done');
		const cdn = nock(CDN).get(VIDEO_PATH).query(true).reply(200, sampleMp4);

		const result = await runWanVideo({
			parameters: getGeneration(NO_DOWNLOAD),
			inputItems: items('gen-done'),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs).toEqual([
			[
				{
					json: {
						generationId: 'gen-done',
						status: 'completed',
						model: null,
						videoUrl: VIDEO_URL,
						creditsUsed: 3_150_000,
						error: null,
						waitedSeconds: expect.any(Number),
					},
					pairedItem: { item: 0 },
				},
			],
		]);
		expect(result.outputs[0][0].binary).toBeUndefined();
		expect(cdn.isDone()).toBe(false);
		scope.done();
	});

	it('refuses a completed generation without a video URL with an error that keeps its ID', async () => {
		const scope = mockStatus('gen-no-video');

		const result = await runWanVideo({
			parameters: getGeneration(),
			inputItems: items('gen-no-video'),
		});

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(
			'Generation gen-no-video is completed, but the AIML API gave no video URL',
		);
		expect(result.error?.description).toContain('Get Generation');
		scope.done();
	});

	it('reports a generation still running as an item, not an error, and waits for nothing', async () => {
		const scope = mockStatus('gen-running');

		const result = await runWanVideo({
			parameters: getGeneration(),
			inputItems: items('gen-running'),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toEqual([
			{
				json: expect.objectContaining({
					generationId: 'gen-running',
					status: 'generating',
					videoUrl: null,
					creditsUsed: null,
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(vi.mocked(sleep)).not.toHaveBeenCalled();
		scope.done();
	});

	it("fails on a failed generation with the API's reason and the generation ID", async () => {
		const scope = mockStatus('gen-failed');

		const result = await runWanVideo({
			parameters: getGeneration(),
			inputItems: items('gen-failed'),
		});

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(
			'Generation gen-failed failed: ContentModerationError: The prompt was rejected by content moderation.',
		);
		expect(result.error?.description).toContain('does not bill failed generations');
		scope.done();
	});

	it("with Continue On Fail, a failed generation becomes an error item that keeps its ID and the API's error", async () => {
		const scope = mockStatus('gen-done', 'gen-failed');

		const result = await runWanVideo({
			parameters: getGeneration(NO_DOWNLOAD),
			inputItems: items('gen-done', 'gen-failed'),
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		const [output] = result.outputs;
		expect(output[0]).toMatchObject({
			json: { generationId: 'gen-done', status: 'completed' },
			pairedItem: { item: 0 },
		});
		expect(output[1]).toMatchObject({
			json: {
				generationId: 'gen-failed',
				status: 'error',
				creditsUsed: 0,
				error:
					'Generation gen-failed failed: ContentModerationError: The prompt was rejected by content moderation.',
			},
			pairedItem: { item: 1 },
		});
		scope.done();
	});

	it('outputs one item per input item, each paired with its input', async () => {
		const scope = mockStatus('gen-running', 'gen-done');

		const result = await runWanVideo({
			parameters: getGeneration(NO_DOWNLOAD),
			inputItems: items('gen-running', 'gen-done'),
		});

		expect(
			result.outputs[0].map((item) => [item.json.generationId, item.json.status, item.pairedItem]),
		).toEqual([
			['gen-running', 'generating', { item: 0 }],
			['gen-done', 'completed', { item: 1 }],
		]);
		expect(visibleText(result)).not.toContain(API_KEY);
		scope.done();
	});

	it('trims spaces around a pasted Generation ID', async () => {
		const scope = mockStatus('gen-done');

		const result = await runWanVideo({
			parameters: getGeneration(NO_DOWNLOAD),
			inputItems: items('  gen-done\n'),
		});

		expect(result.outputs[0][0].json.generationId).toBe('gen-done');
		scope.done();
	});
});

describe('Get Generation: input and API errors', () => {
	it.each([
		['a field the item lacks', {}],
		['null', { generationId: null }],
		['spaces', { generationId: '   ' }],
	])(
		'refuses a Generation ID mapped to %s before any request, saying what to map',
		async (_case, json) => {
			const scope = mockStatus('gen-done');

			const result = await runWanVideo({ parameters: getGeneration(), inputItems: [{ json }] });

			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error?.message).toBe('"Generation ID" is empty');
			expect(result.error?.description).toContain('{{ $json.generationId }}');
			expect(scope.isDone()).toBe(false);
		},
	);

	it('refuses a Generation ID left empty in the node before it runs (n8n checks required fields)', async () => {
		const scope = mockStatus('gen-done');

		await expect(runWanVideo({ parameters: getGeneration({ generationId: '' }) })).rejects.toThrow(
			'Parameter "Generation ID" is required',
		);
		expect(scope.isDone()).toBe(false);
	});

	it('404: says nothing was found and names the ID', async () => {
		const scope = nock(BASE_URL)
			.get(GENERATIONS_PATH)
			.query({ generation_id: 'gen-typo' })
			.reply(404, apiError(404, 'Generation not found'));

		const result = await runWanVideo({
			parameters: getGeneration(),
			inputItems: items('gen-typo'),
		});

		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe(
			'The AIML API found nothing here: Generation not found (generation gen-typo)',
		);
		expect(result.error?.description).toContain('Check the generation ID');
		expect(result.error?.httpCode).toBe('404');
		expect(result.error?.context?.itemIndex).toBe(0);
		scope.done();
	});

	it('with Continue On Fail, a 404 becomes an error item with the ID, next to the found ones', async () => {
		const scope = mockStatus('gen-done')
			.get(GENERATIONS_PATH)
			.query({ generation_id: 'gen-typo' })
			.reply(404, apiError(404, 'Generation not found'));

		const result = await runWanVideo({
			parameters: getGeneration(NO_DOWNLOAD),
			inputItems: items('gen-typo', 'gen-done'),
			continueOnFail: true,
		});

		expect(result.outputs[0]).toEqual([
			{
				json: {
					generationId: 'gen-typo',
					error: 'The AIML API found nothing here: Generation not found (generation gen-typo)',
					errorDescription: expect.stringContaining('Check the generation ID'),
				},
				pairedItem: { item: 0 },
			},
			expect.objectContaining({
				json: expect.objectContaining({ generationId: 'gen-done' }),
				pairedItem: { item: 1 },
			}),
		]);
		scope.done();
	});
});

describe('Get Generation: Route by Status', () => {
	it('sends items to the Completed, Still Running and Failed outputs', async () => {
		const scope = mockStatus('gen-failed', 'gen-done', 'gen-running');

		const result = await runWanVideo({
			parameters: getGeneration({ routeByStatus: true, ...NO_DOWNLOAD }),
			inputItems: items('gen-failed', 'gen-done', 'gen-running'),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(3);
		const [completed, running, failed] = result.outputs;
		expect(completed).toEqual([
			{
				json: expect.objectContaining({ generationId: 'gen-done', videoUrl: VIDEO_URL }),
				pairedItem: { item: 1 },
			},
		]);
		expect(running).toEqual([
			{
				json: expect.objectContaining({ generationId: 'gen-running', status: 'generating' }),
				pairedItem: { item: 2 },
			},
		]);
		expect(failed).toEqual([
			{
				json: expect.objectContaining({
					generationId: 'gen-failed',
					status: 'error',
					error: ANSWERS['gen-failed'].error,
				}),
				pairedItem: { item: 0 },
			},
		]);
		scope.done();
	});

	it('with Continue On Fail, sends an item that could not be checked to the Failed output', async () => {
		const scope = mockStatus('gen-done');

		const result = await runWanVideo({
			parameters: getGeneration({ routeByStatus: true, ...NO_DOWNLOAD }),
			inputItems: [{ json: { generationId: 'gen-done' } }, { json: {} }],
			continueOnFail: true,
		});

		const [completed, running, failed] = result.outputs;
		expect(completed.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(running).toEqual([]);
		expect(failed).toEqual([
			{
				json: expect.objectContaining({ error: '"Generation ID" is empty' }),
				pairedItem: { item: 1 },
			},
		]);
		scope.done();
	});
});

describe('Get Generation: downloading the finished video', () => {
	it('downloads from the CDN without the API key, which goes to the API host only', async () => {
		const api = mockStatus('gen-done');
		const cdn = nock(CDN, { badheaders: ['authorization'] })
			.get(VIDEO_PATH)
			.query({ Expires: '1767225600', Signature: 'abc123' })
			.reply(200, sampleMp4, { 'content-type': 'video/mp4' });

		const result = await runWanVideo({
			parameters: getGeneration(),
			inputItems: items('gen-done'),
		});

		expect(result.error).toBeUndefined();
		const [item] = result.outputs[0];
		expect(item.json).toMatchObject({
			generationId: 'gen-done',
			status: 'completed',
			videoUrl: VIDEO_URL,
		});
		expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4', fileName: 'gen-done.mp4' });
		expect((await readBinary(item, 'data')).equals(sampleMp4)).toBe(true);
		expect(visibleText(result)).not.toContain(API_KEY);
		api.done();
		cdn.done();
	});
});
