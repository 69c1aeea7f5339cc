// A sheet of 100 rows in a real n8n, in one execution of workflows/batch.json, against a
// simulator of its own that admits 5 API requests per second (no Retry-After header: the API
// does not document one) and takes 60 seconds per generation. Two rows lose their submission's
// answer after the job was created; a usage-log row appears 5 s after its submission.
// A second branch runs first: two short generations under "Continue (using error output)".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { importCredentials, readBinaryData } from '../../dev/n8nRuntime.mjs';
import { CREDENTIAL_TYPE } from '../../dev/examples.mjs';
import { startSimulator } from '../../dev/simulator/aimlApiSimulator.mjs';
import { explain, importAndExecute, loadWorkflow, openHome, readFixture } from './support.mjs';

const BATCH_SIZE = 100;
const GENERATION_MS = 60_000;
const REQUESTS_PER_SECOND = 5;
const SUBMIT_500_ROW = 17;
const SUBMIT_DROP_ROW = 58;
const RUN_TIMEOUT_MS = 9 * 60_000;

describe(`${BATCH_SIZE} items under ${REQUESTS_PER_SECOND} requests/s with ${GENERATION_MS / 1000}-second generations`, () => {
	let sim;
	let home;
	let result;
	let state;
	let rows;
	let items;
	let sampleMp4;

	// The run's error lists every other generation of the batch: keep assertion messages readable.
	const why = () => explain(result).slice(0, 1500);
	const output = (node, options) => {
		const nodeItems = result.output(node, options);
		if (!nodeItems) throw new Error(`node "${node}" did not run. ${why()}`);
		return nodeItems;
	};
	const batchPrompts = () => new Set(rows.map((row) => row.json.prompt));
	const submitsOf = (prompt) => state.submits.filter((submit) => submit.prompt === prompt);
	const jobsOf = (prompt) => Object.values(state.jobs).filter((job) => job.prompt === prompt);

	beforeAll(async () => {
		sim = await startSimulator({
			latencyMs: GENERATION_MS,
			requestsPerSecond: REQUESTS_PER_SECOND,
			retryAfterHeader: false,
			usageLogDelayMs: 5_000,
		});
		home = await openHome();
		sampleMp4 = await readFixture('sample.mp4');
		await importCredentials(home, [
			{
				id: 'wanE2eBatchSim01',
				name: 'AIML API (batch simulator)',
				type: CREDENTIAL_TYPE,
				data: { apiKey: 'sim-key', baseUrl: sim.url },
			},
		]);
		result = await importAndExecute(home, await loadWorkflow('batch.json'), {
			timeoutMs: RUN_TIMEOUT_MS,
		});
		state = structuredClone(sim.state);
		rows = result.output('Batch Rows') ?? [];
		items = result.output('Batch Text to Video') ?? [];
		process.stderr.write(
			`[e2e batch] n8n ran ${(result.durationMs / 1000).toFixed(0)} s; simulator: ` +
				`${state.counters.submits} submits, ${state.counters.jobsCreated} jobs, ` +
				`${state.counters.statusChecks} status checks, ${state.usageLogReads ?? 0} usage-log reads, ` +
				`peak ${state.counters.peakRequestsPerSecond} requests/s, ${state.counters.rateLimited} refused by the limit, ` +
				`${state.counters.answers429} answers 429\n`,
		);
	}, RUN_TIMEOUT_MS + 60_000);

	afterAll(async () => {
		await sim?.close();
	});

	it('runs to the end', () => {
		expect(result.ok, why()).toBe(true);
		expect(result.status).toBe('success');
		expect(rows).toHaveLength(BATCH_SIZE);
	});

	it('every item completes with its video, paired with its input row and its prompt', async () => {
		expect(items, why()).toHaveLength(BATCH_SIZE);
		for (const [index, item] of items.entries()) {
			const label = `row ${index + 1}`;
			expect(item.pairedItem, label).toEqual({ item: index });
			expect(item.json.status, label).toBe('completed');
			expect(state.jobs[item.json.generationId]?.prompt, label).toBe(rows[index].json.prompt);
			expect(item.binary?.data?.mimeType, label).toBe('video/mp4');
			const bytes = await readBinaryData(home, item.binary.data);
			expect(bytes.equals(sampleMp4), `${label}: the stored video is the sample`).toBe(true);
		}
	});

	it('sends no submission twice: one per prompt and one per client request ID', () => {
		const prompts = batchPrompts();
		expect(prompts.size).toBe(BATCH_SIZE);
		const submits = state.submits.filter((submit) => prompts.has(submit.prompt));
		const repeated = [...prompts].filter((prompt) => submitsOf(prompt).length !== 1);
		expect(repeated, 'prompts not submitted exactly once').toEqual([]);
		const ids = submits.map((submit) => submit.clientRequestId);
		expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
		expect(new Set(ids).size).toBe(BATCH_SIZE);
		const twice = [...prompts].filter((prompt) => jobsOf(prompt).length !== 1);
		expect(twice, 'prompts with other than one generation').toEqual([]);
	});

	it('leaves no generation out: every one the API started is in the output', () => {
		const prompts = batchPrompts();
		const started = Object.values(state.jobs)
			.filter((job) => prompts.has(job.prompt))
			.map((job) => job.id);
		expect(started).toHaveLength(BATCH_SIZE);
		const output = new Set(items.map((item) => item.json.generationId));
		expect(started.filter((id) => !output.has(id))).toEqual([]);
	});

	for (const [row, what, token] of [
		[SUBMIT_500_ROW, 'accepted, then answered 500', 'submit500x1'],
		[SUBMIT_DROP_ROW, 'accepted, then its connection cut', 'submitdropx1'],
	]) {
		it(`a submission ${what}: the generation is found through the usage logs and ends with its video, submitted once`, async () => {
			const prompt = rows[row]?.json.prompt;
			expect(prompt).toContain(`[sim:${token}]`);
			const submits = submitsOf(prompt);
			expect(submits, 'submissions of this row').toHaveLength(1);
			const [submit] = submits;
			expect(submit.statusCode === 500 || submit.dropped === true).toBe(true);
			expect(jobsOf(prompt)).toHaveLength(1);

			const item = items[row];
			expect(item, why()).toBeDefined();
			expect(item.json).toMatchObject({
				status: 'completed',
				generationId: submit.id,
				clientRequestId: submit.clientRequestId,
			});
			expect(item.pairedItem).toEqual({ item: row });
			const bytes = await readBinaryData(home, item.binary.data);
			expect(bytes.equals(sampleMp4)).toBe(true);

			const lookups = state.requests.filter(
				(request) => request.route === 'logs' && request.at > submit.at,
			);
			expect(lookups.length, 'usage-log reads after the submission').toBeGreaterThanOrEqual(1);
		});
	}

	it('"Continue (using error output)" routes the failed generation to the error output', async () => {
		const [succeeded, failed] = [0, 1].map((outputIndex) =>
			output('Error Output', { outputIndex }),
		);
		const failedJob = Object.values(state.jobs).find((job) => job.scenario.fail);
		expect(failedJob?.status).toBe('error');

		expect(succeeded).toHaveLength(1);
		expect(succeeded[0].pairedItem).toEqual({ item: 0 });
		expect(succeeded[0].json.status).toBe('completed');
		expect((await readBinaryData(home, succeeded[0].binary.data)).equals(sampleMp4)).toBe(true);

		expect(failed).toHaveLength(1);
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		expect(failed[0].binary).toBeUndefined();
		expect(JSON.stringify(failed[0].json)).toContain(failedJob.id);
		expect(JSON.stringify(failed[0].json)).toContain('ContentModerationError');
		expect(output('Failed')).toHaveLength(1);
		expect(output('Succeeded')).toHaveLength(1);
	});
});
