import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { firstFramePng } from '../../../dev/harness/fixtureFiles.mjs';
import { mockSubmit, runWanVideo, useOfflineApi } from '../../../dev/harness/wanVideo';
import { WanVideo } from '../../../nodes/WanVideo/WanVideo.node';

const TEN_MB = 10 * 1024 * 1024;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n');
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'binary');

function imageToVideo(parameters: Record<string, unknown> = {}) {
	return {
		operation: 'imageToVideo',
		prompt: 'The camera slowly pushes in',
		imageUrl: 'https://images.example.com/first.jpg',
		waitForCompletion: false,
		...parameters,
	};
}

function dataUrl(bytes: Buffer, type: string) {
	return `data:${type};base64,${bytes.toString('base64')}`;
}

function binaryItem(data: Buffer, mimeType: string, fileName: string) {
	return { json: {}, binary: { data: { data, mimeType, fileName } } };
}

async function refused(parameters: Record<string, unknown>, inputItems?: unknown[]) {
	const { scope, submissions } = mockSubmit();
	const result = await runWanVideo({
		parameters,
		inputItems: inputItems as Parameters<typeof runWanVideo>[0]['inputItems'],
	});
	expect(result.error).toBeInstanceOf(NodeOperationError);
	expect(submissions).toEqual([]);
	expect(scope.isDone()).toBe(false);
	return result.error!;
}

useOfflineApi();

describe('a data: URL typed into an image URL field gets the checks of a file', () => {
	it('sends a PNG data URL as typed', async () => {
		const { scope, submissions } = mockSubmit();

		const image = dataUrl(firstFramePng, 'image/png');
		const result = await runWanVideo({ parameters: imageToVideo({ imageUrl: image }) });

		expect(result.error).toBeUndefined();
		expect(submissions[0].body.image_url).toBe(image);
		scope.done();
	});

	it('refuses a data URL of more than 10 MB', async () => {
		const big = Buffer.alloc(TEN_MB + 3, 1);
		big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		const error = await refused(imageToVideo({ imageUrl: dataUrl(big, 'image/png') }));
		expect(error.message).toContain('"First Frame Image" is a data URL of more than 10.0 MB');
	});

	it('refuses a PDF labelled as a PNG in a data URL', async () => {
		const error = await refused(imageToVideo({ imageUrl: dataUrl(PDF, 'image/png') }));
		expect(error.message).toBe(
			'"First Frame Image" is a data URL whose content is not a JPEG, PNG, BMP or WebP image; use one of those',
		);
	});

	it('refuses a GIF data URL', async () => {
		const error = await refused(imageToVideo({ imageUrl: dataUrl(GIF, 'image/gif') }));
		expect(error.message).toContain('not a JPEG, PNG, BMP or WebP image');
	});
});

describe('a binary image is checked by its first bytes, not only its label', () => {
	it.each([
		['a PDF named .png', binaryItem(PDF, 'image/png', 'brief.png')],
		['a GIF labelled image/webp', binaryItem(GIF, 'image/webp', 'loop.webp')],
		[
			'text with a .jpg name and a generic type',
			binaryItem(Buffer.from('hello'), 'application/octet-stream', 'a.jpg'),
		],
	])('refuses %s before any request', async (_case, item) => {
		const error = await refused(imageToVideo({ imageSource: 'binary', imageUrl: undefined }), [
			item,
		]);
		expect(error.message).toMatch(
			/^First Frame Image: ".+" is labelled image\/\w+ but its content is not a JPEG, PNG, BMP or WebP image$/,
		);
		expect(error.description).toContain('Use a JPEG, PNG, BMP or WebP image');
	});

	it('sends a JPEG labelled image/png with the type its bytes show', async () => {
		const { scope, submissions } = mockSubmit();
		const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);

		const result = await runWanVideo({
			parameters: imageToVideo({ imageSource: 'binary', imageUrl: undefined }),
			inputItems: [binaryItem(jpeg, 'image/png', 'photo.png')],
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body.image_url).toBe(dataUrl(jpeg, 'image/jpeg'));
		scope.done();
	});
});

