#!/usr/bin/env node
// Benchmark of the waiting, polling and download side of the Wan Video node.
//
// Runs the real node (compiled from the current sources) through n8n-core's real
// WorkflowExecute (dev/harness/executeNode.mjs) against the local AIML API simulator
// (dev/simulator/aimlApiSimulator.mjs, started as a child process), with real sleeps and
// real HTTP to 127.0.0.1. Reports:
//   - wall time of one item and of N items (submit -> wait -> download),
//   - status checks per generation,
//   - peak memory (RSS and V8 heap, sampled every --sample-ms) while a large video is
//     downloaded, against the baseline taken just before, and the size of the binary,
//   - a batch under a rate limit: --batch-items items (100) against a second simulator that
//     admits --batch-rps API requests per second (5) with --batch-latency-ms generations
//     (60 s): wall time against one item's at the same generation time, peak requests per
//     second and 429 answers as the simulator counted them, status checks per generation,
//     submissions against generations started, and peak memory during the batch.
//
// Usage: node scripts/benchmark.mjs [--latency-ms 3000] [--poll-interval-s 2] [--items 10]
//                                   [--large-file-mb 200] [--sample-ms 50]
//                                   [--batch-items 100] [--batch-rps 5] [--batch-latency-ms 60000]
//                                   [--batch-poll-interval-s 30] [--retry-after] [--batch-only]
//   --batch-items 0 skips the batch; --batch-only runs only it; --retry-after makes the
//   simulator send Retry-After with its 429s (the API does not document that header).

import { spawn, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(REPO_ROOT, 'package.json'));
const BUILD_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'wan-video-benchmark');
const SIMULATOR = path.join(REPO_ROOT, 'dev', 'simulator', 'aimlApiSimulator.mjs');
const HARNESS = path.join(REPO_ROOT, 'dev', 'harness', 'executeNode.mjs');
const SIM_KEY = 'sim-key';
const MB = 1024 * 1024;

const USAGE =
	'Usage: node scripts/benchmark.mjs [--latency-ms 3000] [--poll-interval-s 2] [--items 10] [--large-file-mb 200] [--sample-ms 50]\n' +
	'  [--batch-items 100] [--batch-rps 5] [--batch-latency-ms 60000] [--batch-poll-interval-s 30] [--retry-after] [--batch-only]\n';

