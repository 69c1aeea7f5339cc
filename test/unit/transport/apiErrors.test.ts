import nock from 'nock';
import { NodeApiError, sleep } from 'n8n-workflow';
import { describe, expect, it, vi } from 'vitest';

import {
	API_KEY,
	BASE_URL,
	GENERATIONS_PATH,
	apiError,
	mockSubmit,
	queued,
	runWanVideo,
	visibleText,
	useOfflineApi,
} from '../../../dev/harness/wanVideo';
import { installFakeClock, uninstallFakeClock } from '../../../dev/harness/fakeClock.mjs';

const PARAMETERS = {
	operation: 'textToVideo',
	prompt: '={{ $json.idea }}',
	waitForCompletion: false,
	// One at a time, so the order of the requests is the order of the items.
	options: { submitConcurrency: 1 },
};

/** Two items: the first is accepted, the second meets `failure`. Errors then carry item index 1. */
const TWO_ITEMS = [{ json: { idea: 'fox' } }, { json: { idea: 'owl' } }];

function acceptFoxThen(status: number, body: ReturnType<typeof apiError>, times = 1) {
	return mockSubmit(
		(_body, index) => (index === 0 ? [200, queued('gen-fox')] : [status, body]),
		1 + times,
	);
}

useOfflineApi();

/** Usage Logs that list nothing: a lost submission answer cannot be found there. */
function emptyUsageLogs() {
	let reads = 0;
	nock(BASE_URL)
		.get('/v2/logs')
		.query(true)
		.reply(() => {
			reads++;
			return [200, { data: [], pagination: { limit: 100, offset: 0, total: 0, has_more: false } }];
		})
		.persist();
	return { reads: () => reads };
}

