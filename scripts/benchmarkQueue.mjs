#!/usr/bin/env node
// Queue-mode benchmark: a main and two workers (dev/queue/cluster.mjs) against the local
// simulator; 20 webhook executions of 5 rows each (100 generations), waiting in the node.
// Reports videos delivered per minute (first webhook call to last execution stopped), the
// peak resident memory (VmHWM) of each worker's n8n process, and why any execution failed.
//
//   node scripts/benchmarkQueue.mjs [--latency-ms 3000] [--video-mb 0] [--concurrency 10]
//                                   [--batches 20] [--rows 5] [--db-pool-size 2]
//
// --db-pool-size sets the workers' DB_POSTGRESDB_POOL_SIZE (n8n's default is 2 connections).
import { packPackage } from '../dev/n8nRuntime.mjs';
import { allFinal, nodeItems, postBatches, waitForExecutions } from '../dev/queue/batch.mjs';
import { startQueueCluster } from '../dev/queue/cluster.mjs';
import { jobFinishedExecutionIds } from '../dev/queue/workerLogs.mjs';
import { CREDENTIAL_TYPE, inNodeWaitWorkflow, VIDEOS_NODE } from '../dev/queue/workflows.mjs';
import { startSimulator } from '../dev/simulator/aimlApiSimulator.mjs';

function parseArgs(argv) {
	const options = {
		latencyMs: 3000,
		videoMb: 0,
		concurrency: 10,
		batches: 20,
		rows: 5,
		dbPoolSize: undefined,
	};
	const flags = {
		'--latency-ms': 'latencyMs',
		'--video-mb': 'videoMb',
		'--concurrency': 'concurrency',
		'--batches': 'batches',
		'--rows': 'rows',
		'--db-pool-size': 'dbPoolSize',
	};
	for (let i = 0; i < argv.length; i++) {
		const key = flags[argv[i]];
		if (!key) throw new Error(`unknown option ${argv[i]}`);
		options[key] = Number(argv[++i]);
	}
	return options;
}

const log = (message) => process.stderr.write(`[benchmark:queue] ${message}\n`);
const mb = (bytes) => (bytes === undefined ? 'n/a' : `${Math.round(bytes / 1024 / 1024)} MB`);

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const pack = await packPackage({ log });
	const sim = await startSimulator({
		latencyMs: options.latencyMs,
		largeFileBytes: options.videoMb > 0 ? options.videoMb * 1024 * 1024 : undefined,
	});
	const credential = { id: 'queueBenchmark01', name: 'AIML API (simulator)' };
	const workflow = inNodeWaitWorkflow({ credential, webhookPath: 'queue-benchmark' });
	const cluster = await startQueueCluster({
		tarball: pack.tarball,
		credentials: [
			{ ...credential, type: CREDENTIAL_TYPE, data: { apiKey: 'sim-key', baseUrl: sim.url } },
		],
		workflows: [workflow],
		concurrency: options.concurrency,
		workerEnv: () =>
			options.dbPoolSize ? { DB_POSTGRESDB_POOL_SIZE: String(options.dbPoolSize) } : {},
		log,
	});
	try {
		const idle = await Promise.all(cluster.workers.map((w) => w.process.peakRssBytes()));
		const t0 = Date.now();
		await postBatches(cluster.webhookUrl('queue-benchmark'), {
			tag: 'benchmark',
			batches: options.batches,
			rows: options.rows,
		});
		// Done when every row is final, or when the main has seen every job finish: under
		// database pressure n8n can leave a finished execution's row at "running".
		let jobsFinished = new Set();
		const executions = await waitForExecutions(cluster.db, workflow.id, {
			count: options.batches,
			isDone: (list) => {
				if (allFinal(list)) return true;
				return list.every((e) => jobsFinished.has(e.id));
			},
			timeoutMs: 30 * 60_000,
			onPoll: async () => {
				jobsFinished = new Set(jobFinishedExecutionIds(await cluster.mainLogs()));
			},
		});
		const stops = executions.filter((e) => e.stoppedAt).map((e) => new Date(e.stoppedAt));
		const lastStop = Math.max(...stops.map((date) => date.getTime()));
		const seconds = (lastStop - t0) / 1000;
		const peaks = await Promise.all(cluster.workers.map((w) => w.process.peakRssBytes()));
		let delivered = 0;
		const failures = {};
		for (const execution of executions) {
			const data = await cluster.db.readExecutionData(execution.id);
			if (execution.status === 'success')
				delivered += nodeItems(data, VIDEOS_NODE).filter((item) => item.binary?.data).length;
			else {
				const message = String(
					data?.resultData?.error?.message ?? `${execution.status} after its job finished`,
				);
				failures[message] = (failures[message] ?? 0) + 1;
			}
		}
		const result = {
			...options,
			generations: options.batches * options.rows,
			succeededExecutions: executions.filter((e) => e.status === 'success').length,
			videosDelivered: delivered,
			failures,
			wallSeconds: Math.round(seconds * 10) / 10,
			videosPerMinute: Math.round((delivered / seconds) * 60 * 10) / 10,
			workers: cluster.workers.map((w, i) => ({
				name: w.name,
				peakRssAfterStartup: mb(idle[i]),
				peakRss: mb(peaks[i]),
			})),
		};
		console.log(JSON.stringify(result, null, 2));
	} finally {
		await cluster.stop();
		await sim.close();
	}
}

main().catch((error) => {
	console.error(error.stack ?? error.message);
	process.exit(1);
});
