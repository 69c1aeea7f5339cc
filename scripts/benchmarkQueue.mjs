#!/usr/bin/env node
// Queue-mode benchmark: a main and two workers (dev/queue/cluster.mjs) against the local
// simulator; 20 webhook executions of 5 rows each (100 generations), waiting in the node.
// Reports generations per minute (first webhook call to last execution stopped) and the
// peak resident memory (VmHWM) of each worker's n8n process.
//
//   node scripts/benchmarkQueue.mjs [--latency-ms 3000] [--video-mb 0] [--concurrency 10]
//                                   [--batches 20] [--rows 5]
import { packPackage } from '../dev/n8nRuntime.mjs';
import { allFinal, postBatches, waitForExecutions } from '../dev/queue/batch.mjs';
import { startQueueCluster } from '../dev/queue/cluster.mjs';
import { CREDENTIAL_TYPE, inNodeWaitWorkflow } from '../dev/queue/workflows.mjs';
import { startSimulator } from '../dev/simulator/aimlApiSimulator.mjs';

function parseArgs(argv) {
	const options = { latencyMs: 3000, videoMb: 0, concurrency: 10, batches: 20, rows: 5 };
	const flags = {
		'--latency-ms': 'latencyMs',
		'--video-mb': 'videoMb',
		'--concurrency': 'concurrency',
		'--batches': 'batches',
		'--rows': 'rows',
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
		const executions = await waitForExecutions(cluster.db, workflow.id, {
			count: options.batches,
			isDone: allFinal,
			timeoutMs: 30 * 60_000,
		});
		const lastStop = Math.max(...executions.map((e) => new Date(e.stoppedAt).getTime()));
		const seconds = (lastStop - t0) / 1000;
		const generations = options.batches * options.rows;
		const peaks = await Promise.all(cluster.workers.map((w) => w.process.peakRssBytes()));
		const result = {
			...options,
			generations,
			succeeded: executions.filter((e) => e.status === 'success').length,
			wallSeconds: Math.round(seconds * 10) / 10,
			generationsPerMinute: Math.round((generations / seconds) * 60 * 10) / 10,
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
