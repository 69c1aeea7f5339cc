import { NodeOperationError } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { firstFramePng } from '../../../dev/harness/fixtureFiles.mjs';
import {
	API_KEY,
	mockSubmit,
	queued,
	runWanVideo,
	useOfflineApi,
} from '../../../dev/harness/wanVideo';

const I2V = 'alibaba/wan-2-6-i2v';
const FLASH = 'alibaba/wan-2-6-image-to-video-flash';
const IMAGE_URL = 'https://images.example.com/first-frame.jpg';
const TEN_MB = 10 * 1024 * 1024;

function imageToVideo(parameters: Record<string, unknown> = {}) {
	return {
		operation: 'imageToVideo',
		prompt: 'The camera slowly pushes in',
		imageUrl: IMAGE_URL,
		waitForCompletion: false,
		...parameters,
	};
}

function fromBinary(parameters: Record<string, unknown> = {}) {
	return imageToVideo({ imageSource: 'binary', imageUrl: undefined, ...parameters });
}

function imageItem(data: Buffer, mimeType: string, fileName: string, property = 'data') {
	return { json: {}, binary: { [property]: { data, mimeType, fileName } } };
}

useOfflineApi();

describe('Image to Video: submitting', () => {
	it.each([
		['Wan 2.6 Image to Video (the default model), at 1080p', undefined, I2V, '1080p'],
		['Wan 2.6 Image to Video', I2V, I2V, '1080p'],
		['Wan 2.6 Image to Video Flash, at 720p', FLASH, FLASH, '720p'],
	])('sends the API defaults only for %s', async (_case, model, modelId, resolution) => {
		const { scope, submissions } = mockSubmit(() => [200, queued('gen-i2v', 1_575_000)]);

		const result = await runWanVideo({ parameters: imageToVideo(model ? { model } : {}) });

		expect(result.error).toBeUndefined();
		expect(submissions).toEqual([
			{
				body: {
					model: modelId,
					prompt: 'The camera slowly pushes in',
					image_url: IMAGE_URL,
					resolution,
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
						generationId: 'gen-i2v',
						status: 'queued',
						model: modelId,
						videoUrl: null,
						creditsUsed: 1_575_000,
						error: null,
					},
					pairedItem: { item: 0 },
				},
			],
		]);
		scope.done();
	});

	it.each([I2V, FLASH])('sends every field when every option is set (%s)', async (model) => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: imageToVideo({
				model,
				resolution: model === FLASH ? '1080p' : '720p',
				duration: 5,
				options: {
					audioUrl: 'https://cdn.example.com/voice-over.mp3',
					generateAudio: true,
					negativePrompt: 'text, watermark',
					shotType: 'single',
					enhancePrompt: false,
					seed: 7,
				},
			}),
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body).toEqual({
			model,
			prompt: 'The camera slowly pushes in',
			image_url: IMAGE_URL,
			resolution: model === FLASH ? '1080p' : '720p',
			duration: 5,
			audio_url: 'https://cdn.example.com/voice-over.mp3',
			generate_audio: true,
			negative_prompt: 'text, watermark',
			shot_type: 'single',
			enhance_prompt: false,
			seed: 7,
		});
		scope.done();
	});
});

