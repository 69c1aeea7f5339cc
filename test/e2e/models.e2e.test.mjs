// The newer Wan models in a real n8n: one `n8n execute` of workflows/models.json (its
// branches run one after the other), the simulator validating each body against its model.
import { beforeAll, describe, expect, it } from 'vitest';

import { readBinaryData } from '../../dev/n8nRuntime.mjs';
import { fileAccessEnv } from '../../dev/examples.mjs';
import {
	explain,
	FIXTURES_DIR,
	importAndExecute,
	lastSubmit,
	loadWorkflow,
	openHome,
	readFixture,
	simState,
} from './support.mjs';

describe('Wan 2.7 and 3.0 in n8n', () => {
	let home;
	let result;
	let state;
	let sampleMp4;

	const output = (node) => {
		const items = result.output(node);
		if (!items) throw new Error(`node "${node}" did not run. ${explain(result)}`);
		return items;
	};
	/** The node's one item: completed, with the sample video in binary "data". */
	const expectVideo = async (node, model) => {
		const items = output(node);
		expect(items).toHaveLength(1);
		const [item] = items;
		expect(item.json).toMatchObject({ status: 'completed', model, error: null });
		expect(item.json.creditsUsed).toBeGreaterThan(0);
		// 2.7 and 3.0 report the cost in USD too.
		expect(item.json.usdSpent).toBe(item.json.creditsUsed / 2_000_000);
		expect(Object.keys(item.binary)).toEqual(['data']);
		expect(item.binary.data.mimeType).toBe('video/mp4');
		const bytes = await readBinaryData(home, item.binary.data);
		expect(bytes.equals(sampleMp4), 'stored video equals dev/fixtures/sample.mp4').toBe(true);
		return item;
	};
	const submitOf = (prompt) => {
		const submit = lastSubmit(state, prompt);
		expect(submit?.statusCode, `submit of "${prompt}"`).toBe(200);
		return submit;
	};

	beforeAll(async () => {
		home = await openHome();
		sampleMp4 = await readFixture('sample.mp4');
		const workflow = await loadWorkflow('models.json');
		const env = await fileAccessEnv([FIXTURES_DIR]);
		result = await importAndExecute(home, workflow, { env });
		state = await simState();
	});

	it('runs every branch to the end', () => {
		expect(result.ok, explain(result)).toBe(true);
		expect(result.status).toBe('success');
	});

	it('Wan 2.7 image to video: sends the binary image read upstream as a data URL and ends with its video', async () => {
		const png = await readFixture('first-frame.png');
		const prompt = 'e2e wan 2.7 the first frame comes alive';
		expect(submitOf(prompt).body).toEqual({
			model: 'alibaba/wan-2-7-i2v',
			prompt,
			image_url: `data:image/png;base64,${png.toString('base64')}`,
			resolution: '720p',
			duration: 5,
			watermark: true,
		});
		await expectVideo('Wan 2.7 Image to Video', 'alibaba/wan-2-7-i2v');
	});

	it('Wan 3.0 first and last frame: sends both image URLs and ends with its video', async () => {
		const prompt = 'e2e wan 3.0 from the first frame to the last';
		expect(submitOf(prompt).body).toEqual({
			model: 'alibaba/wan-3-0-video',
			prompt,
			image_url: 'https://images.example.com/first.jpg',
			last_image_url: 'https://images.example.com/last.jpg',
			aspect_ratio: 'adaptive',
			resolution: '480p',
			duration: 8,
		});
		await expectVideo('Wan 3.0 First and Last Frame', 'alibaba/wan-3-0-video');
	});

	it('Wan 3.0 reference to video: sends the images, the video and the audio clip and ends with its video', async () => {
		const prompt =
			'e2e wan 3.0 the person of the first image dances like the reference video, to the reference audio';
		expect(submitOf(prompt).body).toEqual({
			model: 'alibaba/wan-3-0-video',
			prompt,
			reference_image_urls: [
				'https://images.example.com/person.png',
				'https://images.example.com/stage.png',
			],
			video_urls: ['https://clips.example.com/dance.mp4'],
			audio_urls: ['https://audio.example.com/beat.mp3'],
			aspect_ratio: '9:16',
			resolution: '720p',
			duration: 10,
			generate_audio: false,
		});
		await expectVideo('Wan 3.0 Reference to Video', 'alibaba/wan-3-0-video');
	});
});
