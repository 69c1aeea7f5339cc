import http from 'node:http';

import { createSimulatorContext, resetSimulator } from './context.mjs';
import { completeJobNow } from './jobs.mjs';
import { resolveOptions } from './options.mjs';
import { sendError } from './responses.mjs';
import { handleRequest } from './router.mjs';

function listen(server, port, host) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, resolve);
	});
}

/**
 * Starts the simulator.
 * @param {object} [options]
 * @param {number} [options.port=0]                 0 = random free port
 * @param {string} [options.host='127.0.0.1']
 * @param {string[]} [options.validKeys=[]]         accepted in addition to 'sim-key'
 * @param {boolean} [options.acceptDefaultKey=true] accept 'sim-key'
 * @param {number} [options.latencyMs=1500]         submit -> completed
 * @param {number} [options.queuedFraction=0.2]     part of latencyMs spent in "queued"
 * @param {number} [options.responseDelayMs=0]      delay before every API answer
 * @param {{limit:number, windowMs:number}} [options.rateLimit]  global API rate limit in fixed windows (429 beyond)
 * @param {number} [options.requestsPerSecond]      global API rate limit: at most N requests in any second (429 beyond)
 * @param {boolean} [options.retryAfterHeader=true] send Retry-After (seconds) with the 429s of the rate limits
 * @param {number} [options.usageLogDelayMs=0]      a generation appears in GET /v2/logs this long after its submit
 * @param {string[]} [options.scenarios=[]]         tokens applied to every generation, e.g. ['status429x1']
 * @param {number} [options.largeFileBytes]         serve files of this many streamed bytes
 * @param {string} [options.fixturePath]            MP4 served for completed generations
 * @param {number} [options.balance=100]            USD balance for /v2/billing, reduced by completed jobs
 * @param {number} [options.linkTtlSeconds=3600]    lifetime of the signed file links
 * @param {string} [options.idFormat='aiml']        'aiml' = "<uuid>:<model>" like the real API, 'uuid' = bare uuid
 * @param {string} [options.publicUrl]              base URL put into video links (default: own URL)
 * @param {(line: string) => void} [options.log]    request log
 */
export async function startSimulator(options = {}) {
	const simulator = createSimulatorContext(resolveOptions(options));
	const server = http.createServer((req, res) => {
		handleRequest(simulator, req, res).catch((error) => {
			if (!res.headersSent)
				sendError(simulator, req, res, 500, `Simulator error: ${error.message}`);
			else res.destroy(error);
		});
	});
	await listen(server, simulator.options.port, simulator.options.host);
	const { port } = server.address();
	simulator.baseUrl = `http://${simulator.options.host}:${port}`;

	return {
		url: simulator.baseUrl,
		port,
		state: simulator.state,
		/** internal generation record (with scenario and timing) */
		getJob: (id) => simulator.jobs.get(id),
		/** current USD balance */
		getBalance: () => simulator.balance,
		/** forget every request, job and counter */
		reset: () => resetSimulator(simulator),
		/** make a generation complete now */
		completeNow: (id) => completeJobNow(simulator, id),
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections?.();
			}),
		server,
	};
}
