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
	accountForGenerations,
	generationsMissingFromRecovery,
	itemsSubmittedTwice,
	parseClientRequestId,
	submissionsOfExecutions,
} from '../../dev/queue/generationLedger.mjs';
import {
	acceptedGenerationLines,
	finishedExecutionIds,
	readLogs,
	startedExecutionIds,
	unfinishedExecutionIds,
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
 * n8n's own record that an execution's worker died: the main fails a job whose lock lapsed
 * (n8n 2.x allows no stalled retries) and saves this error as the execution's run data.
 */
const WORKER_DIED = /failed to be processed too many times and will no longer retry/;

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

/**
 * Nothing submitted twice, by the simulator's record: each prompt once, and no execution item
 * (the workflow, execution and item its X-Client-Request-Id names) accepted more than once.
 */
function expectNothingSubmittedTwice(tag, workflowId) {
	const counts = submissionsPerPrompt(sim.state, tag);
	expect(counts.size).toBe(BATCHES * ROWS);
	expect([...counts.entries()].filter(([, count]) => count !== 1)).toEqual([]);
	const accepted = acceptedSubmissions(sim.state, tag);
	const origins = accepted.map((submit) => parseClientRequestId(submit.clientRequestId));
	expect(origins.filter((origin) => origin?.workflowId !== workflowId)).toEqual([]);
	expect(itemsSubmittedTwice(accepted)).toEqual([]);
}

/**
 * Checks that every successful execution delivered exactly the videos of one batch, and
 * returns the batches so delivered and every generation ID delivered.
 */
async function expectCompleteBatches(executions, tag) {
	const byGeneration = acceptedByGeneration(tag);
	const delivered = new Set();
	const generationIds = [];
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
		generationIds.push(...videos.map((v) => v.generationId));
	}
	return { batches: delivered, generationIds };
}

/** Every log file of every worker, over all its starts. */
const allWorkerLogFiles = () => cluster.workers.flatMap((worker) => worker.logFiles);

/**
 * The executions a SIGKILL cost, from n8n's own records once every execution is final: the
 * rows n8n failed with its dead-worker error, checked against the worker logs. Every
 * execution the killed process's log shows running is among them, and no other worker
 * process left any of them running. (A job the killed worker had taken but not yet logged
 * fails too: its start line never reached the log.)
 * @returns {Promise<{ failed: string[], runningInKilledLog: string[] }>}
 */
async function executionsLostWithWorker({ executions, killedLogFile }) {
	const ids = new Set(executions.map((e) => e.id));
	const failed = executions.filter((e) => FAILED_BY_N8N.includes(e.status)).map((e) => e.id);
	expect(
		executions.filter((e) => e.status !== 'success' && !failed.includes(e.id)),
		'executions neither succeeded nor failed',
	).toEqual([]);
	for (const id of failed) {
		const resultData = (await cluster.db.readExecutionData(id))?.resultData;
		const status = executions.find((e) => e.id === id).status;
		expect(
			String(resultData?.error?.message),
			`execution ${id} (${status}) failed for another reason: ${JSON.stringify(resultData).slice(0, 1500)}`,
		).toMatch(WORKER_DIED);
	}
	const runningInKilledLog = unfinishedExecutionIds(await readLogs([killedLogFile])).filter((id) =>
		ids.has(id),
	);
	expect(runningInKilledLog.length, 'the killed worker ran none of the executions').toBeGreaterThan(
		0,
	);
	expect(failed).toEqual(expect.arrayContaining(runningInKilledLog));
	for (const file of allWorkerLogFiles().filter((f) => f !== killedLogFile))
		expect(
			unfinishedExecutionIds(await readLogs([file])).filter((id) => failed.includes(id)),
			`${path.basename(file)} left a failed execution running`,
		).toEqual([]);
	return { failed, runningInKilledLog };
}

/** The node's "generation accepted" lines of one workflow, from every worker log. */
async function acceptedLinesOf(workflowId) {
	const lines = acceptedGenerationLines(await readLogs(allWorkerLogFiles()));
	return lines.filter((line) => line.workflowId === workflowId);
}

/**
 * The check every kill scenario ends with: the generations the failed executions had
 * accepted (the simulator's record, by the execution their X-Client-Request-Id names), all
 * found by a recovery (`recoveredGenerationIds`): 0 lost. Today's recovery reads the node's
 * log lines; a recovery over the API's Usage Logs is one more call of this per scenario.
 */
