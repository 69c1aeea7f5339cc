// n8n in queue mode, production webhooks, two workers: the node on a worker, binary data in
// the database, and what happens to paid generations when a worker dies.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';

import {
	acceptedSubmissions,
	allFinal,
	nodeItems,
	parseRowPrompt,
	postBatches,
	submissionsPerPrompt,
	waitForExecutions,
} from '../../dev/queue/batch.mjs';
import { startQueueCluster } from '../../dev/queue/cluster.mjs';
import { waitFor } from '../../dev/queue/waitFor.mjs';
import {
	acceptedGenerationLines,
	finishedExecutionIds,
	startedExecutionIds,
} from '../../dev/queue/workerLogs.mjs';
import {
	CREDENTIAL_TYPE,
	inNodeWaitWorkflow,
	submitWaitGetWorkflow,
	VIDEOS_NODE,
} from '../../dev/queue/workflows.mjs';
import { DEFAULT_FIXTURE, startSimulator } from '../../dev/simulator/aimlApiSimulator.mjs';

const BATCHES = 20;
const ROWS = 5;
const CONCURRENCY = 10;
/** Over 65 s, so n8n parks the execution in the database instead of sleeping in a worker. */
const PARKING_WAIT_SECONDS = 66;
const CREDENTIAL = { id: 'queueSimulator01', name: 'AIML API (simulator)' };
const FAILED_BY_N8N = ['error', 'crashed'];

