import { NodeOperationError } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import {
	API_KEY,
	mockSubmit,
	queued,
	runWanVideo,
	useOfflineApi,
} from '../../../dev/harness/wanVideo';

const R2V = 'alibaba/wan-2-6-r2v';
const CLIPS = ['alice', 'bob', 'carol', 'dave'].map(
	(name) => `https://clips.example.com/${name}.mp4`,
);

function videos(urls: string[]) {
	return { videos: urls.map((url) => ({ url })) };
}

function referenceToVideo(parameters: Record<string, unknown> = {}) {
	return {
		operation: 'referenceToVideo',
		prompt: 'character1 hands character2 a cup of coffee in a busy cafe',
		referenceVideos: videos(CLIPS.slice(0, 1)),
		waitForCompletion: false,
		...parameters,
	};
}

useOfflineApi();

describe('Reference to Video: submitting', () => {
	it('sends the API defaults only, with the key as a Bearer token, and outputs the generation', async () => {
		const { scope, submissions } = mockSubmit(() => [200, queued('gen-r2v', 3_150_000)]);

		const result = await runWanVideo({ parameters: referenceToVideo() });

		expect(result.error).toBeUndefined();
		expect(submissions).toEqual([
			{
				body: {
					model: R2V,
					prompt: 'character1 hands character2 a cup of coffee in a busy cafe',
					video_urls: [CLIPS[0]],
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
						generationId: 'gen-r2v',
						status: 'queued',
						model: R2V,
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

	it('sends every field when every option is set, three clips in their order', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: referenceToVideo({
				referenceVideos: videos([CLIPS[2], ` ${CLIPS[0]} `, CLIPS[1]]),
				aspectRatio: '1:1',
				resolution: '720p',
				duration: 5,
				options: {
					negativePrompt: 'crowd',
					shotType: 'multi',
					enhancePrompt: true,
					seed: 2147483647,
				},
			}),
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body).toEqual({
			model: R2V,
			prompt: 'character1 hands character2 a cup of coffee in a busy cafe',
			video_urls: [CLIPS[2], CLIPS[0], CLIPS[1]],
			aspect_ratio: '1:1',
			resolution: '720p',
			duration: 5,
			negative_prompt: 'crowd',
			shot_type: 'multi',
			enhance_prompt: true,
			seed: 2147483647,
		});
		scope.done();
	});

	it('takes the clip URLs from the item through expressions', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: referenceToVideo({
				referenceVideos: {
					videos: [{ url: '={{ $json.first }}' }, { url: '={{ $json.second }}' }],
				},
			}),
			inputItems: [{ json: { first: CLIPS[0], second: CLIPS[1] } }],
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body.video_urls).toEqual([CLIPS[0], CLIPS[1]]);
		scope.done();
	});
});

describe('Reference to Video: invalid input is refused before any request', () => {
	it.each([
		['no reference video', { referenceVideos: {} }, '"Reference Videos" needs at least 1 URL'],
		[
			'only empty reference entries',
			{ referenceVideos: videos(['', '  ']) },
			'"Reference Videos" needs at least 1 URL',
		],
		[
			'four reference videos',
			{ referenceVideos: videos(CLIPS) },
			'"Reference Videos" takes at most 3 URLs',
		],
		[
			'a reference video that is not a URL',
			{ referenceVideos: videos(['alice.mp4']) },
			'"Reference Videos" every entry must be a public http(s) URL',
		],
		['an empty prompt from an expression', { prompt: '={{ "" }}' }, '"Prompt" cannot be empty'],
		['a duration the API lacks', { duration: '={{ 7 }}' }, '"Duration" must be one of 5, 10, 15'],
		[
			'multiple shots with Enhance Prompt off',
			{ options: { shotType: 'multi', enhancePrompt: false } },
			'"Shot Type" needs Enhance Prompt turned on, or the video comes out as a single shot',
		],
	])('refuses %s, naming the field and what to do', async (_case, parameters, message) => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({ parameters: referenceToVideo(parameters) });

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toContain(
			'Nothing was sent to the AIML API and no credits were spent',
		);
		expect(submissions).toEqual([]);
		expect(scope.isDone()).toBe(false);
	});
});