describe('URLs are checked in linear time, with a length limit', () => {
	it('refuses a URL of 200,000 characters with a space at once, by its length', async () => {
		const url = `https://images.example.com/${'a'.repeat(200_000)} b.jpg`;
		const error = await refused(imageToVideo({ imageUrl: url }));
		expect(error.message).toBe(
			`"First Frame Image" is ${url.length} characters long; a URL may have at most 8192. Use a shorter link to the file`,
		);
	});

	it('refuses a long audio URL in the options the same way', async () => {
		const url = `https://audio.example.com/${'a'.repeat(200_000)} b.mp3`;
		const error = await refused(imageToVideo({ options: { audioUrl: url } }));
		expect(error.message).toContain(`"Audio URL" is ${url.length} characters long`);
	});

	it('refuses a URL with a space in it', async () => {
		const error = await refused(
			imageToVideo({ imageUrl: 'https://images.example.com/my photo.jpg' }),
		);
		expect(error.message).toContain('"First Frame Image" must be a public http(s) URL');
	});
});

describe('a list in a one-URL field', () => {
	it('refuses an image URL expression that returns a list, saying how to pick one', async () => {
		const error = await refused(imageToVideo({ imageUrl: '={{ $json.images }}' }), [
			{ json: { images: ['https://a.example.com/1.jpg', 'https://a.example.com/2.jpg'] } },
		]);
		expect(error.message).toBe(
			'"First Frame Image" takes one URL, but got a list of 2; pick one entry, e.g. {{ $json.urls[0] }}',
		);
	});

	it('refuses an audio URL expression that returns a list instead of sending "a,b"', async () => {
		const error = await refused(
			{
				operation: 'textToVideo',
				prompt: 'x',
				waitForCompletion: false,
				options: { audioUrl: '={{ $json.audio }}' },
			},
			[{ json: { audio: ['https://a.example.com/1.mp3', 'https://a.example.com/2.mp3'] } }],
		);
		expect(error.message).toBe(
			'"Audio URL" takes one URL, but got a list of 2; pick one entry, e.g. {{ $json.urls[0] }}',
		);
	});
});

/** The node with `helpers.getBinaryDataBuffer` watched: each read is logged next to the submissions. */
function wanVideoLoggingReads(log: string[]) {
	const node = new WanVideo();
	const execute = node.execute;
	node.execute = async function (this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const helpers = this.helpers;
		const read = helpers.getBinaryDataBuffer;
		helpers.getBinaryDataBuffer = async (...args: Parameters<typeof read>) => {
			log.push(`read item ${String(args[0])}`);
			return await read.apply(helpers, args);
		};
		return await execute.call(this);
	};
	return node;
}

describe('binary images in memory', () => {
	it('reads each image when its submission starts, not every image before the first one', async () => {
		const log: string[] = [];
		const { scope } = mockSubmit((_body, index) => {
			log.push(`submitted ${index}`);
			return [200, { id: `gen-${index}`, status: 'queued' }];
		}, 3);

		const result = await runWanVideo({
			nodeType: wanVideoLoggingReads(log),
			parameters: imageToVideo({
				imageSource: 'binary',
				imageUrl: undefined,
				options: { submitConcurrency: 1 },
			}),
			inputItems: [0, 1, 2].map(() => binaryItem(firstFramePng, 'image/png', 'f.png')),
		});

		expect(result.error).toBeUndefined();
		expect(log).toEqual([
			'read item 0',
			'submitted 0',
			'read item 1',
			'submitted 1',
			'read item 2',
			'submitted 2',
		]);
		scope.done();
	});

	it('refuses an image over 10 MB from its size n8n recorded, without reading the file', async () => {
		const log: string[] = [];
		const { submissions } = mockSubmit();
		const huge = Buffer.alloc(TEN_MB + 1);
		huge.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

		const result = await runWanVideo({
			nodeType: wanVideoLoggingReads(log),
			parameters: imageToVideo({ imageSource: 'binary', imageUrl: undefined }),
			inputItems: [binaryItem(huge, 'image/png', 'huge.png')],
		});

		expect(result.error?.message).toBe(
			'First Frame Image: the image is 10.1 MB; the limit is 10.0 MB',
		);
		expect(log).toEqual([]);
		expect(submissions).toEqual([]);
	});
});
