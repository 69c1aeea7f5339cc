import { NodeOperationError } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import {
	API_KEY,
	apiError,
	mockSubmit,
	queued,
	runWanVideo,
	visibleText,
	useOfflineApi,
} from '../../../dev/harness/wanVideo';

const T2V = 'alibaba/wan-2-6-t2v';

function textToVideo(parameters: Record<string, unknown> = {}) {
	return {
		operation: 'textToVideo',
		prompt: 'A red fox runs through fresh snow',
		waitForCompletion: false,
		...parameters,
	};
}

useOfflineApi();

describe('Text to Video: submitting', () => {
	it('sends the API defaults only, with the key as a Bearer token, and outputs the generation', async () => {
		const { scope, submissions } = mockSubmit(() => [200, queued('gen-fox', 3_150_000)]);

		const result = await runWanVideo({ parameters: textToVideo() });

		expect(result.error).toBeUndefined();
		expect(submissions).toEqual([
			{
				body: {
					model: T2V,
					prompt: 'A red fox runs through fresh snow',
					aspect_ratio: '16:9',
					resolution: '1080p',
					duration: 10,
				},
				authorization: `Bearer ${API_KEY}`,
			},
		]);
		expect(result.outputs).toEqual([
			[
				{
					json: {
						clientRequestId: expect.stringMatching(/^wv:/),
						generationId: 'gen-fox',
						status: 'queued',
						model: T2V,
						videoUrl: null,
						creditsUsed: 3_150_000,
						error: null,
					},
					pairedItem: { item: 0 },
				},
			],
		]);
		scope.done();
	});

	it('sends every field when every option is set, with the duration as an integer', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: textToVideo({
				aspectRatio: '9:16',
				resolution: '720p',
				duration: 15,
				options: {
					audioUrl: 'https://cdn.example.com/voice-over.mp3',
					generateAudio: false,
					negativePrompt: 'blurry, watermark',
					shotType: 'multi',
					enhancePrompt: true,
					seed: 42,
				},
			}),
		});

		expect(result.error).toBeUndefined();
		expect(submissions.map((submission) => submission.body)).toEqual([
			{
				model: T2V,
				prompt: 'A red fox runs through fresh snow',
				aspect_ratio: '9:16',
				resolution: '720p',
				duration: 15,
				audio_url: 'https://cdn.example.com/voice-over.mp3',
				generate_audio: false,
				negative_prompt: 'blurry, watermark',
				shot_type: 'multi',
				enhance_prompt: true,
				seed: 42,
			},
		]);
		expect(Number.isInteger(submissions[0].body.duration)).toBe(true);
		scope.done();
	});

	it('submits one generation per input item and pairs each output with its input', async () => {
		const { scope, submissions } = mockSubmit(
			(body) => [200, queued(`gen-${String(body.prompt)}`)],
			3,
		);

		const result = await runWanVideo({
			parameters: textToVideo({ prompt: '={{ $json.idea }}' }),
			inputItems: [
				{ json: { idea: 'fox' } },
				{ json: { idea: 'owl' } },
				{ json: { idea: 'deer' } },
			],
		});

		expect(result.error).toBeUndefined();
		expect(submissions.map((submission) => submission.body.prompt).sort()).toEqual([
			'deer',
			'fox',
			'owl',
		]);
		expect(result.outputs[0].map((item) => [item.json.generationId, item.pairedItem])).toEqual([
			['gen-fox', { item: 0 }],
			['gen-owl', { item: 1 }],
			['gen-deer', { item: 2 }],
		]);
		expect(
			result.outputs[0].every((item) => item.json.model === T2V && item.json.status === 'queued'),
		).toBe(true);
		scope.done();
	});

	it('accepts a duration that arrives as text, e.g. "10" from a spreadsheet, and sends the number 10', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: textToVideo({ duration: '={{ $json.duration }}' }),
			inputItems: [{ json: { duration: '10' } }],
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body.duration).toBe(10);
		scope.done();
	});
});

