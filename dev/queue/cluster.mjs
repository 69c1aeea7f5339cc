import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import {
	createN8nHome,
	ensureN8nInstalled,
	findFreePort,
	randomN8nId,
	runN8n,
} from '../n8nRuntime.mjs';
import { connectN8nDatabase } from './database.mjs';
import { describeInstalledPackage } from './installedPackage.mjs';
import { startN8nProcess } from './n8nProcess.mjs';
import { ensurePostgresInstalled, startPostgres } from './postgres.mjs';
import { ensureRedisInstalled, startRedis } from './redis.mjs';
import { readLogs } from './workerLogs.mjs';

/**
 * How long a worker's job lock lasts and how often it is renewed and checked
 * (QUEUE_WORKER_LOCK_DURATION, _LOCK_RENEW_TIME, _STALLED_INTERVAL; n8n's defaults are 60 s,
 * 10 s and 30 s). Shorter values only make a dead worker's executions fail sooner.
 */
export const DEFAULT_LOCK_SETTINGS = { lockMs: 15_000, renewMs: 5_000, stalledCheckMs: 5_000 };

/** The event bus log of a worker's n8n folder (`n8nEventLog-worker.log` and its rotations). */
async function discardEventLog(home) {
	const dir = path.join(home.root, '.n8n');
	const files = await fsp.readdir(dir).catch(() => []);
	for (const file of files.filter((name) => name.startsWith('n8nEventLog-worker')))
		await fsp.rm(path.join(dir, file), { force: true });
}

async function importFile(home, command, content, env) {
	const file = path.join(home.importDir, `${command.replace(':', '-')}-${randomN8nId(6)}.json`);
	await fsp.writeFile(file, JSON.stringify(content, null, 2));
	const result = await runN8n(home, [command, `--input=${file}`], { env, allowFailure: false });
	if (!result.logs.some((entry) => /Successfully imported/.test(entry.message)))
		throw new Error(
			`n8n ${command} reported no success:\n${result.logs.map((e) => e.message).join('\n')}`,
		);
}

/**
 * n8n in queue mode on 127.0.0.1: Redis, Postgres 17, one main (`n8n start`, which takes the
 * production webhooks) and `workers` workers (`n8n worker --concurrency=N`), each with its own
 * n8n user folder holding the packed package as n8n's installer lays it out, all sharing one
 * encryption key. The credentials and workflows are imported and the workflows published
 * before the main starts, so their production webhooks are live.
 *
 * @param {object} options
 * @param {string} options.tarball                 the packed package (packPackage)
 * @param {object[]} options.credentials           [{ id, name, type, data }] (data in plain text)
 * @param {object[]} options.workflows             workflow JSON, each with an id; all are published
 * @param {number} [options.workers=2]
 * @param {number} [options.concurrency=10]        jobs per worker (`--concurrency`)
 * @param {(index: number) => object} [options.workerEnv]  extra environment of one worker
 * @param {object} [options.lockSettings=DEFAULT_LOCK_SETTINGS]
 * @param {number} [options.gracefulShutdownSeconds=30]  N8N_GRACEFUL_SHUTDOWN_TIMEOUT
 * @param {boolean} [options.keepRunDir=false]     keep databases and logs after stop()
 * @param {(message: string) => void} [options.log]
 */
