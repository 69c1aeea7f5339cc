#!/usr/bin/env node
// Runs an example workflow of examples/ in a real n8n with this package installed, and saves
// the video it makes.
//
//   npm run demo                                   local AIML API simulator: no key, no internet
//   AIML_API_KEY=... npm run demo                  the real AIML API (spends credits)
//   npm run demo -- --editor                       then keep n8n's editor open on http://localhost:5678
//
// Options:
//   --example <name|all>   spreadsheet-rows-to-videos | submit-wait-get-generation (default)
//                          | image-to-video-from-file | all
//   --out <dir>            where the videos go (default: demo-output/ at the repository root)
//   --editor               keep the editor running, with the node, a credential, the examples
//                          and an owner account, until Ctrl+C
//   --port <n>             editor port (default 5678)
//   --no-build             pack the current dist/ without building
//
// Environment: AIML_API_KEY (real API), AIML_API_BASE_URL (default https://api.aimlapi.com),
// WAN_VIDEO_N8N_CACHE (where Node 24 and n8n are installed, default ~/.cache/n8n-nodes-wan-video).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

import { DEFAULT_API_KEY, startSimulator } from '../dev/simulator/aimlApiSimulator.mjs';

import {
	adaptExample,
	CREDENTIAL_TYPE,
	EXAMPLE_CREDENTIAL_NAME,
	EXAMPLES,
	fileAccessEnv,
	loadExample,
	NODE_TYPE,
	REPO_ROOT,
} from '../dev/examples.mjs';
import {
	createN8nHome,
	ensureN8nInstalled,
	executeWorkflow,
	importCredentials,
	importWorkflow,
	N8N_VERSION,
	NODE_VERSION,
	packPackage,
	registerInstalledPackage,
	removeN8nHome,
	startEditor,
} from '../dev/n8nRuntime.mjs';

const DEFAULT_EXAMPLE = 'submit-wait-get-generation';
const REAL_API_URL = 'https://api.aimlapi.com';
const FIXTURES_DIR = path.join(REPO_ROOT, 'dev', 'fixtures');
/** Generation time of the simulator: long enough for the Wait loop to go round a few times. */
const SIM_LATENCY_MS = 5000;
const SIM_WAIT_SECONDS = 2;
const SIM_POLL_SECONDS = 2;
const OWNER = { email: 'demo@example.com', password: 'Wan-video-demo-1' };

/** An error whose message says it all: printed without a stack. */
class DemoError extends Error {}

function usage() {
	return `Usage: node scripts/demo.mjs [--example ${[...Object.keys(EXAMPLES), 'all'].join('|')}] [--out dir] [--editor] [--port 5678] [--no-build]`;
}

function parseArgs(argv) {
	const options = {
		example: DEFAULT_EXAMPLE,
		out: path.join(REPO_ROOT, 'demo-output'),
		editor: false,
		port: 5678,
		build: true,
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].includes('=')
			? [argv[i].slice(0, argv[i].indexOf('=')), argv[i].slice(argv[i].indexOf('=') + 1)]
			: [argv[i], undefined];
		const value = () => {
			const next = inline ?? argv[++i];
			if (next === undefined) throw new DemoError(`${flag} needs a value\n${usage()}`);
			return next;
		};
		if (flag === '--example') options.example = value();
		else if (flag === '--out') options.out = path.resolve(value());
		else if (flag === '--editor') options.editor = true;
		else if (flag === '--port') options.port = Number(value());
		else if (flag === '--no-build') options.build = false;
		else if (flag === '--help' || flag === '-h') {
			console.log(usage());
			process.exit(0);
		} else throw new DemoError(`unknown option ${argv[i]}\n${usage()}`);
	}
	if (options.example !== 'all' && !EXAMPLES[options.example])
		throw new DemoError(`unknown example "${options.example}"\n${usage()}`);
	if (!Number.isInteger(options.port) || options.port <= 0)
		throw new DemoError('--port needs a number');
	return options;
}

const say = (line = '') => process.stdout.write(`${line}\n`);

/** Undo steps (stop n8n, close the simulator, delete temp folders), run last-in first-out. */
const cleanups = [];
async function cleanup() {
	while (cleanups.length)
		await cleanups
			.pop()()
			.catch(() => {});
}
const relative = (file) => {
	const rel = path.relative(process.cwd(), file);
	return rel && !rel.startsWith('..') ? rel : file;
};

