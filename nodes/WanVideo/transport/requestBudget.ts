import type { IExecuteFunctions } from 'n8n-workflow';

import { REQUESTS_PER_SECOND } from '../options/runOptions';
import { pauseUnlessCancelled } from '../shared/cancellation';

export const REQUEST_BUDGET_POLICY = {
	/** After a 429 the pace halves, down to this share of the ceiling. */
	slowestShare: 0.05,
	/** Each clean answer wins back this share of the ceiling. */
	recoveryShare: 0.05,
	/** Each window of the pace is this much longer than the ceiling asks, against network jitter. */
	windowMargin: 1.1,
	/** Without a Retry-After header, a 429 pauses every call of the run this long. */
	defaultRateLimitPauseMs: 2_000,
} as const;

/**
 * One pace for every API call of a run: never more calls in any one-second window than the
 * ceiling allows. A 429 halves the pace and pauses every caller (for Retry-After when the API
 * sends it); clean answers bring the pace back up to the ceiling step by step.
 */
export class RequestBudget {
	private ratePerSecond: number;
	private pausedUntilMs = 0;
	/** Start times of the latest calls, oldest first. */
	private starts: number[] = [];
	private queue: Promise<void> = Promise.resolve();
	/** Most calls started within one second, for the benchmark. */
	peakPerSecond = 0;
	rateLimitedAnswers = 0;

	constructor(readonly ceilingPerSecond: number) {
		this.ratePerSecond = ceilingPerSecond;
	}

	get currentPerSecond(): number {
		return this.ratePerSecond;
	}

	/**
	 * Waits for this call's turn. Callers queue, so their waits follow one another and the calls
	 * leave evenly spaced. Resolves false when the execution is cancelled meanwhile.
	 */
	async take(context: IExecuteFunctions): Promise<boolean> {
		let granted = true;
		const turn = this.queue.then(async () => {
			granted = await this.waitForTurn(context);
		});
		this.queue = turn.catch(() => {});
		await turn;
		return granted;
	}

	/**
	 * `calls` calls per `windowMs`: 5/s is 5 per second, 0.5/s is 1 per 2 seconds. The window is
	 * a tenth longer than the pace asks: calls reach the API with a little jitter, and two full
	 * windows must not land in one second of the API's count.
	 */
	private window(): { calls: number; windowMs: number } {
		const calls = Math.max(1, Math.floor(this.ratePerSecond));
		return {
			calls,
			windowMs: (calls / this.ratePerSecond) * 1000 * REQUEST_BUDGET_POLICY.windowMargin,
		};
	}

	private async waitForTurn(context: IExecuteFunctions): Promise<boolean> {
		for (;;) {
			const nowMs = Date.now();
			const { calls, windowMs } = this.window();
			this.starts = this.starts.filter((startMs) => nowMs - startMs < windowMs).slice(-calls);
			const freeAtMs = this.starts.length < calls ? nowMs : this.starts[0] + windowMs;
			const waitMs = Math.ceil(Math.max(this.pausedUntilMs, freeAtMs) - nowMs);
			if (waitMs <= 0) {
				this.starts.push(nowMs);
				this.countPeak(nowMs);
				return true;
			}
			if (!(await pauseUnlessCancelled(context, waitMs))) return false;
		}
	}

	private peakWindow: number[] = [];

	private countPeak(nowMs: number) {
		this.peakWindow = this.peakWindow.filter((startMs) => nowMs - startMs < 1000);
		this.peakWindow.push(nowMs);
		this.peakPerSecond = Math.max(this.peakPerSecond, this.peakWindow.length);
	}

	/**
	 * The API answered 429: slow the whole run down and pause it. Calls already in flight when the
	 * first 429 came answer 429 too; they belong to the same slow-down and halve the pace only once.
	 */
	rateLimited(retryAfterMs?: number) {
		this.rateLimitedAnswers += 1;
		const nowMs = Date.now();
		const pauseMs = retryAfterMs ?? REQUEST_BUDGET_POLICY.defaultRateLimitPauseMs;
		const alreadySlowedDown = nowMs < this.pausedUntilMs;
		this.pausedUntilMs = Math.max(this.pausedUntilMs, nowMs + pauseMs);
		if (alreadySlowedDown) return;
		const slowest = Math.max(
			REQUESTS_PER_SECOND.min,
			this.ceilingPerSecond * REQUEST_BUDGET_POLICY.slowestShare,
		);
		this.ratePerSecond = Math.max(slowest, this.ratePerSecond / 2);
	}

	/** A call was answered without a 429: speed back up towards the ceiling. */
	answered() {
		if (this.ratePerSecond >= this.ceilingPerSecond) return;
		this.ratePerSecond = Math.min(
			this.ceilingPerSecond,
			this.ratePerSecond + this.ceilingPerSecond * REQUEST_BUDGET_POLICY.recoveryShare,
		);
	}
}

// Keyed by the node run's context, so that every call of one run shares one budget without
// threading it through each function; it goes away with the run.
const budgets = new WeakMap<IExecuteFunctions, RequestBudget>();

/** Sets this run's ceiling (from the Options); call it before the run's first request. */
export function useRequestBudget(
	context: IExecuteFunctions,
	requestsPerSecond: number,
): RequestBudget {
	const budget = new RequestBudget(requestsPerSecond);
	budgets.set(context, budget);
	return budget;
}

export function requestBudgetOf(context: IExecuteFunctions): RequestBudget {
	let budget = budgets.get(context);
	if (!budget) {
		budget = new RequestBudget(REQUESTS_PER_SECOND.default);
		budgets.set(context, budget);
	}
	return budget;
}