export async function startQueueCluster({
	tarball,
	credentials,
	workflows,
	workers: workerCount = 2,
	concurrency = 10,
	workerEnv = () => ({}),
	lockSettings = DEFAULT_LOCK_SETTINGS,
	gracefulShutdownSeconds = 30,
	keepRunDir = false,
	log = () => {},
}) {
	const t0 = Date.now();
	const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	const [runtime, , nativeDir] = await Promise.all([
		ensureN8nInstalled({ log }),
		ensureRedisInstalled({ log }),
		ensurePostgresInstalled({ log }),
	]);
	const runDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'wan-video-queue-'));
	const stoppers = [];
	const stop = async () => {
		for (const stopOne of stoppers.splice(0).reverse()) await stopOne().catch(() => {});
		if (keepRunDir) log(`kept ${runDir}`);
		else await fsp.rm(runDir, { recursive: true, force: true, maxRetries: 3 });
	};
	try {
		const redis = await startRedis({ runDir, log });
		stoppers.push(redis.stop);
		const postgres = await startPostgres({ runDir, nativeDir, log });
		stoppers.push(postgres.stop);

		const encryptionKey = randomBytes(24).toString('hex');
		const mainHome = await createN8nHome({
			tarball,
			dir: path.join(runDir, 'main'),
			encryptionKey,
			cacheDir: runtime.cacheDir,
		});
		const workerHomes = [];
		for (let i = 0; i < workerCount; i++)
			workerHomes.push(
				await createN8nHome({
					tarball,
					dir: path.join(runDir, `worker-${i + 1}`),
					encryptionKey,
					cacheDir: runtime.cacheDir,
				}),
			);

		const databaseEnv = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: postgres.password,
			DB_POSTGRESDB_DATABASE: postgres.database,
		};
		const queueEnv = {
			...databaseEnv,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			QUEUE_WORKER_LOCK_DURATION: String(lockSettings.lockMs),
			QUEUE_WORKER_LOCK_RENEW_TIME: String(lockSettings.renewMs),
			QUEUE_WORKER_STALLED_INTERVAL: String(lockSettings.stalledCheckMs),
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: String(gracefulShutdownSeconds),
		};

		// The first command creates the schema.
		await importFile(mainHome, 'import:credentials', credentials, databaseEnv);
		await importFile(mainHome, 'import:workflow', workflows, databaseEnv);
		for (const workflow of workflows)
			await runN8n(mainHome, ['publish:workflow', `--id=${workflow.id}`], {
				env: databaseEnv,
				allowFailure: false,
			});
		const db = await connectN8nDatabase(runtime, {
			host: postgres.host,
			port: postgres.port,
			user: postgres.user,
			password: postgres.password,
			database: postgres.database,
		});
		stoppers.push(() => db.close());
		await db.registerInstalledPackage(await describeInstalledPackage(mainHome));
		log(
			`database ready: schema, credentials, ${workflows.length} published workflows (${elapsed()})`,
		);

		const mainPort = await findFreePort();
		const url = `http://127.0.0.1:${mainPort}`;
		const main = await startN8nProcess(mainHome, {
			name: 'main',
			args: ['start'],
			env: {
				...queueEnv,
				N8N_PORT: String(mainPort),
				N8N_PROTOCOL: 'http',
				N8N_EDITOR_BASE_URL: `${url}/`,
				WEBHOOK_URL: `${url}/`,
			},
			logFile: path.join(mainHome.logsDir, 'main.log'),
			readinessUrl: `${url}/healthz/readiness`,
		});
		stoppers.push(() => main.stop());
		log(`main ready on ${url} (${elapsed()})`);

		const workers = workerHomes.map((home, index) => ({
			index,
			name: `worker-${index + 1}`,
			home,
			process: undefined,
			logFiles: [],
			starts: 0,
		}));
		/**
		 * Starts a worker. `eventLog: 'discard'` deletes the event log its previous process left
		 * in its n8n folder first, as a worker container without a persistent volume starts: at
		 * start-up n8n 2.41 marks every execution of that log not finished yet as crashed,
		 * parked ones included, and drops one whose resume is queued at that moment.
		 */
		const startWorker = async (index, { eventLog = 'keep' } = {}) => {
			const worker = workers[index];
			if (worker.process?.isRunning()) throw new Error(`${worker.name} is already running`);
			if (eventLog === 'discard') await discardEventLog(worker.home);
			worker.starts += 1;
			const healthPort = await findFreePort();
			const logFile = path.join(worker.home.logsDir, `${worker.name}-start-${worker.starts}.log`);
			worker.logFiles.push(logFile);
			worker.process = await startN8nProcess(worker.home, {
				name: worker.name,
				args: ['worker', `--concurrency=${concurrency}`],
				env: {
					...queueEnv,
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					...workerEnv(index),
				},
				logFile,
				readinessUrl: `http://127.0.0.1:${healthPort}/healthz/readiness`,
			});
			log(`${worker.name} ready (start ${worker.starts}, ${worker.process.readyAfterMs} ms)`);
			return worker.process;
		};
		stoppers.push(async () => {
			await Promise.all(workers.map((worker) => worker.process?.stop()));
		});
		await Promise.all(workers.map((worker) => startWorker(worker.index)));
		log(`queue cluster up: main and ${workerCount} workers (${elapsed()})`);

		return {
			url,
			runDir,
			main,
			workers,
			db,
			redis,
			postgres,
			concurrency,
			webhookUrl: (webhookPath) => `${url}/webhook/${webhookPath}`,
			startWorker,
			/** Sends `signal` (SIGKILL by default) to a worker's process group and waits for it to exit. */
			async killWorker(index, signal = 'SIGKILL') {
				const worker = workers[index];
				worker.process.signal(signal);
				await worker.process.exited;
				// Its task runner goes with it.
				worker.process.signal('SIGKILL');
				log(`${worker.name} killed (${signal})`);
			},
			/** Starts every worker that is not running. */
			async ensureWorkersRunning() {
				await Promise.all(
					workers.filter((w) => !w.process?.isRunning()).map((w) => startWorker(w.index)),
				);
			},
			/** Every log entry a worker wrote, over all its starts. */
			workerLogs: (index) => readLogs(workers[index].logFiles),
			mainLogs: () => readLogs([main.logFile]),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
