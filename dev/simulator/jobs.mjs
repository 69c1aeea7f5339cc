import { randomUUID } from 'node:crypto';

import { creditsFor } from './pricing.mjs';

/** Creates and registers the internal record of a generation. */
export function createJob(simulator, { body, prompt, scenario }) {
	const uuid = randomUUID();
	const id = simulator.options.idFormat === 'uuid' ? uuid : `${uuid}:${body.model}`;
	const job = {
		id,
		file: uuid,
		model: body.model,
		prompt,
		body,
		scenario,
		createdAt: Date.now(),
		latencyMs: scenario.latencyMs ?? simulator.options.latencyMs,
		statusChecks: 0,
		downloads: 0,
		/** signed links issued, by signature: { expires, expiredByScenario } */
		signatures: new Map(),
		creditsUsed: creditsFor(body.model, body),
		charged: false,
		createdDespiteError: false,
	};
	simulator.jobs.set(id, job);
	simulator.jobsByFile.set(job.file, job);
	simulator.state.counters.jobsCreated += 1;
	return job;
}

/** queued for the first part of the latency, generating for the rest, then completed or error. */
export function jobStatus(simulator, job, now = Date.now()) {
	const elapsed = now - job.createdAt;
	if (elapsed < job.latencyMs * simulator.options.queuedFraction) return 'queued';
	if (elapsed < job.latencyMs) return 'generating';
	return job.scenario.fail ? 'error' : 'completed';
}

function publicJob(simulator, job) {
	return {
		id: job.id,
		file: job.file,
		model: job.model,
		prompt: job.prompt,
		body: job.body,
		scenario: job.scenario,
		createdAt: job.createdAt,
		latencyMs: job.latencyMs,
		status: jobStatus(simulator, job),
		statusChecks: job.statusChecks,
		linksIssued: job.signatures.size,
		downloads: job.downloads,
		createdDespiteError: job.createdDespiteError,
		creditsUsed: job.creditsUsed,
	};
}

/** Refreshes the job's public view in `state.jobs`. */
export function syncJobState(simulator, job) {
	simulator.state.jobs[job.id] = publicJob(simulator, job);
}

/** Makes the generation complete now. */
export function completeJobNow(simulator, id) {
	const job = simulator.jobs.get(id);
	if (job) job.createdAt = Date.now() - job.latencyMs;
}