describe('API errors on submit become clear NodeApiErrors for the failing item', () => {
	it('400: passes the API\'s "Body validation error!" message through', async () => {
		const { scope, submissions } = acceptFoxThen(
			400,
			apiError(400, 'Body validation error! Invalid enum value. Expected 5 | 10 | 15, received 12'),
		);

		const result = await runWanVideo({ parameters: PARAMETERS, inputItems: TWO_ITEMS });

		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe(
			'The AIML API rejected the request: Body validation error! Invalid enum value. Expected 5 | 10 | 15, received 12',
		);
		expect(result.error?.httpCode).toBe('400');
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(result.error?.description).toContain(
			'Submitting the Wan 2.6 Text to Video generation failed',
		);
		expect(submissions).toHaveLength(2);
		expect(visibleText(result)).not.toContain(API_KEY);
		scope.done();
	});

	it('401: says the key was refused and points at the credential', async () => {
		// n8n itself sends a request answered 401 once more after refreshing the credential.
		const scope = nock(BASE_URL)
			.post(GENERATIONS_PATH)
			.reply(401, apiError(401, 'This request requires a valid API key.'))
			.persist();

		const result = await runWanVideo({
			parameters: PARAMETERS,
			inputItems: [{ json: { idea: 'fox' } }],
		});

		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe('The AIML API key was refused');
		expect(result.error?.description).toContain(
			'Open the AIML API credential and paste a valid key',
		);
		expect(result.error?.description).toContain('This request requires a valid API key.');
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(vi.mocked(sleep)).not.toHaveBeenCalled();
		expect(visibleText(result)).not.toContain(API_KEY);
		expect(scope.isDone()).toBe(true);
	});

	it('403: says the account is out of credits', async () => {
		const { scope } = acceptFoxThen(
			403,
			apiError(
				403,
				"You've run out of credits. Please top up your balance or update your payment method to continue.",
			),
		);

		const result = await runWanVideo({ parameters: PARAMETERS, inputItems: TWO_ITEMS });

		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toContain('out of credits');
		expect(result.error?.description).toContain('Top up your balance in the AIML API dashboard');
		expect(result.error?.description).toContain("You've run out of credits.");
		expect(result.error?.context?.itemIndex).toBe(1);
		// The generation already started for item 1 is not lost.
		expect(result.error?.description).toContain('item 0: gen-fox');
		expect(visibleText(result)).not.toContain(API_KEY);
		scope.done();
	});

	it('429: submits again after a backoff, since the API refused the job, and outputs it', async () => {
		const { scope, submissions } = mockSubmit(
			(_body, index) =>
				index === 0 ? [429, apiError(429, 'Too Many Requests')] : [200, queued('gen-fox')],
			2,
		);

		const result = await runWanVideo({
			parameters: PARAMETERS,
			inputItems: [{ json: { idea: 'fox' } }],
		});

		expect(result.error).toBeUndefined();
		expect(submissions).toHaveLength(2);
		expect(submissions[1].body).toEqual(submissions[0].body);
		expect(vi.mocked(sleep)).toHaveBeenCalled();
		expect(result.outputs[0]).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({ generationId: 'gen-fox' }),
				pairedItem: { item: 0 },
			}),
		]);
		scope.done();
	});

	it('429 that does not let up: keeps trying until Max Wait, then says the key is rate limited', async () => {
		const clock = installFakeClock();
		try {
			let attempts = 0;
			const scope = nock(BASE_URL)
				.post(GENERATIONS_PATH)
				.reply(429, apiError(429, 'Too Many Requests'))
				.persist();
			scope.on('request', () => attempts++);

			const result = await runWanVideo({
				parameters: PARAMETERS,
				inputItems: [{ json: { idea: 'fox' } }],
			});

			expect(result.error).toBeInstanceOf(NodeApiError);
			expect(result.error?.message).toBe(
				'The AIML API is rate limiting this key (429 Too Many Requests)',
			);
			expect(result.error?.description).toContain('Lower "Max Requests per Second"');
			// Nothing was accepted, so sending again is safe: it went on until Max Wait (20 min).
			expect(attempts).toBeGreaterThan(5);
			expect(clock.elapsedMs()).toBeGreaterThan(19 * 60_000);
			expect(clock.elapsedMs()).toBeLessThanOrEqual(20 * 60_000);
		} finally {
			uninstallFakeClock();
		}
	});

	it.each([
		[500, 'Internal server error. Please try again later.'],
		[503, 'The model is under maintenance. Please try again later.'],
	])(
		'%i: does not submit again (the job may have started and would be billed twice), and says so',
		async (status, apiMessage) => {
			const { scope, submissions } = acceptFoxThen(status, apiError(status, apiMessage), 2);
			const logs = emptyUsageLogs();

			const result = await runWanVideo({ parameters: PARAMETERS, inputItems: TWO_ITEMS });

			expect(submissions.map((submission) => submission.body.prompt)).toEqual(['fox', 'owl']);
			expect(scope.pendingMocks()).toHaveLength(1);
			expect(logs.reads()).toBeGreaterThan(0);
			expect(result.error?.description).toContain('Usage Logs');
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect(result.error?.message).toBe(
				`The AIML API had a server error (${status}): ${apiMessage}`,
			);
			expect(result.error?.httpCode).toBe(String(status));
			expect(result.error?.context?.itemIndex).toBe(1);
			expect(result.error?.description).toContain('not retried');
			expect(result.error?.description).toContain('billed twice');
			expect(result.error?.description).toContain('item 0: gen-fox');
			expect(visibleText(result)).not.toContain(API_KEY);
		},
	);

	it('a dropped connection (ECONNRESET): does not submit again, and says so', async () => {
		let attempts = 0;
		const scope = nock(BASE_URL)
			.post(GENERATIONS_PATH)
			.times(2)
			.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		scope.on('request', () => attempts++);
		const logs = emptyUsageLogs();

		const result = await runWanVideo({
			parameters: PARAMETERS,
			inputItems: [{ json: { idea: 'fox' } }],
		});

		expect(attempts).toBe(1);
		expect(logs.reads()).toBeGreaterThan(0);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe('Could not reach the AIML API (ECONNRESET)');
		expect(result.error?.description).toContain('Check the Base URL in the credential');
		expect(result.error?.description).toContain('not retried');
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(visibleText(result)).not.toContain(API_KEY);
	});

	it('a refused connection (ECONNREFUSED): submits again, since nothing reached the API', async () => {
		const scope = nock(BASE_URL)
			.post(GENERATIONS_PATH)
			.replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
			.post(GENERATIONS_PATH)
			.reply(200, queued('gen-fox'));

		const result = await runWanVideo({
			parameters: PARAMETERS,
			inputItems: [{ json: { idea: 'fox' } }],
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json.generationId).toBe('gen-fox');
		scope.done();
	});

	it('an answer without a generation ID is an error, not an item without an ID', async () => {
		const { scope } = mockSubmit(() => [200, { status: 'queued' }]);

		const result = await runWanVideo({
			parameters: PARAMETERS,
			inputItems: [{ json: { idea: 'fox' } }],
		});

		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toContain('without a generation ID');
		scope.done();
	});

	it('with Continue On Fail, each failing item becomes an error item paired to its input, without the key', async () => {
		const { scope } = mockSubmit((body) => {
			if (body.prompt === 'fox') return [403, apiError(403, "You've run out of credits.")];
			if (body.prompt === 'owl') return [500, apiError(500, 'Internal server error.')];
			return [200, queued('gen-deer')];
		}, 3);

		const result = await runWanVideo({
			parameters: PARAMETERS,
			inputItems: [...TWO_ITEMS, { json: { idea: 'deer' } }],
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		const [output] = result.outputs;
		expect(output).toEqual([
			{
				json: {
					clientRequestId: expect.stringMatching(/^wv:/),
					error:
						'The AIML API refused the request: out of credits, or the key may not use this model',
					errorDescription: expect.stringContaining('Top up your balance'),
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					clientRequestId: expect.stringMatching(/^wv:/),
					error: 'The AIML API had a server error (500): Internal server error.',
					errorDescription: expect.stringContaining('not retried'),
				},
				pairedItem: { item: 1 },
			},
			expect.objectContaining({
				json: expect.objectContaining({ generationId: 'gen-deer' }),
				pairedItem: { item: 2 },
			}),
		]);
		expect(visibleText(result)).not.toContain(API_KEY);
		scope.done();
	});
});
