// Generate and Get Generation in a real n8n: the packed package installed the way n8n's
// community-package installer does, one `n8n execute` of workflows/generate.json (its
// branches run one after the other), the simulator in place of the AIML API.
import { beforeAll, describe, expect, it } from 'vitest';

import { readBinaryData } from '../../dev/n8nRuntime.mjs';
import { fileAccessEnv } from '../../dev/examples.mjs';
import {
	e2eContext,
	explain,
	FIXTURES_DIR,
	importAndExecute,
	lastSubmit,
	loadWorkflow,
	openHome,
	readFixture,
	simState,
} from './support.mjs';

describe('generate workflow in n8n', () => {
	let home;
	let result;
	let state;
	let sampleMp4;

	const output = (node, options) => {
		const items = result.output(node, options);
		if (!items) throw new Error(`node "${node}" did not run. ${explain(result)}`);
		return items;
	};
	const expectSampleVideo = async (binary) => {
		expect(binary, 'binary video').toBeDefined();
		expect(binary.mimeType).toBe('video/mp4');
		expect(binary.fileName).toMatch(/\.mp4$/);
		expect(binary.fileName).not.toMatch(/[/:]/);
		const bytes = await readBinaryData(home, binary);
		expect(bytes.length).toBe(sampleMp4.length);
		expect(bytes.equals(sampleMp4), 'stored video equals dev/fixtures/sample.mp4').toBe(true);
	};
	const jobOf = (item) => state.jobs[item.json.generationId];
	const polledId = (request) => new URLSearchParams(request.query).get('generation_id');

	beforeAll(async () => {
		home = await openHome();
		sampleMp4 = await readFixture('sample.mp4');
		const workflow = await loadWorkflow('generate.json');
		// "Read First Frame" reads the fixture: n8n 2.x lets file nodes read allowed folders only.
		const env = await fileAccessEnv([FIXTURES_DIR]);
		result = await importAndExecute(home, workflow, { env });
		state = await simState();
	});

	it('runs every branch to the end', () => {
		expect(result.ok, explain(result)).toBe(true);
		expect(result.status).toBe('success');
	});

	it('text to video: waits, then outputs the video as binary "data" and the generation as JSON', async () => {
		const items = output('Text to Video');
		expect(items).toHaveLength(1);
		const [item] = items;
		expect(item.json).toMatchObject({
			status: 'completed',
			model: 'alibaba/wan-2-6-t2v',
			creditsUsed: 1_050_000,
			error: null,
		});
		expect(item.json.generationId).toMatch(/^[0-9a-f-]{36}:alibaba\/wan-2-6-t2v$/);
		expect(item.json.videoUrl).toContain(`${e2eContext().simUrl}/files/`);
		expect(item.json.waitedSeconds).toBeGreaterThanOrEqual(1);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(Object.keys(item.binary)).toEqual(['data']);
		await expectSampleVideo(item.binary.data);
	});

	it('text to video: sends the main fields and the options as the API names them', () => {
		const submit = lastSubmit(state, 'e2e single text to video');
		expect(submit?.statusCode).toBe(200);
		expect(submit.body).toEqual({
			model: 'alibaba/wan-2-6-t2v',
			prompt: 'e2e single text to video',
			aspect_ratio: '9:16',
			resolution: '720p',
			duration: 5,
			negative_prompt: 'blurry, watermark',
			seed: 42,
			generate_audio: false,
			shot_type: 'multi',
			enhance_prompt: true,
		});
	});

	it('downloads the video without sending the API key to the video host', () => {
		const [item] = output('Text to Video');
		const downloads = state.downloads.filter((d) => d.id === item.json.generationId);
		expect(downloads.length).toBeGreaterThanOrEqual(1);
		for (const download of downloads) expect(download.authorization).toBeNull();
		const apiCalls = state.requests.filter(
			(request) => request.route === 'poll' && polledId(request) === item.json.generationId,
		);
		expect(apiCalls.length).toBeGreaterThanOrEqual(1);
		for (const call of apiCalls) expect(call.headers.authorization).toBe('Bearer sim-key');
	});

	it('image to video: sends the PNG read by an upstream node as a data URL and stores the video in the chosen field', async () => {
		const png = await readFixture('first-frame.png');
		const submit = lastSubmit(state, 'e2e first frame comes alive');
		expect(submit?.statusCode).toBe(200);
		expect(submit.model).toBe('alibaba/wan-2-6-image-to-video-flash');
		expect(submit.body.image_url).toBe(`data:image/png;base64,${png.toString('base64')}`);
		expect(submit.body).toMatchObject({ duration: 5 });

		const [readItem] = output('Read First Frame');
		expect(readItem.binary.data.mimeType).toBe('image/png');
		const items = output('Image to Video');
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			status: 'completed',
			model: 'alibaba/wan-2-6-image-to-video-flash',
		});
		// Binary Property option: the video lands in "video"; the input image is not passed on.
		expect(Object.keys(items[0].binary)).toEqual(['video']);
		await expectSampleVideo(items[0].binary.video);
	});

	it('reference to video: sends the three clip URLs in order; with Download Video off outputs only the URL', () => {
		const submit = lastSubmit(state, 'e2e character1 meets character2 and character3 in a cafe');
		expect(submit?.statusCode).toBe(200);
		expect(submit.body).toEqual({
			model: 'alibaba/wan-2-6-r2v',
			prompt: 'e2e character1 meets character2 and character3 in a cafe',
			video_urls: [
				'https://cdn.example.com/characters/one.mp4',
				'https://cdn.example.com/characters/two.mp4',
				'https://cdn.example.com/characters/three.mp4',
			],
			aspect_ratio: '1:1',
			resolution: '1080p',
			duration: 10,
		});
		const items = output('Reference to Video');
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			status: 'completed',
			model: 'alibaba/wan-2-6-r2v',
			creditsUsed: 3_150_000,
			generationId: submit.id,
		});
		expect(items[0].json.videoUrl).toContain('/files/');
		expect(items[0].binary).toBeUndefined();
		expect(state.downloads.filter((d) => d.id === submit.id)).toHaveLength(0);
	});

	it('several items: one output per input, paired to it, in input order', async () => {
		const rows = output('Batch Rows');
		const items = output('Batch Text to Video');
		expect(rows).toHaveLength(3);
		expect(items).toHaveLength(3);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const [index, item] of items.entries()) {
			expect(item.json.status).toBe('completed');
			expect(jobOf(item)?.prompt, `output ${index} belongs to row ${index}`).toBe(
				rows[index].json.prompt,
			);
			await expectSampleVideo(item.binary.data);
		}
		expect(new Set(items.map((item) => item.json.generationId)).size).toBe(3);
	});

	it('several items: all are submitted before the first status check, then waited for together', () => {
		const items = output('Batch Text to Video');
		const ids = items.map((item) => item.json.generationId);
		const submits = state.submits.filter((submit) => ids.includes(submit.id));
		expect(submits).toHaveLength(3);
		const polls = state.requests.filter(
			(request) => request.route === 'poll' && ids.includes(polledId(request)),
		);
		expect(polls.length).toBeGreaterThanOrEqual(3);
		const lastSubmitAt = Math.max(...submits.map((submit) => submit.at));
		const firstPollAt = Math.min(...polls.map((poll) => poll.at));
		expect(lastSubmitAt).toBeLessThan(firstPollAt);
		// Row 0 takes 4 s: it is checked again while the others are done, and still comes out first.
		expect(jobOf(items[0]).statusChecks).toBeGreaterThanOrEqual(2);
	});

	it('several items: a 429 on a status check and an expired video link are handled without failing', () => {
		const items = output('Batch Text to Video');
		const rateLimited = jobOf(items[1]);
		expect(rateLimited.scenario.status429).toBe(1);
		expect(rateLimited.statusChecks).toBeGreaterThanOrEqual(2);
		const expired = jobOf(items[2]);
		expect(expired.scenario.expired).toBe(true);
		const downloads = state.downloads.filter((d) => d.id === expired.id);
		expect(downloads.map((d) => d.statusCode)).toEqual([403, 200]);
		expect(items[2].json.videoUrl).not.toBe(undefined);
	});

	it('submit without waiting, then Get Generation waits in a second node and downloads', async () => {
		const [submitted] = output('Submit Only');
		expect(submitted.json).toMatchObject({
			status: 'queued',
			model: 'alibaba/wan-2-6-t2v',
			videoUrl: null,
			error: null,
		});
		expect(submitted.binary).toBeUndefined();
		expect(submitted.json.waitedSeconds).toBeUndefined();

		const items = output('Get Generation');
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			generationId: submitted.json.generationId,
			status: 'completed',
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
		await expectSampleVideo(items[0].binary.data);
		expect(state.submits.filter((s) => s.id === submitted.json.generationId)).toHaveLength(1);
	});

	it('continue on fail: the failed generation becomes an error item next to the good one', async () => {
		const items = output('Continue On Fail');
		expect(items).toHaveLength(2);
		const [good, bad] = items;
		expect(good.pairedItem).toEqual({ item: 0 });
		expect(good.json.status).toBe('completed');
		await expectSampleVideo(good.binary.data);

		expect(bad.pairedItem).toEqual({ item: 1 });
		expect(bad.binary).toBeUndefined();
		expect(bad.json.status).toBe('error');
		expect(bad.json.generationId).toMatch(/:alibaba\/wan-2-6-t2v$/);
		expect(bad.json.error).toMatch(
			/^Generation \S+ failed: ContentModerationError: The request was rejected by content moderation/,
		);
		expect(bad.json.errorDescription).toContain('does not bill failed generations');
	});

	it('route by status: Completed, Still Running and Failed outputs, each item paired to its input', async () => {
		const [completed, running, failed] = [0, 1, 2].map((outputIndex) =>
			output('Route by Status', { outputIndex }),
		);
		expect(completed).toHaveLength(1);
		expect(running).toHaveLength(1);
		expect(failed).toHaveLength(1);

		expect(completed[0].pairedItem).toEqual({ item: 0 });
		expect(completed[0].json.status).toBe('completed');
		await expectSampleVideo(completed[0].binary.data);

		expect(failed[0].pairedItem).toEqual({ item: 1 });
		expect(failed[0].json.status).toBe('error');
		expect(failed[0].json.error).toMatchObject({ name: 'ContentModerationError' });
		expect(failed[0].binary).toBeUndefined();

		expect(running[0].pairedItem).toEqual({ item: 2 });
		expect(['queued', 'generating']).toContain(running[0].json.status);
		expect(running[0].binary).toBeUndefined();
	});
});