const STATUS_OUTPUTS = ['Completed', 'Still Running', 'Failed'];

function outputNames(node) {
	return node.type === NODE_TYPE &&
		node.parameters.operation === 'getGeneration' &&
		node.parameters.routeByStatus
		? STATUS_OUTPUTS
		: [];
}

/** One line per node: how often it ran and how many items left on each output. */
function summariseRun(run, workflow) {
	const runData = run?.data?.resultData?.runData ?? {};
	const nodes = workflow.nodes.filter(
		(node) => runData[node.name] && node.type !== 'n8n-nodes-base.stickyNote',
	);
	const width = Math.max(...nodes.map((node) => node.name.length)) + 2;
	const lines = [];
	for (const node of nodes) {
		const runs = runData[node.name];
		const names = outputNames(node);
		const perOutput = [];
		const route = [];
		for (const taskData of runs) {
			(taskData?.data?.main ?? []).forEach((items, index) => {
				perOutput[index] = (perOutput[index] ?? 0) + (items?.length ?? 0);
				if (items?.length && names[index]) route.push(names[index]);
			});
		}
		let outputs = `${perOutput[0] ?? 0} item(s)`;
		if (perOutput.length > 1)
			outputs = Array.from(
				perOutput,
				(count, index) => `${names[index] ?? `output ${index + 1}`}: ${count ?? 0}`,
			).join(', ');
		const lastError = runs.at(-1)?.error;
		let line = `  ${node.name.padEnd(width)}ran ${runs.length}x, ${outputs}`;
		if (node.disabled) line += ' (disabled: passes items through)';
		if (route.length > 1) line += `\n  ${''.padEnd(width)}${route.join(' -> ')}`;
		if (lastError) line += `\n  ${''.padEnd(width)}ERROR: ${lastError.message}`;
		lines.push(line);
	}
	return lines.join('\n');
}

/** The generations the last Wan Video node of the run output. */
function generations(run, workflow) {
	const runData = run?.data?.resultData?.runData ?? {};
	const wanNodes = workflow.nodes.filter((node) => node.type === NODE_TYPE && runData[node.name]);
	const last = wanNodes.at(-1);
	if (!last) return [];
	const items = runData[last.name].flatMap((taskData) => (taskData?.data?.main ?? []).flat());
	const latest = new Map();
	for (const item of items)
		if (item?.json?.generationId) latest.set(item.json.generationId, item.json);
	return [...latest.values()];
}

/** The files the example's "Read/Write Files from Disk" write nodes reported. */
function writtenFiles(run, workflow) {
	const runData = run?.data?.resultData?.runData ?? {};
	const files = [];
	for (const node of workflow.nodes) {
		if (node.type !== 'n8n-nodes-base.readWriteFile' || node.parameters.operation !== 'write')
			continue;
		for (const taskData of runData[node.name] ?? []) {
			for (const item of taskData?.data?.main?.[0] ?? []) {
				if (typeof item.json?.fileName === 'string') files.push(item.json.fileName);
			}
		}
	}
	return files;
}

/** Resolves when 127.0.0.1:port can be listened on (n8n listens there). */
function assertPortFree(port) {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', (error) =>
			reject(
				new DemoError(
					error.code === 'EADDRINUSE'
						? `port ${port} is in use (another n8n?); stop it or pass --port <n>`
						: `cannot listen on port ${port}: ${error.message}`,
				),
			),
		);
		server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
	});
}

