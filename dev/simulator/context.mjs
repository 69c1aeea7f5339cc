import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

import { DEFAULT_API_KEY } from './options.mjs';
import { createRateTracker } from './rateLimit.mjs';
import { parseScenarios } from './scenarios.mjs';
import { createState } from './state.mjs';

/**
 * Everything one running simulator knows, passed to every handler.
 * @param {object} options resolved options (see resolveOptions)
 */
export function createSimulatorContext(options) {
	const fixture = fs.readFileSync(options.fixturePath);
	return {
		options,
		fixture,
		/** key of the HMAC that signs file links */
		secret: randomBytes(16),
		/** scenario applied to every generation, under the prompt's own tokens */
		globalScenario: parseScenarios(options.scenarios),
		validKeys: new Set([
			...(options.acceptDefaultKey ? [DEFAULT_API_KEY] : []),
			...options.validKeys,
		]),
		state: createState(),
		/** @type {Map<string, any>} internal generation records by id */
		jobs: new Map(),
		/** @type {Map<string, any>} the same records by file name */
		jobsByFile: new Map(),
		/** USD */
		balance: options.balance,
		requestSeq: 0,
		/** recent requests, for the rate limits and the peak rate */
		rate: createRateTracker(),
		/** set once the server listens */
		baseUrl: '',
	};
}

/** Forgets every request, job and counter, and restores the balance. */
export function resetSimulator(simulator) {
	// Same object, so that callers holding `sim.state` see the reset.
	Object.assign(simulator.state, createState());
	simulator.jobs.clear();
	simulator.jobsByFile.clear();
	simulator.balance = simulator.options.balance;
	simulator.rate = createRateTracker();
	simulator.usageLogCalls = [];
}