describe('Text to Video: invalid input is refused before any request', () => {
	it.each([
		[
			'an empty prompt from an expression',
			{ prompt: '={{ $json.missing ?? "" }}' },
			'"Prompt" cannot be empty',
		],
		['a prompt of spaces', { prompt: '   ' }, '"Prompt" cannot be empty'],
		[
			'a duration the API lacks, set by expression',
			{ duration: '={{ 7 }}' },
			'"Duration" must be one of 5, 10, 15',
		],
		[
			'a duration typed as text the API lacks',
			{ duration: '={{ "twelve" }}' },
			'"Duration" must be one of 5, 10, 15',
		],
		[
			'an aspect ratio the API lacks',
			{ aspectRatio: '={{ "21:9" }}' },
			'"Aspect Ratio" must be one of 16:9, 9:16, 1:1, 4:3, 3:4',
		],
		[
			'an audio URL that is not a URL',
			{ options: { audioUrl: 'voice-over.mp3' } },
			'"Audio URL" must be a public http(s) URL',
		],
		[
			'multiple shots with Enhance Prompt off',
			{ options: { shotType: 'multi', enhancePrompt: false } },
			'"Shot Type" needs Enhance Prompt turned on',
		],
		['a fractional seed', { options: { seed: 1.5 } }, '"Seed" must be a whole number'],
	])('refuses %s, naming the field and what to do', async (_case, parameters, message) => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({ parameters: textToVideo(parameters) });

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toContain(message);
		expect(result.error?.description).toContain(
			'Nothing was sent to the AIML API and no credits were spent',
		);
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(submissions).toEqual([]);
		expect(scope.isDone()).toBe(false);
	});

	it('refuses a prompt left empty in the node before it runs (n8n checks required fields)', async () => {
		const { scope, submissions } = mockSubmit();

		await expect(runWanVideo({ parameters: textToVideo({ prompt: '' }) })).rejects.toThrow(
			'Parameter "Prompt" is required',
		);
		expect(submissions).toEqual([]);
		expect(scope.isDone()).toBe(false);
	});

	it('submits nothing at all when item 2 of 3 is invalid and names item 2 in the error', async () => {
		const { scope, submissions } = mockSubmit(undefined, 3);

		const result = await runWanVideo({
			parameters: textToVideo({ prompt: '={{ $json.idea }}' }),
			inputItems: [{ json: { idea: 'fox' } }, { json: { idea: '' } }, { json: { idea: 'deer' } }],
		});

		expect(submissions).toEqual([]);
		expect(scope.pendingMocks()).toHaveLength(1);
		expect(result.outputs).toEqual([]);
		// The error the user sees is the reason (item 2's empty prompt), not a side effect of it.
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('"Prompt" cannot be empty');
		expect(result.error?.context?.itemIndex).toBe(1);
	});

	it('with Continue On Fail, submits the valid items and turns item 2 into an error item paired to input 2', async () => {
		const { scope, submissions } = mockSubmit(
			(body) => [200, queued(`gen-${String(body.prompt)}`)],
			2,
		);

		const result = await runWanVideo({
			parameters: textToVideo({ prompt: '={{ $json.idea }}' }),
			inputItems: [{ json: { idea: 'fox' } }, { json: { idea: '' } }, { json: { idea: 'deer' } }],
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(submissions.map((submission) => submission.body.prompt).sort()).toEqual(['deer', 'fox']);
		const [output] = result.outputs;
		expect(output).toHaveLength(3);
		expect(output[0]).toMatchObject({ json: { generationId: 'gen-fox' }, pairedItem: { item: 0 } });
		expect(output[1]).toEqual({
			json: {
				error: '"Prompt" cannot be empty',
				errorDescription: expect.stringContaining('no credits were spent'),
			},
			pairedItem: { item: 1 },
		});
		expect(output[2]).toMatchObject({
			json: { generationId: 'gen-deer' },
			pairedItem: { item: 2 },
		});
		scope.done();
	});
});

describe('Text to Video: a submission that fails among several', () => {
	it('lists the generation IDs already submitted when item 2 of 3 fails without Continue On Fail', async () => {
		const { scope, submissions } = mockSubmit(
			(body) =>
				body.prompt === 'owl'
					? [403, apiError(403, "You've run out of credits. Please top up your balance.")]
					: [200, queued(`gen-${String(body.prompt)}`)],
			3,
		);

		const result = await runWanVideo({
			parameters: textToVideo({ prompt: '={{ $json.idea }}' }),
			inputItems: [
				{ json: { idea: 'fox' } },
				{ json: { idea: 'owl' } },
				{ json: { idea: 'deer' } },
			],
		});

		expect(submissions).toHaveLength(3);
		expect(result.outputs).toEqual([]);
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(result.error?.message).toContain('out of credits');
		// The two paid jobs are not lost: their IDs are in the error.
		expect(result.error?.description).toContain('item 0: gen-fox');
		expect(result.error?.description).toContain('item 2: gen-deer');
		expect(result.error?.description).toContain('Get Generation');
		scope.done();
	});

	it('starts no further paid job after the first failure without Continue On Fail', async () => {
		const { submissions } = mockSubmit(
			(body) =>
				body.prompt === 'owl'
					? [400, apiError(400, 'Body validation error! Invalid prompt')]
					: [200, queued(`gen-${String(body.prompt)}`)],
			3,
		);

		const result = await runWanVideo({
			parameters: textToVideo({ prompt: '={{ $json.idea }}', options: { submitConcurrency: 1 } }),
			inputItems: [
				{ json: { idea: 'fox' } },
				{ json: { idea: 'owl' } },
				{ json: { idea: 'deer' } },
			],
		});

		expect(submissions.map((submission) => submission.body.prompt)).toEqual(['fox', 'owl']);
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(result.error?.message).toContain('Body validation error! Invalid prompt');
		expect(result.error?.description).toContain('item 0: gen-fox');
	});

	it('with Continue On Fail, outputs the failed item as an error paired to its input, next to the others', async () => {
		const { scope } = mockSubmit(
			(body) =>
				body.prompt === 'fox'
					? [400, apiError(400, 'Body validation error! prompt is too long')]
					: [200, queued(`gen-${String(body.prompt)}`)],
			3,
		);

		const result = await runWanVideo({
			parameters: textToVideo({ prompt: '={{ $json.idea }}' }),
			inputItems: [
				{ json: { idea: 'fox' } },
				{ json: { idea: 'owl' } },
				{ json: { idea: 'deer' } },
			],
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		const [output] = result.outputs;
		expect(output[0]).toEqual({
			json: {
				clientRequestId: expect.stringMatching(/^wv:/),
				error: 'The AIML API rejected the request: Body validation error! prompt is too long',
				errorDescription: expect.stringContaining(
					'Submitting the Wan 2.6 Text to Video generation failed',
				),
			},
			pairedItem: { item: 0 },
		});
		expect(output[1]).toMatchObject({ json: { generationId: 'gen-owl' }, pairedItem: { item: 1 } });
		expect(output[2]).toMatchObject({
			json: { generationId: 'gen-deer' },
			pairedItem: { item: 2 },
		});
		expect(visibleText(result)).not.toContain(API_KEY);
		scope.done();
	});
});
