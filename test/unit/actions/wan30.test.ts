import { NodeOperationError } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { firstFramePng } from '../../../dev/harness/fixtureFiles.mjs';
import { mockSubmit, queued, runWanVideo, useOfflineApi } from '../../../dev/harness/wanVideo';

const WAN_30 = 'alibaba/wan-3-0-video';
const FIRST = 'https://images.example.com/first.jpg';
const LAST = 'https://images.example.com/last.jpg';
const IMAGES = ['a', 'b', 'c'].map((name) => `https://images.example.com/${name}.png`);
const CLIP = 'https://clips.example.com/dance.mp4';
const VOICE = 'https://audio.example.com/voice.mp3';
const PNG_DATA_URL = `data:image/png;base64,${firstFramePng.toString('base64')}`;

function rows(group: string, urls: unknown[]) {
	return { [group]: urls.map((url) => ({ url })) };
}

const base = { model: WAN_30, waitForCompletion: false };

function textToVideo(parameters: Record<string, unknown> = {}) {
	return {
		...base,
		operation: 'textToVideo',
		prompt: 'A launch teaser for the new shoe',
		...parameters,
	};
}

function imageToVideo(parameters: Record<string, unknown> = {}) {
	return {
		...base,
		operation: 'imageToVideo',
		prompt: 'The shoe turns on its stand',
		imageUrl: FIRST,
		...parameters,
	};
}

function referenceToVideo(parameters: Record<string, unknown> = {}) {
	return {
		...base,
		operation: 'referenceToVideo',
		prompt: 'The person of the first image dances like the reference video',
		...parameters,
	};
}

const DEFAULTS = { aspect_ratio: 'adaptive', resolution: '1080p', duration: 5 };

useOfflineApi();

describe('Wan 3.0: the request of each operation', () => {
	it.each([
		['text to video', textToVideo(), { prompt: 'A launch teaser for the new shoe' }],
		[
			'image to video, first frame only',
			imageToVideo(),
			{ prompt: 'The shoe turns on its stand', image_url: FIRST },
		],
		[
			'reference to video, one image',
			referenceToVideo({ referenceImages: rows('images', IMAGES.slice(0, 1)) }),
			{
				prompt: 'The person of the first image dances like the reference video',
				reference_image_urls: IMAGES.slice(0, 1),
			},
		],
	])('sends the defaults only for %s', async (_case, parameters, fields) => {
		const { scope, submissions } = mockSubmit(() => [200, queued(`gen:${WAN_30}`, 120_000)]);

		const result = await runWanVideo({ parameters });

		expect(result.error).toBeUndefined();
		expect(JSON.stringify(submissions[0].body)).toBe(
			JSON.stringify({ model: WAN_30, prompt: fields.prompt, ...fields, ...DEFAULTS }),
		);
		expect(result.outputs[0][0].json).toMatchObject({
			generationId: `gen:${WAN_30}`,
			model: WAN_30,
		});
		scope.done();
	});

	const EVERY_OPTION = {
		aspectRatio: '9:16',
		resolution: '480p',
		duration: 30,
	};
	const OPTIONS = { generateAudio: false, seed: 42, watermark: true };
	const OPTION_FIELDS = { generate_audio: false, seed: 42, watermark: true };

	it('text to video: sends every field when every option is set, a web page as the brief', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: textToVideo({
				...EVERY_OPTION,
				options: { ...OPTIONS, webPageUrl: 'https://shop.example.com/shoe' },
			}),
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body).toEqual({
			model: WAN_30,
			prompt: 'A launch teaser for the new shoe',
			aspect_ratio: '9:16',
			resolution: '480p',
			duration: 30,
			link_url: 'https://shop.example.com/shoe',
			...OPTION_FIELDS,
		});
		scope.done();
	});

	it('text to video: takes a document as the brief', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: textToVideo({ options: { documentUrl: 'https://docs.example.com/brief.pdf' } }),
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body.file_url).toBe('https://docs.example.com/brief.pdf');
		expect(submissions[0].body).not.toHaveProperty('link_url');
		scope.done();
	});

	it('image to video: sends the first and the last frame and every option', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: imageToVideo({
				lastFrameImageUrl: LAST,
				...EVERY_OPTION,
				duration: 2,
				options: OPTIONS,
			}),
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body).toEqual({
			model: WAN_30,
			prompt: 'The shoe turns on its stand',
			image_url: FIRST,
			last_image_url: LAST,
			aspect_ratio: '9:16',
			resolution: '480p',
			duration: 2,
			...OPTION_FIELDS,
		});
		scope.done();
	});

	it('reference to video: sends images, videos and audio in their order, and every option', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: referenceToVideo({
				referenceImages: rows('images', IMAGES),
				referenceVideos: rows('videos', [CLIP]),
				referenceAudio: rows('clips', [VOICE]),
				...EVERY_OPTION,
				duration: 12,
				options: OPTIONS,
			}),
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body).toEqual({
			model: WAN_30,
			prompt: 'The person of the first image dances like the reference video',
			reference_image_urls: IMAGES,
			video_urls: [CLIP],
			audio_urls: [VOICE],
			aspect_ratio: '9:16',
			resolution: '480p',
			duration: 12,
			...OPTION_FIELDS,
		});
		scope.done();
	});

	it('reference to video: a row whose expression returns a list adds each URL, next to plain rows', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: referenceToVideo({
				referenceImages: rows('images', ['={{ $json.images }}', IMAGES[2]]),
			}),
			inputItems: [{ json: { images: IMAGES.slice(0, 2) } }],
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body.reference_image_urls).toEqual(IMAGES);
		scope.done();
	});
});

