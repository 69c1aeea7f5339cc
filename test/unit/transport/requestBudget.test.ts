import { sleep, type IExecuteFunctions } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { installFakeClock, uninstallFakeClock } from '../../../dev/harness/fakeClock.mjs';
import { RequestBudget } from '../../../nodes/WanVideo/transport/requestBudget';

const context = { getExecutionCancelSignal: () => undefined } as unknown as IExecuteFunctions;

async function startTimes(budget: RequestBudget, calls: number): Promise<number[]> {
	const times: number[] = [];
	for (let call = 0; call < calls; call++) {
		await budget.take(context);
		times.push(Date.now());
	}
	return times;
}

function busiestSecond(times: number[]): number {
	return Math.max(
		...times.map((start) => times.filter((t) => t >= start && t < start + 1000).length),
	);
}

beforeEach(() => installFakeClock());
afterEach(() => uninstallFakeClock());

describe('the request budget of a run', () => {
	it('lets a small run go at once and holds a large one to the ceiling', async () => {
		const budget = new RequestBudget(5);
		const times = await startTimes(budget, 23);
		expect(times.slice(0, 5).every((time) => time === times[0])).toBe(true);
		expect(busiestSecond(times)).toBe(5);
		expect(vi.mocked(sleep)).toHaveBeenCalled();
	});

	it('after a 429 pauses every caller for Retry-After, slows down, and speeds up again on clean answers', async () => {
		const budget = new RequestBudget(4);
		await startTimes(budget, 4);
		const limitedAt = Date.now();
		budget.rateLimited(7_000);
		const [next] = await startTimes(budget, 1);
		expect(next - limitedAt).toBeGreaterThanOrEqual(7_000);
		expect(budget.currentPerSecond).toBe(2);
		const slow = await startTimes(budget, 6);
		expect(busiestSecond(slow)).toBeLessThanOrEqual(2);
		for (let answer = 0; answer < 20; answer++) budget.answered();
		expect(budget.currentPerSecond).toBe(4);
	});

	it('without Retry-After still pauses, and never slows below its floor', async () => {
		const budget = new RequestBudget(5);
		const limitedAt = Date.now();
		for (let refusal = 0; refusal < 30; refusal++) budget.rateLimited();
		expect(budget.currentPerSecond).toBeGreaterThan(0);
		const [next] = await startTimes(budget, 1);
		expect(next).toBeGreaterThan(limitedAt);
	});

	it('halves the pace once for the 429s of calls that were in flight together', async () => {
		const budget = new RequestBudget(5);
		for (let answer = 0; answer < 5; answer++) budget.rateLimited();
		expect(budget.currentPerSecond).toBe(2.5);
		await startTimes(budget, 1);
		budget.rateLimited();
		expect(budget.currentPerSecond).toBe(1.25);
	});

	it('a cancelled execution gets no turn', async () => {
		const controller = new AbortController();
		const cancellable = {
			getExecutionCancelSignal: () => controller.signal,
		} as unknown as IExecuteFunctions;
		const budget = new RequestBudget(1);
		expect(await budget.take(cancellable)).toBe(true);
		controller.abort();
		expect(await budget.take(cancellable)).toBe(false);
	});
});
