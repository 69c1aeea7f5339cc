import { NodeOperationError } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { firstFramePng } from '../../../dev/harness/fixtureFiles.mjs';
import { mockSubmit, runWanVideo, useOfflineApi } from '../../../dev/harness/wanVideo';

const T2V = 'alibaba/wan2.5-t2v-preview';
const I2V = 'alibaba/wan2.5-i2v-preview';
const IMAGE = 'https://images.example.com/first.jpg';
const PROMPT = 'A paper plane glides over a city';

useOfflineApi();

describe('Wan 2.5 Preview', () => {
	it('text to video: sends the defaults only', async () => {
		const { scope, submissions } = mockSubmit();

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
		scope.done();
	});

	it('text to video: sends every field at 480p', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: {
				operation: 'textToVideo',
				model: T2V,
				prompt: PROMPT,
				aspectRatio: '1:1',
				resolution: '480p',
				duration: 5,
				waitForCompletion: false,
				options: { negativePrompt: 'rain', enhancePrompt: false, seed: 5 },
			},
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body).toEqual({
			model: T2V,
			prompt: PROMPT,
			aspect_ratio: '1:1',
			resolution: '480p',
			duration: 5,
			negative_prompt: 'rain',
			enhance_prompt: false,
			seed: 5,
		});
		scope.done();
	});

	it("image to video: sends no aspect ratio by default, so the video keeps the image's framing", async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: {
				operation: 'imageToVideo',
				model: I2V,
				prompt: PROMPT,
				imageUrl: IMAGE,
				waitForCompletion: false,
			},
		});

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

	it('image to video: sends every field when every option is set', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: {
				operation: 'imageToVideo',
				model: I2V,
				prompt: PROMPT,
				imageUrl: IMAGE,
				resolution: '720p',
				duration: 5,
				waitForCompletion: false,
				options: { aspectRatio: '9:16', negativePrompt: 'fog', enhancePrompt: true, seed: 8 },
			},
		});

		expect(result.error).toBeUndefined();
		expect(submissions[0].body).toEqual({
			model: I2V,
			prompt: PROMPT,
			image_url: IMAGE,
			resolution: '720p',
			duration: 5,
			aspect_ratio: '9:16',
			negative_prompt: 'fog',
			enhance_prompt: true,
			seed: 8,
		});
		scope.done();
	});

	it('image to video: sends a binary first frame as a base64 data URL, as its spec allows', async () => {
		const { scope, submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: {
				operation: 'imageToVideo',
				model: I2V,
				prompt: PROMPT,
				imageSource: 'binary',
				waitForCompletion: false,
			},
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

	it('refuses 15 seconds, which only newer models make', async () => {
		const { submissions } = mockSubmit();

		const result = await runWanVideo({
			parameters: {
				operation: 'textToVideo',
				model: T2V,
				prompt: PROMPT,
				duration: '={{ 15 }}',
				waitForCompletion: false,
			},
		});

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('"Duration" must be one of 5, 10');
		expect(submissions).toEqual([]);
	});
});
