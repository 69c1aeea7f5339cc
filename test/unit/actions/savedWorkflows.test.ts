import { describe, expect, it } from 'vitest';

import { firstFramePng } from '../../../dev/harness/fixtureFiles.mjs';
import {
	BASE_URL,
	GENERATIONS_PATH,
	queued,
	runWanVideo,
	useOfflineApi,
} from '../../../dev/harness/wanVideo';
import nock from 'nock';

/** Records each submission's body exactly as it went over the wire. */
function recordRawSubmissions() {
	const bodies: string[] = [];
	nock(BASE_URL)
		.post(GENERATIONS_PATH, (body) => {
			bodies.push(typeof body === 'string' ? body : JSON.stringify(body));
			return true;
		})
		.reply(200, queued('gen-saved'));
	return bodies;
}

const PNG_DATA_URL = `data:image/png;base64,${firstFramePng.toString('base64')}`;

// Parameters as n8n stored them with version 0.1.0: only what differs from a default, and no
// model for text and reference to video, which had no Model picker then. The bodies are the ones
// version 0.1.0 sent; the fourth entry names the binary property holding the item's image.
const SAVED_WITH_0_1_0: Array<[string, Record<string, unknown>, string, string?]> = [
	[
		'text to video, all defaults',
		{ operation: 'textToVideo', prompt: 'A fox in fresh snow', waitForCompletion: false },
		'{"model":"alibaba/wan-2-6-t2v","prompt":"A fox in fresh snow","aspect_ratio":"16:9","resolution":"1080p","duration":10}',
	],
	[
		'text to video, every option',
		{
			operation: 'textToVideo',
			prompt: 'A fox in fresh snow',
			aspectRatio: '9:16',
			resolution: '720p',
			duration: 15,
			waitForCompletion: false,
			options: {
				seed: 7,
				shotType: 'multi',
				negativePrompt: 'blur',
				generateAudio: false,
				audioUrl: 'https://audio.example.com/a.mp3',
				enhancePrompt: true,
			},
		},
		'{"model":"alibaba/wan-2-6-t2v","prompt":"A fox in fresh snow","aspect_ratio":"9:16","resolution":"720p","duration":15,"audio_url":"https://audio.example.com/a.mp3","generate_audio":false,"negative_prompt":"blur","shot_type":"multi","enhance_prompt":true,"seed":7}',
	],
	[
		'image to video from a URL, no model stored',
		{
			operation: 'imageToVideo',
			prompt: 'The camera pushes in',
			imageUrl: 'https://images.example.com/a.jpg',
			waitForCompletion: false,
		},
		'{"model":"alibaba/wan-2-6-i2v","prompt":"The camera pushes in","image_url":"https://images.example.com/a.jpg","resolution":"1080p","duration":10}',
	],
	[
		'image to video Flash from a binary file',
		{
			operation: 'imageToVideo',
			model: 'alibaba/wan-2-6-image-to-video-flash',
			prompt: 'The camera pushes in',
			imageSource: 'binary',
			duration: 5,
			waitForCompletion: false,
		},
		`{"model":"alibaba/wan-2-6-image-to-video-flash","prompt":"The camera pushes in","image_url":"${PNG_DATA_URL}","resolution":"720p","duration":5}`,
		'data',
	],
	[
		'image to video from a binary file in its own property, every option, no model stored',
		{
			operation: 'imageToVideo',
			prompt: 'The camera pushes in',
			imageSource: 'binary',
			imageBinaryPropertyName: 'photo',
			resolution: '720p',
			duration: 15,
			waitForCompletion: false,
			options: {
				seed: 11,
				shotType: 'multi',
				negativePrompt: 'text',
				generateAudio: false,
				audioUrl: 'https://audio.example.com/b.mp3',
				enhancePrompt: true,
			},
		},
		`{"model":"alibaba/wan-2-6-i2v","prompt":"The camera pushes in","image_url":"${PNG_DATA_URL}","resolution":"720p","duration":15,"audio_url":"https://audio.example.com/b.mp3","generate_audio":false,"negative_prompt":"text","shot_type":"multi","enhance_prompt":true,"seed":11}`,
		'photo',
	],
	[
		'reference to video',
		{
			operation: 'referenceToVideo',
			prompt: 'character1 waves',
			referenceVideos: { videos: [{ url: 'https://clips.example.com/alice.mp4' }] },
			waitForCompletion: false,
			options: { enhancePrompt: false },
		},
		'{"model":"alibaba/wan-2-6-r2v","prompt":"character1 waves","video_urls":["https://clips.example.com/alice.mp4"],"aspect_ratio":"16:9","resolution":"1080p","duration":10,"enhance_prompt":false}',
	],
	[
		'reference to video, two clips and every option',
		{
			operation: 'referenceToVideo',
			prompt: 'character1 hands character2 a coffee',
			referenceVideos: {
				videos: [
					{ url: 'https://clips.example.com/alice.mp4' },
					{ url: 'https://clips.example.com/bob.mp4' },
				],
			},
			aspectRatio: '1:1',
			resolution: '720p',
			duration: 5,
			waitForCompletion: false,
			options: { seed: 3, shotType: 'multi', negativePrompt: 'blur', enhancePrompt: true },
		},
		'{"model":"alibaba/wan-2-6-r2v","prompt":"character1 hands character2 a coffee","video_urls":["https://clips.example.com/alice.mp4","https://clips.example.com/bob.mp4"],"aspect_ratio":"1:1","resolution":"720p","duration":5,"negative_prompt":"blur","shot_type":"multi","enhance_prompt":true,"seed":3}',
	],
];

useOfflineApi();

describe('a workflow saved with version 0.1.0', () => {
	it.each(SAVED_WITH_0_1_0)(
		'%s still sends the Wan 2.6 body byte for byte',
		async (_case, parameters, body, imageProperty) => {
			const bodies = recordRawSubmissions();

			const result = await runWanVideo({
				parameters,
				inputItems: imageProperty
					? [
							{
								json: {},
								binary: {
									[imageProperty]: {
										data: firstFramePng,
										mimeType: 'image/png',
										fileName: 'a.png',
									},
								},
							},
						]
					: undefined,
			});

			expect(result.error).toBeUndefined();
			expect(bodies).toEqual([body]);
		},
	);
});
