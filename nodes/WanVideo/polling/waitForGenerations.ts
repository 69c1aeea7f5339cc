import type { IExecuteFunctions } from 'n8n-workflow';

import { mapWithConcurrency } from '../shared/mapWithConcurrency';
import { pauseUnlessCancelled, throwIfCancelled } from '../shared/cancellation';
import { isTransient, type HttpFailure } from '../transport/failure';
import { FINISHED_STATUSES, type Generation } from '../transport/generation';
import type { CallResult } from '../transport/generations';
import { backoffDelayMs } from '../transport/retryPolicy';
import { POLLING_POLICY } from './pollingPolicy';

export interface WaitSettings {
	pollIntervalMs: number;
	maxWaitMs: number;
	/** Check once before the first pause (an existing generation), or pause first (one just submitted). */
	checkImmediately: boolean;
}

export type WaitOutcome =
	| { state: 'finished'; generation: Generation; waitedMs: number }
	| { state: 'timedOut'; generation: Generation; waitedMs: number; lastFailure?: HttpFailure }
	| { state: 'unreachable'; generationId: string; failure: HttpFailure; waitedMs: number };

interface Watched {
	index: number;
	dueMs: number;
	failedChecks: number;
	lastFailure?: HttpFailure;
	/** Whether any status answer was read; a generation never read cannot be called running. */
	seen: boolean;
}

/**
 * Waits for many generations together. Each is checked about once per interval, the checks of a
 * batch spread over the interval rather than fired at once, and the run's request budget paces
 * them further. A check that fails for a passing reason (429, 5xx, a dropped connection, a page
 * that is not the API's) never ends the wait: the generation is checked again later, until Max
 * Wait. Only a definitive answer (the ID does not exist, the key is refused) ends it early.
 */
export async function waitForGenerations(
	context: IExecuteFunctions,
	generations: Generation[],
	settings: WaitSettings,
	check: (generationId: string) => Promise<CallResult>,
): Promise<WaitOutcome[]> {
	const startedMs = Date.now();
	const deadlineMs = startedMs + settings.maxWaitMs;
	const outcomes: Array<WaitOutcome | undefined> = new Array(generations.length);
	const latest = [...generations];
	const started = () => latest.map(({ id, status, videoUrl }) => ({ id, status, videoUrl }));

	const unfinished = generations
		.map((generation, index) => ({ generation, index }))
		.filter(({ generation, index }) => {
			if (!FINISHED_STATUSES.has(generation.status)) return true;
			outcomes[index] = { state: 'finished', generation, waitedMs: 0 };
			return false;
		});
	// A check that just failed for a passing reason is tried again a few times even past Max Wait
	// (a single check of an existing generation has no wait at all).
	const mayRetry = (entry: Watched) =>
		entry.lastFailure !== undefined && entry.failedChecks <= POLLING_POLICY.retriesPastDeadline;
	const isActive = (entry: Watched) => entry.dueMs <= deadlineMs || mayRetry(entry);
	// The last regular check of each generation falls on Max Wait, not past it.
	const nextCheckMs = (afterMs: number, delayMs: number) =>
		afterMs >= deadlineMs ? afterMs + delayMs : Math.min(afterMs + delayMs, deadlineMs);

	let watched: Watched[] = unfinished.map(({ index }, position) => {
		const entry: Watched = {
			index,
			dueMs: startedMs,
			failedChecks: 0,
			seen: !settings.checkImmediately,
		};
		if (!settings.checkImmediately) {
			const spreadMs = Math.floor((position * settings.pollIntervalMs) / unfinished.length);
			entry.dueMs = nextCheckMs(startedMs, settings.pollIntervalMs + spreadMs);
		}
		return entry;
	});

	for (;;) {
		const active = watched.filter(isActive);
		if (active.length === 0) break;
		const pauseMs = Math.min(...active.map((entry) => entry.dueMs)) - Date.now();
		if (pauseMs > 0) await pauseUnlessCancelled(context, pauseMs);
		throwIfCancelled(context, started);

		const nowMs = Date.now();
		const due = active.filter((entry) => entry.dueMs <= nowMs);
		const checks = await mapWithConcurrency(
			due,
			POLLING_POLICY.statusCheckConcurrency,
			async (entry) => await check(latest[entry.index].id),
		);
		throwIfCancelled(context, started);

		const checkedMs = Date.now();
		const ended = new Set<Watched>();
		due.forEach((entry, position) => {
			const result = checks[position] as CallResult;
			if (!result.ok) {
				if (!isTransient(result.failure)) {
					outcomes[entry.index] = {
						state: 'unreachable',
						generationId: latest[entry.index].id,
						failure: result.failure,
						waitedMs: checkedMs - startedMs,
					};
					ended.add(entry);
					return;
				}
				entry.failedChecks += 1;
				entry.lastFailure = result.failure;
				const retryMs = Math.max(
					backoffDelayMs(entry.failedChecks - 1),
					result.failure.retryAfterMs ?? 0,
				);
				entry.dueMs = nextCheckMs(checkedMs, Math.min(POLLING_POLICY.maxRecheckDelayMs, retryMs));
				return;
			}
			entry.failedChecks = 0;
			entry.lastFailure = undefined;
			entry.seen = true;
			latest[entry.index] = {
				...latest[entry.index],
				...withoutUndefined(result.generation),
			};
			if (FINISHED_STATUSES.has(result.generation.status)) {
				outcomes[entry.index] = {
					state: 'finished',
					generation: latest[entry.index],
					waitedMs: checkedMs - startedMs,
				};
				ended.add(entry);
				return;
			}
			entry.dueMs = nextCheckMs(checkedMs, settings.pollIntervalMs);
		});
		watched = watched.filter((entry) => !ended.has(entry));
	}

	const waitedMs = Date.now() - startedMs;
	for (const entry of watched) {
		const generation = latest[entry.index];
		if (!entry.seen && entry.lastFailure) {
			outcomes[entry.index] = {
				state: 'unreachable',
				generationId: generation.id,
				failure: entry.lastFailure,
				waitedMs,
			};
			continue;
		}
		outcomes[entry.index] = {
			state: 'timedOut',
			generation,
			waitedMs,
			...(entry.lastFailure ? { lastFailure: entry.lastFailure } : {}),
		};
	}
	return outcomes as WaitOutcome[];
}

function withoutUndefined(generation: Generation): Partial<Generation> {
	return Object.fromEntries(Object.entries(generation).filter(([, value]) => value !== undefined));
}
