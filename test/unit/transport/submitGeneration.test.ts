import { NodeApiError } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import type { FakeClock } from '../../../dev/harness/fakeClock.mjs';
import {
	MockAimlApi,
	completed,
	generationId,
	running,
	signedUrl,
	usageLogRow,
	useWaitingApi,
	videoBytes,
} from '../../../dev/harness/mockAimlApi';
import { GENERATIONS_PATH, items, runWanVideo, textToVideo } from '../../../dev/harness/wanVideo';

let api: MockAimlApi;
let clock: FakeClock;

useWaitingApi((fresh) => ({ api, clock } = fresh));

function clientRequestIdOf(submission: number): string {
	return String(api.submissions()[submission].headers['x-client-request-id']);
}

describe('a submission refused before the API took it', () => {
	it('waits for the budget and goes through, however many 429s it takes before Max Wait', async () => {
		const id = generationId(1);
		for (let refusal = 0; refusal < 9; refusal++) api.refuseSubmit(429, 'Too Many Requests');
		api.accept(id).statuses(id, completed()).serve(signedUrl(id), videoBytes(id));

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ generationId: id, status: 'completed' });
		expect(api.submissions()).toHaveLength(10);
		// The same request each time: one client request ID, one video billed.
		expect(
			new Set(api.submissions().map((request) => request.headers['x-client-request-id'])).size,
		).toBe(1);
	});

	it('waits as long as Retry-After says before sending again', async () => {
		const id = generationId(2);
		api.refuseSubmit(429, 'Too Many Requests', { 'retry-after': '12' });
		api.accept(id, { prompt: 'a fox' });

		const result = await runWanVideo({
			parameters: textToVideo({}, { waitForCompletion: false }),
			inputItems: items('a fox'),
		});

		expect(result.error).toBeUndefined();
		const [refused, accepted] = api.submissions();
		expect(accepted.atMs - refused.atMs).toBeGreaterThanOrEqual(12_000);
	});
});

describe('a submission whose answer was lost', () => {
	it.each([
		['a 500', () => api.refuseSubmit(500, 'Internal server error. Please try again later.')],
		['a dropped connection', () => api.dropSubmit('ECONNRESET')],
		['a 200 answer without an ID', () => api.answerSubmit(200, { status: 'queued' })],
		[
			'a proxy page',
			() => api.answerSubmit(200, '<html>Bad gateway</html>', { 'content-type': 'text/html' }),
		],
	])(
		'after %s is found in the Usage Logs and ends with its video, sent once',
		async (_case, lose) => {
			const id = generationId(3);
			lose();
			let reads = 0;
			// The row appears only on the third read, as a log pipeline lags behind.
			api.usageLogs(() => (++reads >= 3 ? [usageLogRow(id, clientRequestIdOf(0))] : []));
			api.statuses(id, running(), completed()).serve(signedUrl(id), videoBytes(id));

			const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

			expect(result.error).toBeUndefined();
			expect(result.outputs[0]).toHaveLength(1);
			expect(result.outputs[0][0].json).toMatchObject({
				generationId: id,
				clientRequestId: clientRequestIdOf(0),
				status: 'completed',
			});
			expect(result.outputs[0][0].binary?.data).toBeDefined();
			expect(api.submissions()).toHaveLength(1);
			expect(reads).toBeGreaterThanOrEqual(3);
		},
	);

	it('ignores rows of other requests, and says where to look when the row never appears', async () => {
		api.refuseSubmit(502, 'Bad Gateway');
		api.usageLogs(() => [
			usageLogRow(generationId(90), 'wv:other:1:0:abcdefgh'),
			usageLogRow(generationId(91), null),
		]);

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(api.submissions()).toHaveLength(1);
		expect(result.error?.description).toContain(clientRequestIdOf(0));
		expect(result.error?.description).toContain('may have started the video');
		expect(api.checksOf(generationId(90))).toHaveLength(0);
		expect(api.logReads().length).toBeGreaterThan(1);
	});
});

describe('a model the API knows under another spelling', () => {
	it('sends the documented other spelling once the first is unknown, and keeps it for the next items', async () => {
		const [first, second] = [
			generationId(4, 'alibaba/wan3.0-video'),
			generationId(5, 'alibaba/wan3.0-video'),
		];
		const spellings: string[] = [];
		api.api
			.post(GENERATIONS_PATH)
			.times(3)
			.reply((_uri, body) => {
				const model = String((body as { model: string }).model);
				spellings.push(model);
				if (model !== 'alibaba/wan3.0-video')
					return [
						400,
						{
							message: `Body validation error! Invalid enum value. Expected 'alibaba/wan3.0-video', received '${model}' at "model"`,
							statusCode: 400,
						},
					];
				return [200, { id: spellings.length === 2 ? first : second, status: 'queued' }];
			});

		const result = await runWanVideo({
			parameters: textToVideo(
				{ submitConcurrency: 1 },
				{ model: 'alibaba/wan-3-0-video', waitForCompletion: false },
			),
			inputItems: items('a fox', 'an owl'),
		});

		expect(result.error).toBeUndefined();
		expect(spellings).toEqual([
			'alibaba/wan-3-0-video',
			'alibaba/wan3.0-video',
			'alibaba/wan3.0-video',
		]);
		expect(result.outputs[0].map((item) => item.json.generationId)).toEqual([first, second]);
		expect(clock.elapsedMs()).toBe(0);
	});
});