function ffprobeSummary(file) {
	const probe = spawnSync(
		'ffprobe',
		[
			'-v',
			'error',
			'-show_entries',
			'format=format_name,duration,size,bit_rate:stream=codec_type,codec_name,profile,width,height,r_frame_rate,sample_rate,channels',
			'-of',
			'json',
			file,
		],
		{ encoding: 'utf8' },
	);
	if (probe.error?.code === 'ENOENT') return undefined;
	if (probe.status !== 0) return `ffprobe failed: ${(probe.stderr || '').trim().slice(0, 300)}`;
	const info = JSON.parse(probe.stdout);
	const parts = [];
	const format = info.format ?? {};
	parts.push(
		`${format.format_name ?? 'unknown format'}, ${Number(format.duration ?? 0).toFixed(2)} s, ${Number(format.size ?? 0).toLocaleString('en-US')} bytes`,
	);
	for (const stream of info.streams ?? []) {
		if (stream.codec_type === 'video') {
			const [num, den] = String(stream.r_frame_rate ?? '0/1')
				.split('/')
				.map(Number);
			const fps = den ? Math.round((num / den) * 100) / 100 : num;
			parts.push(
				`video ${stream.codec_name}${stream.profile ? ` (${stream.profile})` : ''} ${stream.width}x${stream.height} ${fps} fps`,
			);
		} else if (stream.codec_type === 'audio') {
			parts.push(
				`audio ${stream.codec_name} ${stream.sample_rate} Hz ${stream.channels === 1 ? 'mono' : `${stream.channels} ch`}`,
			);
		}
	}
	return parts.join('; ');
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const apiKey = process.env.AIML_API_KEY?.trim();
	const realApi = Boolean(apiKey);
	const t0 = Date.now();
	const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	let interrupted = false;
	const onSignal = (signal) => {
		if (interrupted) return;
		interrupted = true;
		say(`\n${signal}: stopping...`);
		cleanup().finally(() => process.exit(130));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);

	if (options.editor) await assertPortFree(options.port);
	say('Wan Video demo');
	if (realApi) {
		const baseUrl = process.env.AIML_API_BASE_URL?.trim() || REAL_API_URL;
		say(`  API:      the REAL AIML API at ${baseUrl} (AIML_API_KEY is set)`);
		say('  COST:     this spends credits on your AIML API account. The default example makes one');
		say(
			'            5 s 720p text-to-video (about 1,050,000 credits, ~0.53 USD at the published rates); --example all',
		);
		say('            makes five videos. Generation takes 3 to 9 minutes per video.');
		say('            Starting in 10 s; press Ctrl+C to cancel.');
		await new Promise((resolve) => setTimeout(resolve, 10_000));
		if (interrupted) return;
	} else {
		say('  API:      local AIML API simulator (no key, no internet; AIML_API_KEY is not set)');
	}

	say(
		`  n8n:      ${N8N_VERSION} on Node ${NODE_VERSION} (installed once into the cache; the first run takes a few minutes)`,
	);
	await ensureN8nInstalled({ log: (message) => say(`            ${message}`) });
	const pack = await packPackage({ build: options.build, log: () => {} });
	cleanups.push(() => fs.rm(pack.dir, { recursive: true, force: true }));
	if (!pack.files.includes('dist/nodes/WanVideo/WanVideo.node.js'))
		throw new DemoError(
			'the packed package has no dist/nodes/WanVideo/WanVideo.node.js: run npm run build',
		);
	say(
		`  package:  ${pack.name}@${pack.version} packed and installed the way n8n installs community nodes (${elapsed()})`,
	);

	let sim;
	let baseUrl = process.env.AIML_API_BASE_URL?.trim() || REAL_API_URL;
	if (!realApi) {
		sim = await startSimulator({ latencyMs: SIM_LATENCY_MS });
		cleanups.push(() => sim.close());
		baseUrl = sim.url;
		say(`  API URL:  ${sim.url} (each video takes ${SIM_LATENCY_MS / 1000} s)`);
	}

	const home = await createN8nHome({ tarball: pack.tarball });
	cleanups.push(() => removeN8nHome(home));
	await importCredentials(home, [
		{
			name: EXAMPLE_CREDENTIAL_NAME,
			type: CREDENTIAL_TYPE,
			data: { apiKey: realApi ? apiKey : DEFAULT_API_KEY, baseUrl },
		},
	]);

	const outputDir = options.out;
	await fs.mkdir(outputDir, { recursive: true });
	const outputReal = await fs.realpath(outputDir);
	const fixturesReal = await fs.realpath(FIXTURES_DIR);
	const env = await fileAccessEnv([outputReal, fixturesReal]);

	// Every example is imported (the editor shows them all); the chosen ones run.
	const names = Object.keys(EXAMPLES);
	const adapted = [];
	for (const name of names) {
		adapted.push(
			adaptExample(await loadExample(name), {
				outputDir: outputReal,
				inputDir: fixturesReal,
				...(realApi
					? {}
					: { waitSeconds: SIM_WAIT_SECONDS, pollIntervalSeconds: SIM_POLL_SECONDS }),
			}),
		);
	}
	const imported = await importWorkflow(home, adapted);
	say(
		`  n8n home: ${home.root} (throwaway; credential "${EXAMPLE_CREDENTIAL_NAME}", ${imported.length} example workflows) (${elapsed()})`,
	);
	if (!realApi)
		say(
			`            for the simulator: Wait nodes ${SIM_WAIT_SECONDS} s instead of 30 s, Wan Video checks every ${SIM_POLL_SECONDS} s`,
		);
	say(
		`            files are read from ${relative(fixturesReal)} and written to ${relative(outputReal)}`,
	);

	const chosen = options.example === 'all' ? names : [options.example];
	const videos = [];
	let failed = false;
	for (const name of chosen) {
		const index = names.indexOf(name);
		const workflow = adapted[index];
		say('');
		say(`Running examples/${EXAMPLES[name]} ("${workflow.name}") with n8n execute...`);
		const started = Date.now();
		const ticker = setInterval(
			() => say(`  ...still running (${Math.round((Date.now() - started) / 1000)} s)`),
			realApi ? 30_000 : 10_000,
		);
		let result;
		try {
			result = await executeWorkflow(home, imported[index].id, {
				env,
				timeoutMs: realApi ? 60 * 60_000 : 5 * 60_000,
			});
		} finally {
			clearInterval(ticker);
		}
		if (interrupted) return;
		say(
			`  ${result.ok ? 'finished' : 'FAILED'} in ${(result.durationMs / 1000).toFixed(1)} s, status ${result.status ?? 'unknown'}`,
		);
		if (result.run) say(summariseRun(result.run, workflow));
		if (!result.ok) {
			failed = true;
			say(`  error: ${result.error?.message ?? `n8n exited with ${result.code}`}`);
			if (result.error?.description) say(`         ${result.error.description}`);
			say(`  n8n log: ${result.logFile}`);
			continue;
		}
		for (const generation of generations(result.run, workflow)) {
			const credits =
				typeof generation.creditsUsed === 'number'
					? `, ${generation.creditsUsed.toLocaleString('en-US')} credits`
					: '';
			say(`  generation ${generation.generationId}: ${generation.status}${credits}`);
		}
		videos.push(...writtenFiles(result.run, workflow));
	}

	say('');
	if (videos.length) {
		say(`Video${videos.length > 1 ? 's' : ''} written to ${outputReal}:`);
		for (const file of videos) {
			const { size } = await fs.stat(file);
			say(`  ${file} (${size.toLocaleString('en-US')} bytes)`);
			const probe = ffprobeSummary(file);
			say(
				probe === undefined
					? '    ffprobe not found; install ffmpeg (e.g. apt-get install ffmpeg) to see the streams'
					: `    ffprobe: ${probe}`,
			);
		}
	}
	if (sim) {
		const counters = sim.state.counters;
		say(
			`Simulator: ${counters.submits} submit(s), ${counters.statusChecks} status check(s), ${counters.downloads} download(s).`,
		);
	}
	say(`Total ${elapsed()}.`);

	if (!options.editor) {
		await cleanup();
		process.exitCode = failed || videos.length === 0 ? 1 : 0;
		return;
	}

	// Editor: register the package as n8n's installer does, start n8n, create the owner.
	say('');
	say('Starting the n8n editor...');
	await registerInstalledPackage(home);
	const editor = await startEditor(home, { port: options.port, env });
	cleanups.push(() => editor.stop());
	await editor.setupOwner({ ...OWNER, firstName: 'Demo', lastName: 'Owner' });
	const localUrl = `http://localhost:${editor.port}`;
	say('');
	say(`n8n editor: ${localUrl}`);
	say(`  email:    ${OWNER.email}`);
	say(`  password: ${OWNER.password}`);
	say(`  credential "${EXAMPLE_CREDENTIAL_NAME}" -> ${realApi ? baseUrl : `simulator ${baseUrl}`}`);
	say('  workflows:');
	for (const workflow of imported) say(`    ${localUrl}/workflow/${workflow.id}  ${workflow.name}`);
	say('  Settings > Community nodes lists n8n-nodes-wan-video.');
	say(`  Videos made in the editor go to ${outputReal}.`);
	say('Press Ctrl+C to stop n8n and delete this throwaway n8n home.');
	const { code, signal } = await editor.exited;
	if (!interrupted) {
		say(`n8n stopped (${signal ?? `exit ${code}`}); log: ${editor.logFile}`);
		await cleanup();
		process.exitCode = 1;
	}
}

main().catch(async (error) => {
	console.error(
		`demo failed: ${error instanceof DemoError ? error.message : (error.stack ?? error.message)}`,
	);
	await cleanup();
	process.exit(1);
});
