// The workflows in examples/ as users import them, run in n8n against the simulator with
// the same adjustments the demo makes (local folders, short waits).
import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import {
	adaptExample,
	CREDENTIAL_TYPE,
	EXAMPLE_CREDENTIAL_NAME,
	EXAMPLE_FILES_DIR,
	EXAMPLES,
	fileAccessEnv,
	loadExample,
	NODE_TYPE,
} from '../../dev/examples.mjs';
import { explain, importAndExecute, openHome, readFixture, simState } from './support.mjs';

describe('example workflows', () => {
	let home;
	let env;
	let outputRoot;
	let inputDir;
	let sampleMp4;

	/** Runs an example with its own output folder; `change` edits the adapted workflow first. */
	const runExample = async (name, label, change = (workflow) => workflow) => {
		const outputDir = path.join(outputRoot, label);
		await fs.mkdir(outputDir, { recursive: true });
		const workflow = change(
			adaptExample(await loadExample(name), {
				outputDir: await fs.realpath(outputDir),
				inputDir,
				waitSeconds: 1,
				pollIntervalSeconds: 2,
				name: `E2E example: ${label}`,
			}),
		);
		const result = await importAndExecute(home, workflow, { env });
		return { result, outputDir, files: (await fs.readdir(outputDir)).sort() };
	};
	const expectSampleFile = async (file) => {
		const bytes = await fs.readFile(file);
		expect(bytes.equals(sampleMp4), `${file} equals dev/fixtures/sample.mp4`).toBe(true);
	};
	const runs = (result, node) => result.run?.data?.resultData?.runData?.[node]?.length ?? 0;

	beforeAll(async () => {
		home = await openHome();
		sampleMp4 = await readFixture('sample.mp4');
		outputRoot = path.join(home.root, 'example-output');
		inputDir = path.join(home.root, 'example-input');
		env = await fileAccessEnv([outputRoot, inputDir]);
		inputDir = await fs.realpath(inputDir);
		outputRoot = await fs.realpath(outputRoot);
		await fs.writeFile(
			path.join(inputDir, 'first-frame.png'),
			await readFixture('first-frame.png'),
		);
	});

	it('reference the credential by type and placeholder name, hold no key and no instance IDs', async () => {
		for (const name of Object.keys(EXAMPLES)) {
			const workflow = await loadExample(name);
			const text = JSON.stringify(workflow);
			expect(text).not.toMatch(/apiKey|sim-key|Bearer/i);
			expect(workflow.id, `${name} has no workflow id`).toBeUndefined();
			const wanNodes = workflow.nodes.filter((node) => node.type === NODE_TYPE);
			expect(wanNodes.length).toBeGreaterThan(0);
			for (const node of wanNodes) {
				expect(node.credentials).toEqual({
					[CREDENTIAL_TYPE]: { id: null, name: EXAMPLE_CREDENTIAL_NAME },
				});
			}
			for (const node of workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.readWriteFile')) {
				const paths = [node.parameters.fileName, node.parameters.fileSelector].filter(Boolean);
				for (const file of paths) expect(file).toContain(EXAMPLE_FILES_DIR);
			}
		}
	});

	it('spreadsheet rows to videos: one saved video per row, named from its row', async () => {
		const { result, files, outputDir } = await runExample('spreadsheet-rows-to-videos', 'rows');
		expect(result.ok, explain(result)).toBe(true);
		const generated = result.output('Generate Videos');
		expect(generated).toHaveLength(3);
		expect(generated.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		const rows = result.output('Sample Rows');
		const state = await simState();
		for (const [index, item] of generated.entries()) {
			expect(state.jobs[item.json.generationId].body).toMatchObject({
				prompt: rows[index].json.prompt,
				aspect_ratio: rows[index].json.aspect_ratio,
				duration: 5,
				resolution: '720p',
			});
		}
		expect(files).toEqual(['city-at-dusk.mp4', 'coffee-pour.mp4', 'fox-in-snow.mp4']);
		for (const file of files) await expectSampleFile(path.join(outputDir, file));
		// The Google Drive alternative ships disabled: n8n passes the items through it untouched.
		const example = await loadExample('spreadsheet-rows-to-videos');
		expect(example.nodes.find((node) => node.name === 'Upload to Google Drive').disabled).toBe(
			true,
		);
		expect(result.output('Upload to Google Drive')).toHaveLength(3);
	});

	it('submit, wait, get generation: loops through Wait while running, then saves the video', async () => {
		const { result, files, outputDir } = await runExample(
			'submit-wait-get-generation',
			'loop',
			(wf) => withPromptToken(wf, '[sim:latency=3500]'),
		);
		expect(result.ok, explain(result)).toBe(true);
		expect(runs(result, 'Get Generation')).toBeGreaterThanOrEqual(2);
		expect(runs(result, 'Wait')).toBe(runs(result, 'Get Generation'));
		expect(result.output('Get Generation', { runIndex: 0, outputIndex: 1 })).toHaveLength(1);
		expect(runs(result, 'Save to Disk')).toBe(1);
		expect(runs(result, 'Handle Failure')).toBe(0);
		const [saved] = result.output('Save to Disk');
		expect(saved.json.status).toBe('completed');
		expect(files).toEqual([saved.binary.data.fileName]);
		await expectSampleFile(path.join(outputDir, files[0]));
	});

	it('submit, wait, get generation: a failed generation goes to Handle Failure', async () => {
		const { result, files } = await runExample('submit-wait-get-generation', 'failed', (wf) =>
			withPromptToken(wf, '[sim:fail]'),
		);
		expect(result.ok, explain(result)).toBe(true);
		expect(runs(result, 'Save to Disk')).toBe(0);
		const [failed] = result.output('Handle Failure');
		expect(failed.json).toMatchObject({
			status: 'error',
			error: { name: 'ContentModerationError' },
		});
		expect(files).toEqual([]);
	});

	it('image to video from a file: animates the image read from disk and saves the video next to its name', async () => {
		const { result, files, outputDir } = await runExample('image-to-video-from-file', 'image');
		expect(result.ok, explain(result)).toBe(true);
		const [animated] = result.output('Animate Image');
		expect(animated.json.model).toBe('alibaba/wan-2-6-image-to-video-flash');
		const state = await simState();
		expect(state.jobs[animated.json.generationId].body.image_url).toMatch(
			/^data:image\/png;base64,/,
		);
		expect(files).toEqual(['first-frame.mp4']);
		await expectSampleFile(path.join(outputDir, files[0]));
	});

	it('first and last frames to Wan 3.0 videos: the two image URLs of each row become one saved video', async () => {
		const { result, files, outputDir } = await runExample(
			'first-and-last-frames-to-wan-3-videos',
			'frames',
		);
		expect(result.ok, explain(result)).toBe(true);
		const rows = result.output('Sample Rows');
		const generated = result.output('First and Last Frame to Video');
		expect(generated.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const state = await simState();
		for (const [index, item] of generated.entries()) {
			expect(item.json).toMatchObject({ status: 'completed', model: 'alibaba/wan-3-0-video' });
			expect(item.json.usdSpent).toBeGreaterThan(0);
			expect(state.jobs[item.json.generationId].body).toEqual({
				model: 'alibaba/wan-3-0-video',
				prompt: rows[index].json.prompt,
				image_url: rows[index].json.first_frame_url,
				last_image_url: rows[index].json.last_frame_url,
				aspect_ratio: 'adaptive',
				resolution: '720p',
				duration: rows[index].json.duration,
			});
		}
		expect(files).toEqual(['cafe-morning-to-night.mp4', 'sneaker-turntable.mp4']);
		for (const file of files) await expectSampleFile(path.join(outputDir, file));
	});
});

/** Appends a simulator token to the prompt the example's Set node defines. */
function withPromptToken(workflow, token) {
	const request = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.set');
	const prompt = request.parameters.assignments.assignments.find((a) => a.name === 'prompt');
	prompt.value = `${prompt.value} ${token}`;
	return workflow;
}
