import type { IExecuteFunctions } from 'n8n-workflow';

import type { HttpFailure } from '../transport/failure';
import { FINISHED_STATUSES, type Generation } from '../transport/generation';
import type { CallResult } from '../transport/generations';
import { mapWithConcurrency } from '../shared/mapWithConcurrency';
import { pauseUnlessCancelled, throwIfCancelled } from './pause';
import { POLLING_POLICY } from './pollingPolicy';

export interface WaitSettings {
	pollIntervalMs: number;
	maxWaitMs: number;
	/** Check once before the first pause (an existing generation), or pause first (one just submitted). */
	checkImmediately: boolean;
}

export type WaitOutcome =
	| { state: 'finished'; generation: Generation; waitedMs: number }
	| { state: 'timedOut'; generation: Generation; waitedMs: number }
	| { state: 'unreachable'; generationId: string; failure: HttpFailure; waitedMs: number };

/**
 * Waits for many generations together: each round checks every pending one once, then pauses.
 * Ten generations take about as long as the slowest, not ten times one.
 */
export async function waitForGenerations(
	context: IExecuteFunctions,
	generations: Generation[],
	settings: WaitSettings,
	fetch: (generationId: string) => Promise<CallResult>,
): Promise<WaitOutcome[]> {
	const startedMs = Date.now();
	const deadlineMs = startedMs + settings.maxWaitMs;
	const outcomes: Array<WaitOutcome | undefined> = new Array(generations.length);
	const latest = [...generations];
	let pending = generations
		.map((generation, index) => ({ generation, index }))
		.filter(({ generation, index }) => {
			if (!FINISHED_STATUSES.has(generation.status)) return true;
			outcomes[index] = { state: 'finished', generation, waitedMs: 0 };
			return false;
		})
		.map(({ index }) => index);

	const pendingIds = () => pending.map((index) => latest[index].id);
	let firstRound = true;
	while (pending.length > 0) {
		if (!(firstRound && settings.checkImmediately)) {
			const remainingMs = deadlineMs - Date.now();
			if (remainingMs <= 0) break;
			await pauseUnlessCancelled(context, Math.min(settings.pollIntervalMs, remainingMs));
		}
		firstRound = false;
		throwIfCancelled(context, pendingIds());

		const checks = await mapWithConcurrency(
			pending,
			POLLING_POLICY.statusCheckConcurrency,
			async (index) => await fetch(latest[index].id),
		);
		throwIfCancelled(context, pendingIds());
		const waitedMs = Date.now() - startedMs;
		pending = pending.filter((index, position) => {
			const check = checks[position] as CallResult;
			if (!check.ok) {
				outcomes[index] = {
					state: 'unreachable',
					generationId: latest[index].id,
					failure: check.failure,
					waitedMs,
				};
				return false;
			}
			latest[index] = { ...latest[index], ...withoutUndefined(check.generation) };
			if (!FINISHED_STATUSES.has(check.generation.status)) return true;
			outcomes[index] = { state: 'finished', generation: latest[index], waitedMs };
			return false;
		});
		if (Date.now() >= deadlineMs) break;
	}

	const waitedMs = Date.now() - startedMs;
	for (const index of pending) {
		outcomes[index] = { state: 'timedOut', generation: latest[index], waitedMs };
	}
	return outcomes as WaitOutcome[];
}

function withoutUndefined(generation: Generation): Partial<Generation> {
	return Object.fromEntries(Object.entries(generation).filter(([, value]) => value !== undefined));
}
