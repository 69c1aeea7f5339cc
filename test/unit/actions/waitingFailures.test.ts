import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { RETRY_POLICY } from '../../../nodes/WanVideo/transport/retryPolicy';
import type { FakeClock } from '../../../dev/harness/fakeClock.mjs';
import {
	MockAimlApi,
	useWaitingApi,
	completed,
	failed,
	generationId,
	htmlPage,
	httpError,
	networkError,
	rateLimited,
	running,
	signedUrl,
	videoBytes,
} from '../../../dev/harness/mockAimlApi';
import { GENERATIONS_PATH, items, runWanVideo, textToVideo } from '../../../dev/harness/wanVideo';

const MODERATION =
	'The request was rejected by content moderation: the prompt or input may contain inappropriate content.';

let api: MockAimlApi;
let clock: FakeClock;

useWaitingApi((fresh) => ({ api, clock } = fresh));

afterEach(() => {
	vi.restoreAllMocks();
});

function gaps(times: number[]): number[] {
	return times.slice(1).map((time, index) => time - times[index]);
}

describe('status checks that fail for a while', () => {
	it('recovers from 429, 5xx and a dropped connection with exponential backoff', async () => {
		// The top of each jitter range: 1 s, 2 s, 4 s.
		vi.spyOn(Math, 'random').mockReturnValue(1);
		const id = generationId(1);
		api
			.accept(id)
			.statuses(
				id,
				running(),
				httpError(429, 'Too Many Requests'),
				httpError(500),
				networkError('ECONNRESET'),
				completed(),
			)
			.serve(signedUrl(id), videoBytes(id));

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({
			generationId: id,
			status: 'completed',
			waitedSeconds: 28,
		});
		// Checked at 10 s and 20 s; the 429 pauses every call of the run for 2 s, then the
		// 500 and the dropped connection are checked again after 2 and 4 s.
		expect(api.checkTimesOf(id)).toEqual([10_000, 20_000, 22_000, 24_000, 28_000]);
	});

	it('keeps every retry gap within the jitter range', async () => {
		const id = generationId(2);
		api
			.accept(id)
			.statuses(
				id,
				httpError(503),
				httpError(502),
				httpError(429, 'Too Many Requests'),
				networkError(),
				completed(),
			)
			.serve(signedUrl(id), videoBytes(id));

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

		expect(result.error).toBeUndefined();
		const retryGaps = gaps(api.checkTimesOf(id));
		expect(retryGaps).toHaveLength(4);
		retryGaps.forEach((gap, attempt) => {
			expect(gap).toBeGreaterThanOrEqual(RETRY_POLICY.baseDelayMs / 2);
			expect(gap).toBeLessThanOrEqual(RETRY_POLICY.baseDelayMs * 2 ** attempt);
		});
	});

	it('keeps checking through failures until Max Wait, then names the generation and the last failure', async () => {
		const id = generationId(3);
		api.accept(id).statuses(id, ...Array.from({ length: 60 }, () => httpError(500)));

		const result = await runWanVideo({
			parameters: textToVideo({ maxWaitMinutes: 2 }),
			inputItems: items('a fox'),
		});

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toContain(id);
		expect(result.error?.message).toContain('after 2 min of waiting');
		expect(result.error?.description).toContain('The last status checks failed (500');
		expect(result.error?.description).toContain('Get Generation');
		// Far more than five checks: a failing status check never ends the wait by itself.
		expect(api.checksOf(id).length).toBeGreaterThan(RETRY_POLICY.maxAttempts);
		const times = api.checkTimesOf(id);
		expect(times.at(-1)).toBeLessThanOrEqual(2 * 60_000);
		expect(api.downloads).toHaveLength(0);
	});

	it('does not retry a refusal that cannot change (401)', async () => {
		const id = generationId(4);
		api.accept(id).statuses(id, httpError(401, 'This request requires a valid API key.'));

		const result = await runWanVideo({
			parameters: textToVideo(),
			inputItems: items('a fox'),
			continueOnFail: true,
		});

		expect(result.outputs[0]).toEqual([
			{
				json: expect.objectContaining({ generationId: id, error: expect.stringContaining(id) }),
				pairedItem: { item: 0 },
			},
		]);
		expect(api.checksOf(id)).toHaveLength(1);
	});
});

