import { NodeOperationError } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { firstFramePng } from '../../../dev/harness/fixtureFiles.mjs';
import { mockSubmit, queued, runWanVideo, useOfflineApi } from '../../../dev/harness/wanVideo';

const T2V = 'alibaba/wan-2-7-t2v';
const I2V = 'alibaba/wan-2-7-i2v';
const R2V = 'alibaba/wan-2-7-r2v';
const IMAGE = 'https://images.example.com/first.jpg';
const IMAGES = ['a', 'b'].map((name) => `https://images.example.com/${name}.png`);
const CLIPS = ['x', 'y'].map((name) => `https://clips.example.com/${name}.mp4`);
const PROMPT = 'A barista pours latte art in slow motion';

function rows(group: string, urls: unknown[]) {
	return { [group]: urls.map((url) => ({ url })) };
}

useOfflineApi();

describe('Wan 2.7 Text to Video', () => {
	it('sends the defaults only', async () => {
		const { scope, submissions } = mockSubmit(() => [200, queued('gen-27', 3_900_000)]);

		const result = await runWanVideo({
			parameters: {
				operation: 'textToVideo',
				model: T2V,
				prompt: PROMPT,
				waitForCompletion: false,
			},
		});

		expect(result.error).toBeUndefined();
		expect(JSON.stringify(submissions[0].body)).toBe(
			JSON.stringify({
				model: T2V,
				prompt: PROMPT,
				aspect_ratio: '16:9',
				resolution: '1080p',
				duration: 10,
			}),
		);
		expect(result.outputs[0][0].json).toMatchObject({ model: T2V, creditsUsed: 3_900_000 });
		scope.done();
	});

	it('sends every field when every option is set', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: {
				operation: 'textToVideo',
				model: T2V,
				prompt: PROMPT,
				aspectRatio: '3:4',
				resolution: '720p',
				duration: 15,
				waitForCompletion: false,
				options: {
					audioUrl: 'https://audio.example.com/jingle.mp3',
					generateAudio: false,
					negativePrompt: 'text',
					shotType: 'multi',
					enhancePrompt: true,
					seed: 3,
				},
			},
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body).toEqual({
			model: T2V,
			prompt: PROMPT,
			aspect_ratio: '3:4',
			resolution: '720p',
			duration: 15,
			audio_url: 'https://audio.example.com/jingle.mp3',
			generate_audio: false,
			negative_prompt: 'text',
			shot_type: 'multi',
			enhance_prompt: true,
			seed: 3,
		});
		scope.done();
	});
});

describe('Wan 2.7 Image to Video', () => {
	const imageToVideo = (parameters: Record<string, unknown> = {}) => ({
		operation: 'imageToVideo',
		model: I2V,
		prompt: PROMPT,
		imageUrl: IMAGE,
		waitForCompletion: false,
		...parameters,
	});

	it('sends the defaults only', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({ parameters: imageToVideo() });

		expect(result.error).toBeUndefined();
		expect(JSON.stringify(submissions[0].body)).toBe(
			JSON.stringify({
				model: I2V,
				prompt: PROMPT,
				image_url: IMAGE,
				resolution: '1080p',
				duration: 10,
			}),
		);
		scope.done();
	});

	it('sends every field, prompt expansion under both names the spec lists', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: imageToVideo({
				resolution: '720p',
				duration: 5,
				options: {
					audioUrl: 'https://audio.example.com/voice.mp3',
					negativePrompt: 'blur',
					enhancePrompt: false,
					seed: 9,
					watermark: true,
				},
			}),
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body).toEqual({
			model: I2V,
			prompt: PROMPT,
			image_url: IMAGE,
			resolution: '720p',
			duration: 5,
			audio_url: 'https://audio.example.com/voice.mp3',
			negative_prompt: 'blur',
			enhance_prompt: false,
			enable_prompt_expansion: false,
			seed: 9,
			watermark: true,
		});
		scope.done();
	});

	it('sends a binary first frame as a base64 data URL, as its spec allows', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: imageToVideo({ imageSource: 'binary', imageUrl: undefined }),
			inputItems: [
				{
					json: {},
					binary: { data: { data: firstFramePng, mimeType: 'image/png', fileName: 'f.png' } },
				},
			],
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body.image_url).toBe(
			`data:image/png;base64,${firstFramePng.toString('base64')}`,
		);
		scope.done();
	});

	it('refuses a negative prompt over the 500 characters of its spec', async () => {
		const { submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: imageToVideo({ options: { negativePrompt: 'x'.repeat(501) } }),
		});

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(
			'"Negative Prompt" can be at most 500 characters long; shorten it',
		);
		expect(submissions).toEqual([]);
	});
});