function parseArgs(argv) {
	const options = {
		latencyMs: 3000,
		pollIntervalS: 2,
		items: 10,
		largeFileMb: 200,
		sampleMs: 50,
		batchItems: 100,
		batchRps: 5,
		batchLatencyMs: 60_000,
		batchPollIntervalS: 30,
		retryAfter: false,
		batchOnly: false,
	};
	const flags = {
		'--latency-ms': 'latencyMs',
		'--poll-interval-s': 'pollIntervalS',
		'--items': 'items',
		'--large-file-mb': 'largeFileMb',
		'--sample-ms': 'sampleMs',
		'--batch-items': 'batchItems',
		'--batch-rps': 'batchRps',
		'--batch-latency-ms': 'batchLatencyMs',
		'--batch-poll-interval-s': 'batchPollIntervalS',
	};
	const switches = { '--retry-after': 'retryAfter', '--batch-only': 'batchOnly' };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=');
		if (flag === '--help' || flag === '-h') {
			process.stdout.write(USAGE);
			process.exit(0);
		}
		if (switches[flag]) {
			options[switches[flag]] = true;
			continue;
		}
		const key = flags[flag];
		if (!key) throw new Error(`unknown option ${argv[i]} (try --help)`);
		const value = Number(inline ?? argv[++i]);
		if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} needs a number`);
		options[key] = value;
	}
	if (options.batchOnly && options.batchItems === 0)
		throw new Error('--batch-only needs --batch-items above 0');
	return options;
}

/**
 * The harness imports `n8n-workflow` as an ES module, which Node would resolve to the
 * package's ESM build, while n8n-core and the compiled node `require()` its CJS build:
 * two copies of every class. Vitest fixes that with an alias; here a resolve hook does
 * the same, so there is a single n8n-workflow.
 */
function aliasN8nWorkflowToCjs() {
	const cjsUrl = pathToFileURL(require.resolve('n8n-workflow')).href;
	const hook = `export async function resolve(specifier, context, next) {
		if (specifier === 'n8n-workflow') return { url: ${JSON.stringify(cjsUrl)}, format: 'commonjs', shortCircuit: true };
		return next(specifier, context);
	}`;
	register(`data:text/javascript,${encodeURIComponent(hook)}`);
}

/** Compiles nodes/ and credentials/ with the project's tsconfig into a cache folder (dist/ is left alone). */
function compileNode() {
	const startedMs = Date.now();
	const tsc = require.resolve('typescript/lib/tsc.js');
	const result = spawnSync(
		process.execPath,
		[
			tsc,
			'-p',
			path.join(REPO_ROOT, 'tsconfig.json'),
			'--outDir',
			BUILD_DIR,
			'--incremental',
			'false',
			'--declaration',
			'false',
			'--sourceMap',
			'false',
		],
		{ cwd: REPO_ROOT, encoding: 'utf8' },
	);
	if (result.status !== 0) {
		throw new Error(`TypeScript compilation failed:\n${result.stdout}\n${result.stderr}`);
	}
	const nodeRequire = createRequire(path.join(BUILD_DIR, 'package.json'));
	return {
		WanVideo: nodeRequire('./nodes/WanVideo/WanVideo.node.js').WanVideo,
		AimlApiWanVideoApi: nodeRequire('./credentials/AimlApiWanVideoApi.credentials.js')
			.AimlApiWanVideoApi,
		compileMs: Date.now() - startedMs,
	};
}

/** `global.gc` without having to start Node with --expose-gc. */
function getGc() {
	if (typeof globalThis.gc === 'function') return globalThis.gc;
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc');
}

/** The simulator as a child process, so that its work does not count in this process's memory. */
async function startSimulator(latencyMs, extraArgs = []) {
	const child = spawn(
		process.execPath,
		[SIMULATOR, '--port', '0', '--latency-ms', String(latencyMs), ...extraArgs],
		{
			cwd: REPO_ROOT,
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	const url = await new Promise((resolve, reject) => {
		let output = '';
		child.stdout.on('data', (chunk) => {
			output += chunk;
			const match = /^(http:\/\/[^\s]+)\s*$/m.exec(output);
			if (match) resolve(match[1]);
		});
		child.once('exit', (code) => reject(new Error(`simulator exited early (${code}): ${output}`)));
		child.once('error', reject);
	});
	const call = async (route, method = 'GET') => {
		const response = await fetch(`${url}${route}`, { method });
		return await response.json();
	};
	return {
		url,
		state: async () => await call('/__sim/state'),
		reset: async () => await call('/__sim/reset', 'POST'),
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}

/** Samples process memory every `intervalMs` until stopped. */
function memorySampler(intervalMs) {
	const samples = [];
	const sample = () => samples.push({ at: Date.now(), ...process.memoryUsage() });
	sample();
	const timer = setInterval(sample, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			sample();
			return samples;
		},
	};
}

/** The last sample before `startMs` (the baseline) and the peaks from `startMs` on. */
function splitAt(samples, startMs) {
	const before = samples.filter((entry) => entry.at < startMs);
	const during = samples.filter((entry) => entry.at >= startMs);
	const peak = (key) => Math.max(...during.map((entry) => entry[key]));
	return {
		baseline: before.at(-1) ?? samples[0],
		peak: { rss: peak('rss'), heapUsed: peak('heapUsed'), arrayBuffers: peak('arrayBuffers') },
		samplesDuring: during.length,
	};
}

function formatMb(bytes) {
	return `${(bytes / MB).toFixed(1)} MB`;
}

function formatSeconds(ms) {
	return `${(ms / 1000).toFixed(2)} s`;
}

function binaryFilePath(binary) {
	const fileId = binary.id.slice(binary.id.indexOf(':') + 1);
	return path.join(process.env.N8N_NODE_TEST_ROOT, 'binaryData', fileId);
}

function average(values) {
	return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function checksSummary(checks) {
	return `${average(checks).toFixed(1)} (min ${Math.min(...checks)}, max ${Math.max(...checks)})`;
}

/** Runs the node over one item per prompt; returns what came out and what the simulator saw, then resets it. */
async function runNode(node, sim, prompts, { pollIntervalS, extraOptions = {} }) {
	const startedMs = performance.now();
	const result = await node.executeNode({
		nodeType: new node.WanVideo(),
		credentialType: new node.AimlApiWanVideoApi(),
		credentials: { apiKey: SIM_KEY, baseUrl: sim.url },
		parameters: {
			operation: 'textToVideo',
			prompt: '={{ $json.prompt }}',
			resolution: '720p',
			duration: 5,
			options: {
				pollIntervalSeconds: pollIntervalS,
				maxWaitMinutes: 30,
				...extraOptions,
			},
		},
		inputItems: prompts.map((prompt) => ({ json: { prompt } })),
	});
	const wallMs = performance.now() - startedMs;
	const items = result.outputs?.[0] ?? [];
	const state = await sim.state();
	const checks = items.map((item) => state.statusChecks[item.json.generationId] ?? 0);
	// Status requests the rate limit refused never reach the status route: count them from the request log.
	const polled = state.requests
		.filter((request) => request.route === 'poll')
		.map((request) => new URLSearchParams(request.query).get('generation_id'));
	const attempts = items.map((item) => polled.filter((id) => id === item.json.generationId).length);
	await sim.reset();
	const incomplete = items.filter(
		(item) => item.json.status !== 'completed' || !item.binary?.data,
	).length;
	const problem = result.error
		? `the node failed: ${result.error.message}`
		: items.length !== prompts.length || incomplete > 0
			? `${items.length} items out of ${prompts.length}, ${incomplete} without a completed video`
			: undefined;
	return { wallMs, items, checks, attempts, state, problem };
}

function mustSucceed(run) {
	if (run.problem)
		throw new Error(`${run.problem}: ${JSON.stringify(run.items.map((item) => item.json))}`);
	return run;
}

/** The first part: 1 and N items, then one large video, against an unlimited simulator. */
async function measureBasics(node, options, gc) {
	const sim = await startSimulator(options.latencyMs);
	const run = async (prompts) =>
		mustSucceed(await runNode(node, sim, prompts, { pollIntervalS: options.pollIntervalS }));
	try {
		// Warm-up: loads n8n-core's lazy modules and the binary data store (not reported).
		await run(['warm-up [sim:latency=0]']);

		const single = await run(['a red fox running through fresh snow']);
		const many = await run(
			Array.from({ length: options.items }, (_, index) => `clip ${index + 1} of a fox in the snow`),
		);

		const largeBytes = Math.round(options.largeFileMb * MB);
		gc();
		gc();
		const sampler = memorySampler(options.sampleMs);
		const large = await run([`a long fox video [sim:bytes=${largeBytes}]`]);
		const samples = sampler.stop();
		const download = large.state.downloads.find((entry) => entry.statusCode === 200);
		const { baseline, peak, samplesDuring } = splitAt(samples, download.at);
		const downloadMs = samples.at(-1).at - download.at;
		const binary = large.items[0].binary.data;
		const storedBytes = statSync(binaryFilePath(binary)).size;

		const expectedMs =
			Math.ceil(options.latencyMs / (options.pollIntervalS * 1000)) * options.pollIntervalS * 1000;
		const rows = [
			['Wall time, 1 item', formatSeconds(single.wallMs)],
			[`Wall time, ${options.items} items`, formatSeconds(many.wallMs)],
			['Status checks per generation, 1 item', String(single.checks[0])],
			[`Status checks per generation, ${options.items} items`, checksSummary(many.checks)],
			[`Wall time, 1 item with a ${options.largeFileMb} MB video`, formatSeconds(large.wallMs)],
			[
				'Binary produced (stored file)',
				`${storedBytes.toLocaleString('en-US')} bytes (${formatMb(storedBytes)}); item says ${binary.bytes?.toLocaleString('en-US')} bytes`,
			],
			[
				'Download and storage of that video',
				`${formatSeconds(downloadMs)} (${formatMb(storedBytes / (downloadMs / 1000))}/s)`,
			],
			[
				'RSS: before the download -> peak during it',
				`${formatMb(baseline.rss)} -> ${formatMb(peak.rss)} (+${formatMb(peak.rss - baseline.rss)})`,
			],
			[
				'V8 heap used: before -> peak',
				`${formatMb(baseline.heapUsed)} -> ${formatMb(peak.heapUsed)} (+${formatMb(peak.heapUsed - baseline.heapUsed)})`,
			],
			[
				'Buffers (arrayBuffers): before -> peak',
				`${formatMb(baseline.arrayBuffers)} -> ${formatMb(peak.arrayBuffers)} (+${formatMb(peak.arrayBuffers - baseline.arrayBuffers)})`,
			],
		];
		return [
			`Simulated generation time ${options.latencyMs} ms, Check Interval ${options.pollIntervalS} s (a video is seen as ready at the first check after it is done: about ${formatSeconds(expectedMs)} here). ` +
				`Memory sampled every ${options.sampleMs} ms (${samplesDuring} samples during the download).`,
			'',
			'| Figure | Value |',
			'|---|---|',
			...rows.map(([name, value]) => `| ${name} | ${value} |`),
		];
	} finally {
		await sim.stop();
	}
}

/**
 * The batch: one item, then --batch-items items, against a simulator that admits --batch-rps
 * API requests per second. A failing batch is reported with the counters, not thrown.
 */
async function measureBatch(node, options, gc) {
	const sim = await startSimulator(options.batchLatencyMs, [
		'--requests-per-second',
		String(options.batchRps),
		...(options.retryAfter ? [] : ['--no-retry-after']),
	]);
	const settings = { pollIntervalS: options.batchPollIntervalS };
	try {
		await runNode(node, sim, ['warm-up [sim:latency=0]'], settings);
		const single = mustSucceed(
			await runNode(node, sim, ['one batch clip of a heron taking off'], settings),
		);
		const prompts = Array.from(
			{ length: options.batchItems },
			(_, index) => `batch clip ${index + 1} of ${options.batchItems}: a heron over a lake`,
		);
		gc();
		gc();
		const sampler = memorySampler(options.sampleMs);
		const batch = await runNode(node, sim, prompts, settings);
		const samples = sampler.stop();
		const baseline = samples[0];
		const peak = splitAt(samples, baseline.at).peak;
		const { counters } = batch.state;
		const generationsStarted = Object.values(batch.state.jobs).length;
		const completed = batch.items.filter((item) => item.json.status === 'completed').length;
		const limit = `${options.batchRps} requests/s${options.retryAfter ? ', Retry-After sent' : ', no Retry-After'}`;
		const rows = [
			[
				`Outcome, ${options.batchItems} items`,
				batch.problem ?? `all ${completed} completed with their video`,
			],
			['Wall time, 1 item', formatSeconds(single.wallMs)],
			[
				`Wall time, ${options.batchItems} items`,
				`${formatSeconds(batch.wallMs)} (${(batch.wallMs / single.wallMs).toFixed(2)} x one item, ${(batch.wallMs / options.batchLatencyMs).toFixed(2)} x the generation time)`,
			],
			['Peak API requests in any second', `${counters.peakRequestsPerSecond} (limit ${limit})`],
			[
				'429 answers',
				`${counters.answers429} (${counters.rateLimited} from the rate limit) of ${counters.requests} requests`,
			],
			[
				'Status checks per generation: answered; sent, 429s included',
				batch.checks.length
					? `${checksSummary(batch.checks)}; ${checksSummary(batch.attempts)}`
					: 'no generation in the output',
			],
			['Submissions received / generations started', `${counters.submits} / ${generationsStarted}`],
			['Usage-log reads', String(batch.state.usageLogReads ?? 0)],
			[
				'RSS: before the batch -> peak during it',
				`${formatMb(baseline.rss)} -> ${formatMb(peak.rss)} (+${formatMb(peak.rss - baseline.rss)})`,
			],
			[
				'V8 heap used: before -> peak',
				`${formatMb(baseline.heapUsed)} -> ${formatMb(peak.heapUsed)} (+${formatMb(peak.heapUsed - baseline.heapUsed)})`,
			],
		];
		return [
			`### ${options.batchItems} items under a rate limit`,
			'',
			`Simulated generation time ${options.batchLatencyMs} ms, the simulator admits ${limit}, Check Interval ${options.batchPollIntervalS} s, the node's other options at their defaults.`,
			'',
			'| Figure | Value |',
			'|---|---|',
			...rows.map(([name, value]) => `| ${name} | ${value} |`),
		];
	} finally {
		await sim.stop();
	}
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	aliasN8nWorkflowToCjs();
	const { WanVideo, AimlApiWanVideoApi, compileMs } = compileNode();
	const { executeNode } = await import(pathToFileURL(HARNESS).href);
	const node = { WanVideo, AimlApiWanVideoApi, executeNode };
	const gc = getGc();

	const sections = [];
	if (!options.batchOnly) sections.push(await measureBasics(node, options, gc));
	if (options.batchItems > 0) sections.push(await measureBatch(node, options, gc));

	const command = [
		'node scripts/benchmark.mjs',
		...(options.batchOnly
			? []
			: [
					`--latency-ms ${options.latencyMs} --poll-interval-s ${options.pollIntervalS} --items ${options.items}`,
					`--large-file-mb ${options.largeFileMb}`,
				]),
		`--sample-ms ${options.sampleMs}`,
		`--batch-items ${options.batchItems}`,
		...(options.batchItems > 0
			? [
					`--batch-rps ${options.batchRps} --batch-latency-ms ${options.batchLatencyMs} --batch-poll-interval-s ${options.batchPollIntervalS}`,
					...(options.retryAfter ? ['--retry-after'] : []),
					...(options.batchOnly ? ['--batch-only'] : []),
				]
			: []),
	].join(' ');
	const lines = [
		'## Wan Video node benchmark',
		'',
		`Node ${process.version}, ${process.platform}/${process.arch}; real sleeps, HTTP to the simulator on 127.0.0.1.`,
		'',
		...sections.flatMap((section) => [...section, '']),
		`Reproduce: \`${command}\``,
		`(compiling the node took ${formatSeconds(compileMs)}, not included above)`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack ?? error.message}\n`);
		process.exit(1);
	},
);