describe('a generation that ends with status "error"', () => {
	it("fails with the API's error name and message and the generation ID", async () => {
		const id = generationId(5);
		api.accept(id).statuses(id, running(), failed('ContentModerationError', MODERATION));

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toContain('ContentModerationError');
		expect(result.error?.message).toContain(MODERATION);
		expect(result.error?.message).toContain(id);
		expect(api.checksOf(id)).toHaveLength(2);
		expect(api.downloads).toHaveLength(0);
	});

	it('under Continue On Fail becomes an error item paired with its input, the other items unharmed', async () => {
		const [bad, good] = [generationId(6), generationId(7)];
		api.accept(bad, { prompt: 'bad' }).statuses(bad, failed('ContentModerationError', MODERATION));
		api
			.accept(good, { prompt: 'good' })
			.statuses(good, running(), completed())
			.serve(signedUrl(good), videoBytes(good));

		const result = await runWanVideo({
			parameters: textToVideo(),
			inputItems: items('bad', 'good'),
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		const [badItem, goodItem] = result.outputs[0];
		expect(badItem.pairedItem).toEqual({ item: 0 });
		expect(badItem.json).toMatchObject({
			generationId: bad,
			status: 'error',
			error: expect.stringContaining('ContentModerationError'),
		});
		expect(badItem.json.error).toContain(bad);
		expect(badItem.binary).toBeUndefined();
		expect(goodItem.pairedItem).toEqual({ item: 1 });
		expect(goodItem.json).toMatchObject({ generationId: good, status: 'completed' });
		expect(goodItem.binary?.data).toBeDefined();
	});
});

describe('submissions', () => {
	it.each([
		[
			'a 500',
			(mock: MockAimlApi) =>
				mock.refuseSubmit(500, 'Internal server error. Please try again later.'),
		],
		['a 503', (mock: MockAimlApi) => mock.refuseSubmit(503, 'Service Unavailable')],
		['a dropped connection', (mock: MockAimlApi) => mock.dropSubmit('ECONNRESET')],
	])(
		'are sent once only after %s: the job may exist and would be billed twice',
		async (_case, refuse) => {
			refuse(api);
			// The Usage Logs never list it: the node cannot know whether the video started.
			api.usageLogs(() => []);

			const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

			expect(result.status).toBe('error');
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect(api.submissions()).toHaveLength(1);
			expect(
				api.requests.filter(
					(request) => request.method === 'GET' && request.path.startsWith(GENERATIONS_PATH),
				),
			).toHaveLength(0);
			const clientRequestId = String(api.submissions()[0].headers['x-client-request-id']);
			expect(result.error?.description).toContain(clientRequestId);
			expect(result.error?.description).toContain('may have started the video');
			expect(api.logReads().length).toBeGreaterThan(0);
		},
	);
});

describe("status answers that are not the API's", () => {
	it('a proxy page with status 200, or a 429 with Retry-After, is checked again later, not the end', async () => {
		const id = generationId(20);
		api
			.accept(id)
			.statuses(id, htmlPage(), rateLimited(9), htmlPage(), completed())
			.serve(signedUrl(id), videoBytes(id));

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ generationId: id, status: 'completed' });
		const times = api.checkTimesOf(id);
		expect(times).toHaveLength(4);
		// The check after the 429 waits at least as long as Retry-After asked.
		expect(times[2] - times[1]).toBeGreaterThanOrEqual(9_000);
	});
});

describe('cancelling a run', () => {
	it('names every generation the run had accepted, finished ones included, with its last status', async () => {
		const [done, busy] = [generationId(21), generationId(22)];
		api.accept(done, { prompt: 'done' }).statuses(done, completed());
		api.accept(busy, { prompt: 'busy' }).statuses(busy, running(), running());
		const controller = new AbortController();
		// 13 s in: "done" was checked at 10 s, "busy" is due at 15 s (the checks are spread).
		clock.onSleep(13, () => controller.abort());

		const result = await runWanVideo({
			parameters: textToVideo({ downloadVideo: false }),
			inputItems: items('done', 'busy'),
			abortSignal: controller.signal,
		});

		expect(result.cancelled).toBe(true);
		expect(result.error?.description).toContain(`${done} (completed, video ${signedUrl(done)})`);
		expect(result.error?.description).toContain(`${busy} (queued)`);
	});
});