describe('Wan 2.7 Reference to Video', () => {
	const referenceToVideo = (parameters: Record<string, unknown> = {}) => ({
		operation: 'referenceToVideo',
		model: R2V,
		prompt: 'The first reference video dances in the second image',
		waitForCompletion: false,
		...parameters,
	});

	it('sends the defaults with one reference video', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: referenceToVideo({ referenceVideos: rows('videos', CLIPS.slice(0, 1)) }),
		});

		expect(result.error).toBeUndefined();
		expect(JSON.stringify(submissions[0].body)).toBe(
			JSON.stringify({
				model: R2V,
				prompt: 'The first reference video dances in the second image',
				video_urls: CLIPS.slice(0, 1),
				aspect_ratio: '16:9',
				resolution: '1080p',
				duration: 10,
			}),
		);
		scope.done();
	});

	it('sends reference images, videos, a first frame and every option', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: referenceToVideo({
				referenceImages: rows('images', IMAGES),
				referenceVideos: rows('videos', ['={{ $json.clips }}']),
				aspectRatio: '1:1',
				resolution: '720p',
				duration: 5,
				options: {
					firstFrameImageUrl: IMAGE,
					negativePrompt: 'text',
					enhancePrompt: false,
					seed: 1,
					watermark: true,
				},
			}),
			inputItems: [{ json: { clips: CLIPS } }],
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body).toEqual({
			model: R2V,
			prompt: 'The first reference video dances in the second image',
			image_urls: IMAGES,
			video_urls: CLIPS,
			first_frame_image: IMAGE,
			aspect_ratio: '1:1',
			resolution: '720p',
			duration: 5,
			negative_prompt: 'text',
			enhance_prompt: false,
			seed: 1,
			watermark: true,
		});
		scope.done();
	});

	it.each([
		[
			'no reference at all',
			referenceToVideo({ options: { firstFrameImageUrl: IMAGE } }),
			'"Reference Images" is empty, and so is "Reference Videos": add at least one URL to one of them',
		],
		[
			'six reference videos',
			referenceToVideo({
				referenceVideos: rows(
					'videos',
					Array.from({ length: 6 }, (_, index) => `https://clips.example.com/${index}.mp4`),
				),
			}),
			'"Reference Videos" takes at most 5 URLs',
		],
		[
			'a reference image given as a base64 data URL, which its spec does not take',
			referenceToVideo({
				referenceImages: rows('images', [
					`data:image/png;base64,${firstFramePng.toString('base64')}`,
				]),
			}),
			'"Reference Images" every entry must be a public http(s) URL',
		],
		[
			'a first frame given as a list',
			referenceToVideo({
				referenceVideos: rows('videos', CLIPS),
				options: { firstFrameImageUrl: '={{ $json.frames }}' },
			}),
			'"First Frame Image URL" takes one URL, but got a list of 2; pick one entry, e.g. {{ $json.urls[0] }}',
		],
	])('refuses %s before any request', async (_case, parameters, message) => {
		const { submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters,
			inputItems: [{ json: { frames: IMAGES } }],
		});

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(message);
		expect(submissions).toEqual([]);
	});
});