function expectRecovered(lossReport, recoveredGenerationIds) {
	const accepted = submissionsOfExecutions(
		acceptedSubmissions(sim.state, lossReport.tag),
		lossReport.failed,
	);
	expect(accepted).toHaveLength(lossReport.failed.length * ROWS);
	expect(generationsMissingFromRecovery(accepted, recoveredGenerationIds)).toEqual([]);
}

/**
 * Every generation the API accepted for the scenario is in a successful execution's output or
 * named by the node's log line, and each log line carries the client request ID and execution
 * the API saw for that generation. Returns the logged generation IDs.
 */
async function expectNoGenerationLost(lossReport, delivered) {
	const accepted = acceptedSubmissions(sim.state, lossReport.tag);
	expect(accepted).toHaveLength(BATCHES * ROWS);
	const lines = await acceptedLinesOf(lossReport.workflowId);
	const submitOf = new Map(accepted.map((submit) => [submit.id, submit]));
	for (const line of lines) {
		const submit = submitOf.get(line.generationId);
		expect(submit, `logged generation ${line.generationId} unknown to the API`).toBeDefined();
		expect(line.clientRequestId).toBe(submit.clientRequestId);
		expect(line.executionId).toBe(parseClientRequestId(submit.clientRequestId).executionId);
	}
	const logged = lines.map((line) => line.generationId);
	const ledger = accountForGenerations(accepted, { delivered, logged });
	log(
		`${lossReport.tag}: ${ledger.accepted} accepted, ${ledger.foundIn.delivered} delivered, ${ledger.foundIn.logged} logged, ${ledger.lost.length} lost`,
	);
	expect(ledger.lost).toEqual([]);
	// None of the failed executions' generations was delivered.
	const ofFailed = submissionsOfExecutions(accepted, lossReport.failed).map((s) => s.id);
	expect(ofFailed.filter((id) => delivered.includes(id))).toEqual([]);
	return logged;
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

		const { batches } = await expectCompleteBatches(executions, tag);
		expect(batches.size).toBe(BATCHES);
		expect(acceptedSubmissions(sim.state, tag)).toHaveLength(BATCHES * ROWS);
		expectNothingSubmittedTwice(tag, workflowId);

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
		const STATUS_429S = 3;
		const HOUR_MS = 3_600_000;
		let executions;
		let killedLogFile;
		let killedInsideGet;
		let lossReport;

		/**
		 * A slow row renders for an hour, until the API has answered one of its status checks
		 * (after the 429s) with "generating": then it completes, so the next check, after
		 * another trip through the Wait, finds it done.
		 */
		function completeSlowRowsOnceSeenRunning() {
			const completed = new Set();
			const timer = setInterval(() => {
				for (const submit of acceptedSubmissions(sim.state, tag)) {
					const position = parseRowPrompt(tag, submit.prompt);
					const job = sim.getJob(submit.id);
					if (!isSlowRow(position.batch, position.row) || completed.has(submit.id)) continue;
					if (job.statusChecks > STATUS_429S) {
						sim.completeNow(submit.id);
						completed.add(submit.id);
					}
				}
			}, 200);
			return () => clearInterval(timer);
		}

		it('a worker killed while the executions are parked, another killed during Get Generation', async () => {
			await postBatches(cluster.webhookUrl('queue-submit-wait-get'), {
				tag,
				batches: BATCHES,
				rows: ROWS,
				// 429s make each Get Generation back off for a few seconds: the kill lands inside it.
				tokensFor: (batch, row) =>
					`[sim:status429x${STATUS_429S}]${isSlowRow(batch, row) ? ` [sim:latency=${HOUR_MS}]` : ''}`,
			});
			const stopCompleting = completeSlowRowsOnceSeenRunning();
			// Parked: the row says waiting and a worker logged the job finished.
			const parked = await waitForExecutions(cluster.db, workflowId, {
				count: BATCHES,
				isDone: (list) => list.every((e) => e.status === 'waiting'),
				timeoutMs: 2 * 60_000,
				what: 'every execution parked in the Wait',
			});
			const ids = new Set(parked.map((e) => e.id));
			await waitFor(
				async () => {
					const logs = await readLogs(allWorkerLogFiles());
					return [...ids].every((id) => finishedExecutionIds(logs).includes(id));
				},
				{ timeoutMs: 30_000, what: 'the workers to log every parked job finished' },
			);
			expect(acceptedSubmissions(sim.state, tag)).toHaveLength(BATCHES * ROWS);

			// Restarted workers start without their old event log (see startWorker).
			await cluster.killWorker(0);
			await new Promise((resolve) => setTimeout(resolve, 3000));
			await cluster.startWorker(0, { eventLog: 'discard' });

			// Worker-2 is inside Get Generation for a resumed execution: the API has answered
			// some of its status checks, not yet past the 429s.
			const startsBefore = startedExecutionIds(await cluster.workerLogs(1)).length;
			const insideGet = await waitFor(
				async () => {
					const resumedHere = startedExecutionIds(await cluster.workerLogs(1))
						.slice(startsBefore)
						.filter((id) => ids.has(id));
					return submissionsOfExecutions(acceptedSubmissions(sim.state, tag), resumedHere).find(
						({ id }) => {
							const checks = sim.getJob(id).statusChecks;
							return checks >= 1 && checks <= STATUS_429S;
						},
					);
				},
				{
					timeoutMs: 2 * 60_000,
					intervalMs: 100,
					what: 'worker-2 to run Get Generation for a resumed execution',
				},
			);
			killedInsideGet = parseClientRequestId(insideGet.clientRequestId).executionId;
			log(`worker-2 inside Get Generation of execution ${killedInsideGet}`);
			killedLogFile = cluster.workers[1].logFiles.at(-1);
			await cluster.killWorker(1);
			await cluster.startWorker(1, { eventLog: 'discard' });

			executions = await waitForExecutions(cluster.db, workflowId, {
				count: BATCHES,
				isDone: allFinal,
				timeoutMs: 4 * 60_000,
			}).finally(stopCompleting);
		});

		it('n8n fails exactly the executions the killed worker held; every other execution completes with every video', async () => {
			expect(executions, 'the kill scenario did not run').toBeDefined();
			const { failed, runningInKilledLog } = await executionsLostWithWorker({
				executions,
				killedLogFile,
			});
			log(
				`worker-2 killed during Get Generation: n8n failed ${failed.length} executions (${failed.join(', ')}), ${runningInKilledLog.length} of them logged as started`,
			);
			expect(failed).toContain(killedInsideGet);
			lossReport = { tag, workflowId, failed };
			const succeeded = executions.filter((e) => e.status === 'success');
			expect(succeeded).toHaveLength(BATCHES - failed.length);

			const { batches } = await expectCompleteBatches(executions, tag);
			expect(batches.size).toBe(succeeded.length);
			// The slow rows went round the loop: two Get Generation runs.
			const byGeneration = acceptedByGeneration(tag);
			for (const execution of succeeded) {
				const { data, videos } = await videosOf(execution.id);
				const batch = byGeneration.get(videos[0].generationId).batch;
				if (isSlowRow(batch, 0))
					expect(data.resultData.runData['Get Generation'].length).toBeGreaterThanOrEqual(2);
			}
		});

		it('no generation is submitted twice, and none is lost: each is in a successful execution or in the node’s log line', async () => {
			expect(lossReport, 'the kill scenario did not run').toBeDefined();
			expectNothingSubmittedTwice(tag, workflowId);
			const { generationIds: delivered } = await expectCompleteBatches(executions, tag);
			const logged = await expectNoGenerationLost(lossReport, delivered);
			expectRecovered(lossReport, logged);
			// Each is still a generation at the API (slow rows may still be rendering), never failed.
			const ofFailed = submissionsOfExecutions(
				acceptedSubmissions(sim.state, tag),
				lossReport.failed,
			);
			for (const { id } of ofFailed) {
				const job = sim.getJob(id);
				expect(job, `${id} unknown to the API`).toBeDefined();
				expect(job.scenario.fail).toBeUndefined();
			}
		});
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
		// The kill comes once the node has logged every accepted generation (or after 30 s:
		// then the accounting below names what is missing).
		await waitFor(async () => (await acceptedLinesOf(workflowId)).length >= BATCHES * ROWS, {
			timeoutMs: 30_000,
			what: 'a log line for every accepted generation',
		}).catch((error) => log(error.message));
		const killedLogFile = cluster.workers[0].logFiles.at(-1);
		await cluster.killWorker(0);

		const executions = await waitForExecutions(cluster.db, workflowId, {
			count: BATCHES,
			isDone: allFinal,
			timeoutMs: 4 * 60_000,
		});
		const { failed } = await executionsLostWithWorker({ executions, killedLogFile });
		log(`worker-1 killed while waiting in the node: n8n failed executions ${failed.join(', ')}`);
		const { batches, generationIds: delivered } = await expectCompleteBatches(executions, tag);
		expect(batches.size).toBe(BATCHES - failed.length);
		expectNothingSubmittedTwice(tag, workflowId);

		const lossReport = { tag, workflowId, failed };
		const logged = await expectNoGenerationLost(lossReport, delivered);
		expectRecovered(lossReport, logged);
	});
});