describe('Wan 3.0: rules between fields are checked before any request', () => {
	it.each([
		[
			'a document and a web page together',
			textToVideo({
				options: {
					documentUrl: 'https://docs.example.com/brief.pdf',
					webPageUrl: 'https://shop.example.com/shoe',
				},
			}),
			'"Document URL" and "Web Page URL" cannot be used together; keep one of them',
		],
		[
			'reference to video without any reference',
			referenceToVideo(),
			'"Reference Images" is empty, and so are "Reference Videos" and "Reference Audio": add at least one URL to one of them',
		],
		[
			'a last frame without a first frame',
			imageToVideo({ imageUrl: '={{ "" }}', lastFrameImageUrl: LAST }),
			'"First Frame Image URL" must be a public http(s) URL',
		],
		['a duration of 31 seconds', textToVideo({ duration: 31 }), '"Duration" must be 30 or less'],
		[
			'a duration of 1 second',
			textToVideo({ duration: '={{ 1 }}' }),
			'"Duration" must be 2 or more',
		],
		[
			'eleven reference images',
			referenceToVideo({
				referenceImages: rows(
					'images',
					Array.from({ length: 11 }, (_, index) => `https://images.example.com/${index}.png`),
				),
			}),
			'"Reference Images" takes at most 10 URLs',
		],
		[
			'a prompt over 20,000 characters',
			textToVideo({ prompt: `={{ "x".repeat(20001) }}` }),
			'"Prompt" can be at most 20000 characters long; shorten it',
		],
		[
			'a first frame given as a base64 data URL, which its spec does not take',
			imageToVideo({ imageUrl: PNG_DATA_URL }),
			'"First Frame Image URL" must be a public http(s) URL',
		],
		[
			'a last frame given as a base64 data URL',
			imageToVideo({ lastFrameImageUrl: PNG_DATA_URL }),
			'"Last Frame Image URL" must be a public http(s) URL',
		],
		[
			'a reference image given as a base64 data URL',
			referenceToVideo({ referenceImages: rows('images', [IMAGES[0], PNG_DATA_URL]) }),
			'"Reference Images" every entry must be a public http(s) URL',
		],
		[
			'an aspect ratio only older models take',
			textToVideo({ aspectRatio: '={{ "21:9" }}' }),
			'"Aspect Ratio" must be one of adaptive, 16:9, 4:3, 1:1, 3:4, 9:16',
		],
	])('refuses %s, naming the fields and the fix', async (_case, parameters, message) => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({ parameters });

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toContain('no credits were spent');
		expect(submissions).toEqual([]);
		expect(scope.isDone()).toBe(false);
	});
});