describe('Image to Video: the first frame from a binary file', () => {
	it('sends the PNG of the incoming item as a base64 data URL', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: fromBinary(),
			inputItems: [imageItem(firstFramePng, 'image/png', 'first-frame.png')],
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body.image_url).toBe(
			`data:image/png;base64,${firstFramePng.toString('base64')}`,
		);
		expect(submissions[0].body).toEqual({
			model: I2V,
			prompt: 'The camera slowly pushes in',
			image_url: expect.any(String),
			resolution: '1080p',
			duration: 10,
		});
		scope.done();
	});

	it('reads the binary field named in "Input Binary Field", per item', async () => {
		const { scope, submissions } = mockSubmit(undefined, 2);
		const other = Buffer.from(firstFramePng);
		other[other.length - 1] ^= 0xff;

		const result = await runWanVideo({
			parameters: fromBinary({ imageBinaryPropertyName: 'frame' }),
			inputItems: [
				imageItem(firstFramePng, 'image/png', 'a.png', 'frame'),
				imageItem(other, 'image/png', 'b.png', 'frame'),
			],
		});

		expect(result.error).toBeUndefined();
		expect(submissions.map((submission) => submission.body.image_url).sort()).toEqual(
			[firstFramePng, other]
				.map((bytes) => `data:image/png;base64,${bytes.toString('base64')}`)
				.sort(),
		);
		scope.done();
	});

	it('takes the image type from the file name when the MIME type is generic', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: fromBinary(),
			inputItems: [imageItem(firstFramePng, 'application/octet-stream', 'frame.png')],
		});

		expect(result.error).toBeUndefined();
		expect(String(submissions[0].body.image_url)).toMatch(/^data:image\/png;base64,/);
		scope.done();
	});

	it('accepts an image of exactly 10 MB', async () => {
		const { scope, submissions } = mockSubmit();
		// A JPEG start: the node checks the file's first bytes, not only its label.
		const image = Buffer.alloc(TEN_MB, 1);
		image.set([0xff, 0xd8, 0xff, 0xe0]);

		const result = await runWanVideo({
			parameters: fromBinary(),
			inputItems: [imageItem(image, 'image/jpeg', 'large.jpg')],
		});

		expect(result.error).toBeUndefined();
		expect(String(submissions[0].body.image_url).startsWith('data:image/jpeg;base64,')).toBe(true);
		scope.done();
	});

	it.each([
		[
			'a PDF',
			imageItem(Buffer.from('%PDF-1.7 not an image'), 'application/pdf', 'brief.pdf'),
			'First Frame Image: "brief.pdf" is application/pdf, not an accepted image',
			'Use a JPEG, PNG, BMP or WebP image',
		],
		[
			'a GIF',
			imageItem(Buffer.from('GIF89a'), 'image/gif', 'loop.gif'),
			'First Frame Image: "loop.gif" is image/gif, not an accepted image',
			'Use a JPEG, PNG, BMP or WebP image',
		],
		[
			'an image over 10 MB',
			imageItem(Buffer.alloc(TEN_MB + 1), 'image/png', 'huge.png'),
			'First Frame Image: the image is 10.1 MB; the limit is 10.0 MB',
			'Resize or compress the image',
		],
		[
			'an item without the binary field',
			{ json: {} },
			'First Frame Image: the incoming item has no binary field "data"',
			'Set "Input Binary Field"',
		],
	])(
		'refuses %s before any request, naming the field and the fix',
		async (_case, item, message, fix) => {
			const { scope, submissions } = mockSubmit();

			const result = await runWanVideo({ parameters: fromBinary(), inputItems: [item] });

			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error?.message).toBe(message);
			expect(result.error?.description).toContain(fix);
			expect(result.error?.context?.itemIndex).toBe(0);
			expect(submissions).toEqual([]);
			expect(scope.isDone()).toBe(false);
		},
	);
});

describe('Image to Video: invalid input is refused before any request', () => {
	it.each([
		[
			'an image path instead of a URL',
			{ imageUrl: 'C:/pictures/cat.jpg' },
			'"First Frame Image" must be a public http(s) URL',
		],
		[
			'an empty image URL',
			{ imageUrl: '={{ "" }}' },
			'"First Frame Image" must be a public http(s) URL',
		],
		['a duration the API lacks', { duration: '={{ 7 }}' }, '"Duration" must be one of 5, 10, 15'],
		[
			'a resolution typo',
			{ resolution: '={{ "1080P" }}' },
			'"Resolution" must be one of 720p, 1080p',
		],
		[
			'multiple shots with Enhance Prompt off',
			{ options: { shotType: 'multi', enhancePrompt: false } },
			'"Shot Type" needs Enhance Prompt turned on',
		],
	])('refuses %s', async (_case, parameters, message) => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({ parameters: imageToVideo(parameters) });

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toContain(message);
		expect(result.error?.description).toContain('no credits were spent');
		expect(submissions).toEqual([]);
		expect(scope.isDone()).toBe(false);
	});

	it.each(['alibaba/wan-9-9-i2v', 'alibaba/wan-2-6-t2v'])(
		'refuses the model id "%s" stored in the workflow, listing the models to choose from',
		async (model) => {
			const { scope, submissions } = mockSubmit();

			const result = await runWanVideo({ parameters: imageToVideo({ model }) });

			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error?.message).toBe(`Model "${model}" is not available for this operation`);
			expect(result.error?.description).toContain(`${I2V}, ${FLASH}`);
			expect(submissions).toEqual([]);
			expect(scope.isDone()).toBe(false);
		},
	);
});