const log = (message) =>
	process.stderr.write(`[queue ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

const workflows = {
	inNodeWait: inNodeWaitWorkflow({ credential: CREDENTIAL, webhookPath: 'queue-in-node-wait' }),
	parked: submitWaitGetWorkflow({
		credential: CREDENTIAL,
		webhookPath: 'queue-submit-wait-get',
		waitSeconds: PARKING_WAIT_SECONDS,
	}),
	workerDies: inNodeWaitWorkflow({ credential: CREDENTIAL, webhookPath: 'queue-worker-dies' }),
};

let sim;
let cluster;
let fixture;

beforeAll(async () => {
	fixture = await fs.readFile(DEFAULT_FIXTURE);
	sim = await startSimulator({ latencyMs: 3000 });
	cluster = await startQueueCluster({
		tarball: inject('queueTarball'),
		credentials: [
			{ ...CREDENTIAL, type: CREDENTIAL_TYPE, data: { apiKey: 'sim-key', baseUrl: sim.url } },
		],
		workflows: Object.values(workflows),
		workers: 2,
		concurrency: CONCURRENCY,
		keepRunDir: process.env.WAN_VIDEO_QUEUE_KEEP === '1',
		log,
	});
});

afterAll(async () => {
	await cluster?.stop();
	await sim?.close();
});

beforeEach(async () => {
	await cluster.ensureWorkersRunning();
});

/**
 * Executions a worker is running, among `ids`, from its own log: started more often than
 * finished (a parked execution is finished once, then started again when it resumes).
 */
async function heldBy(workerIndex, ids) {
	const logs = await cluster.workerLogs(workerIndex);
	const balance = new Map();
	for (const id of startedExecutionIds(logs)) balance.set(id, (balance.get(id) ?? 0) + 1);
	for (const id of finishedExecutionIds(logs)) balance.set(id, (balance.get(id) ?? 0) - 1);
	return [...balance].filter(([id, open]) => ids.has(id) && open > 0).map(([id]) => id);
}

/**
 * The videos a finished execution holds: each a generation ID with its file, checked to be
 * in n8n's database binary storage with the simulator's bytes.
 */
async function videosOf(executionId) {
	const data = await cluster.db.readExecutionData(executionId);
	const videos = [];
	for (const item of nodeItems(data, VIDEOS_NODE)) {
		const binary = item.binary?.data;
		expect(binary?.id, `execution ${executionId}: a video without stored binary data`).toMatch(
			/^database:/,
		);
		const stored = await cluster.db.readBinaryFile(binary.id.slice('database:'.length));
		expect(stored?.sourceId).toBe(executionId);
		expect(Buffer.compare(stored.data, fixture), `${binary.id} holds other bytes`).toBe(0);
		videos.push({ generationId: item.json.generationId, status: item.json.status });
	}
	return { data, videos };
}

/** Generation ID → { batch, row } for every accepted submission of the tag. */
function acceptedByGeneration(tag) {
	const accepted = acceptedSubmissions(sim.state, tag);
	return new Map(accepted.map((submit) => [submit.id, parseRowPrompt(tag, submit.prompt)]));
}

function expectNoPromptSubmittedTwice(tag) {
	const counts = submissionsPerPrompt(sim.state, tag);
	expect(counts.size).toBe(BATCHES * ROWS);
	expect([...counts.entries()].filter(([, count]) => count !== 1)).toEqual([]);
}

/**
 * Checks that every successful execution delivered exactly the videos of one batch, and
 * returns the batches so delivered.
 */
async function expectCompleteBatches(executions, tag) {
	const byGeneration = acceptedByGeneration(tag);
	const delivered = new Set();
	for (const execution of executions.filter((e) => e.status === 'success')) {
		const { videos } = await videosOf(execution.id);
		expect(videos.map((v) => v.status)).toEqual(Array(ROWS).fill('completed'));
		const rows = videos.map((v) => byGeneration.get(v.generationId));
		expect(rows.every(Boolean), `execution ${execution.id}: a video nobody submitted`).toBe(true);
		const batch = rows[0].batch;
		expect(rows.map((r) => r.batch)).toEqual(Array(ROWS).fill(batch));
		expect(new Set(rows.map((r) => r.row)).size).toBe(ROWS);
		expect(delivered.has(batch), `batch ${batch} delivered twice`).toBe(false);
		delivered.add(batch);
	}
	return delivered;
}

/** Paid generations of batches no successful execution delivered. */
function generationsOfBatches(tag, batches) {
	return [...acceptedByGeneration(tag)]
		.filter(([, position]) => batches.has(position.batch))
		.map(([generationId]) => generationId);
}

describe('n8n queue mode: a main, Redis, Postgres and two workers', () => {
	it('20 webhook executions of 5 rows, waiting in the node: 100 videos, on both workers, in database binary storage', async () => {
		const tag = 'q1-in-node';
		const workflowId = workflows.inNodeWait.id;
		await postBatches(cluster.webhookUrl('queue-in-node-wait'), {
			tag,
			batches: BATCHES,
			rows: ROWS,
		});
		const executions = await waitForExecutions(cluster.db, workflowId, {
			count: BATCHES,
			isDone: allFinal,
			timeoutMs: 4 * 60_000,
		});
		expect(executions.map((e) => e.status)).toEqual(Array(BATCHES).fill('success'));
		expect(executions.every((e) => e.mode === 'webhook')).toBe(true);

		const delivered = await expectCompleteBatches(executions, tag);
		expect(delivered.size).toBe(BATCHES);
		expect(acceptedSubmissions(sim.state, tag)).toHaveLength(BATCHES * ROWS);
		expectNoPromptSubmittedTwice(tag);

		const ids = new Set(executions.map((e) => e.id));
		const perWorker = await Promise.all(
			cluster.workers.map(async (worker) =>
				startedExecutionIds(await cluster.workerLogs(worker.index)).filter((id) => ids.has(id)),
			),
		);
		log(`executions per worker: ${perWorker.map((list) => list.length).join(' / ')}`);
		for (const list of perWorker) expect(list.length).toBeGreaterThan(0);
		expect(new Set(perWorker.flat())).toEqual(ids);
	});

	describe('Submit → Wait (parked) → Get Generation, Route by Status looping back', () => {
		const tag = 'q2-parked';
		const workflowId = workflows.parked.id;
		// Still running at the first check: these loop back through the Wait once.
		const isSlowRow = (batch, row) => batch < 2 && row === 0;
		let executions;
		let heldDuringGet;

		it('a worker killed while the executions are parked, another killed during Get Generation', async () => {
			await postBatches(cluster.webhookUrl('queue-submit-wait-get'), {
				tag,
				batches: BATCHES,
				rows: ROWS,
				// 429s make each Get Generation back off for a few seconds: the kill lands inside it.
				tokensFor: (batch, row) =>
					`[sim:status429x3]${isSlowRow(batch, row) ? ' [sim:latency=80000]' : ''}`,
			});
			await waitForExecutions(cluster.db, workflowId, {
				count: BATCHES,
				isDone: (list) => list.every((e) => e.status === 'waiting'),
				timeoutMs: 2 * 60_000,
				what: 'every execution parked in the Wait',
			});
			expect(acceptedSubmissions(sim.state, tag)).toHaveLength(BATCHES * ROWS);

			await cluster.killWorker(0);
			await new Promise((resolve) => setTimeout(resolve, 3000));
			await cluster.startWorker(0);

			const ids = new Set((await cluster.db.listExecutions(workflowId)).map((e) => e.id));
			const startsBefore = startedExecutionIds(await cluster.workerLogs(1)).length;
			const resumed = await waitFor(
				async () => {
					const started = startedExecutionIds(await cluster.workerLogs(1));
					return started.slice(startsBefore).some((id) => ids.has(id));
				},
				{ timeoutMs: 2 * 60_000, intervalMs: 200, what: 'worker-2 to resume a parked execution' },
			);
			expect(resumed).toBe(true);
			await cluster.killWorker(1);
			// Read after the kill: every start the worker logged before it died counts.
			heldDuringGet = await heldBy(1, ids);
			log(`worker-2 killed during Get Generation holding executions ${heldDuringGet.join(', ')}`);
			expect(heldDuringGet.length).toBeGreaterThan(0);
			await cluster.startWorker(1);

			executions = await waitForExecutions(cluster.db, workflowId, {
				count: BATCHES,
				isDone: allFinal,
				timeoutMs: 4 * 60_000,
			});
		});

		it('every execution but those n8n failed with the dead worker completes with every video', async () => {
			expect(executions, 'the kill scenario did not run').toBeDefined();
			const failed = executions.filter((e) => FAILED_BY_N8N.includes(e.status)).map((e) => e.id);
			expect(failed.sort()).toEqual([...heldDuringGet].sort());
			const succeeded = executions.filter((e) => e.status === 'success');
			expect(succeeded).toHaveLength(BATCHES - failed.length);

			const delivered = await expectCompleteBatches(executions, tag);
			expect(delivered.size).toBe(succeeded.length);
			// The slow rows went round the loop: two Get Generation runs.
			for (const execution of succeeded) {
				const { data, videos } = await videosOf(execution.id);
				const batch = acceptedByGeneration(tag).get(videos[0].generationId).batch;
				if (isSlowRow(batch, 0))
					expect(data.resultData.runData['Get Generation'].length).toBeGreaterThanOrEqual(2);
			}
		});

		it('no generation is submitted twice, and none is lost: the undelivered ones are exactly those of the failed executions, each still a generation at the API', async () => {
			expect(executions, 'the kill scenario did not run').toBeDefined();
			expectNoPromptSubmittedTwice(tag);
			const accepted = acceptedByGeneration(tag);
			expect(accepted.size).toBe(BATCHES * ROWS);
			const delivered = await expectCompleteBatches(executions, tag);
			const undeliveredBatches = new Set(
				Array.from({ length: BATCHES }, (_, b) => b).filter((b) => !delivered.has(b)),
			);
			expect(undeliveredBatches.size).toBe(heldDuringGet.length);
			const lostByN8n = generationsOfBatches(tag, undeliveredBatches);
			expect(lostByN8n).toHaveLength(heldDuringGet.length * ROWS);
			// Each is still a generation at the API (slow rows may still be rendering), never failed.
			for (const generationId of lostByN8n) {
				const job = sim.getJob(generationId);
				expect(job, `${generationId} unknown to the API`).toBeDefined();
				expect(job.scenario.fail).toBeUndefined();
			}
		});

		// Hook: run the recovery workflow (List Generations over the API's usage logs) here and
		// expect it to list every generation of `lostByN8n` above.
		it.todo('List Generations finds every generation of the failed executions again');
	});

	it('a worker killed while the node waits in place: its executions fail, and every generation they had accepted is in the workers’ logs', async () => {
		const tag = 'q3-worker-dies';
		const workflowId = workflows.workerDies.id;
		await postBatches(cluster.webhookUrl('queue-worker-dies'), {
			tag,
			batches: BATCHES,
			rows: ROWS,
			tokensFor: () => '[sim:latency=30000]',
		});
		await waitFor(() => acceptedSubmissions(sim.state, tag).length === BATCHES * ROWS, {
			timeoutMs: 2 * 60_000,
			what: 'all 100 submissions accepted',
		});
		const ids = new Set((await cluster.db.listExecutions(workflowId)).map((e) => e.id));
		expect(ids.size).toBe(BATCHES);
		await cluster.killWorker(0);
		const held = await heldBy(0, ids);
		log(`worker-1 killed while waiting in the node, holding executions ${held.join(', ')}`);
		expect(held.length).toBeGreaterThan(0);

		const executions = await waitForExecutions(cluster.db, workflowId, {
			count: BATCHES,
			isDone: allFinal,
			timeoutMs: 4 * 60_000,
		});
		const failed = executions.filter((e) => FAILED_BY_N8N.includes(e.status)).map((e) => e.id);
		expect(failed.sort()).toEqual([...held].sort());
		const delivered = await expectCompleteBatches(executions, tag);
		expect(delivered.size).toBe(BATCHES - held.length);
		expectNoPromptSubmittedTwice(tag);

		// n8n's own records of the generations: the node's info line per accepted submission.
		const accepted = acceptedByGeneration(tag);
		const lines = [];
		for (const worker of cluster.workers)
			lines.push(
				...acceptedGenerationLines(await cluster.workerLogs(worker.index)).filter(
					(line) => line.workflowId === workflowId,
				),
			);
		const clientRequestIds = new Set(
			sim.state.requests
				.filter((request) => request.route === 'submit')
				.map((request) => request.headers['x-client-request-id'])
				.filter(Boolean),
		);
		expect(lines.map((line) => line.generationId).sort()).toEqual([...accepted.keys()].sort());
		for (const line of lines) {
			expect(ids.has(line.executionId)).toBe(true);
			expect(clientRequestIds.has(line.clientRequestId)).toBe(true);
		}
		const undelivered = Array.from({ length: BATCHES }, (_, b) => b).filter(
			(b) => !delivered.has(b),
		);
		const lostByN8n = generationsOfBatches(tag, new Set(undelivered));
		const loggedFor = new Map(lines.map((line) => [line.generationId, line.executionId]));
		for (const generationId of lostByN8n) expect(held).toContain(loggedFor.get(generationId));
	});
});
