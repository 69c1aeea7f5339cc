/*
 * The test file must mock n8n-workflow's `sleep` itself:
 *
 *   vi.mock('n8n-workflow', async (importOriginal) => ({
 *     ...(await importOriginal<typeof import('n8n-workflow')>()),
 *     sleep: vi.fn(async () => {}),
 *   }));
 */
import { sleep } from 'n8n-workflow';
import { vi } from 'vitest';

export interface FakeClock {
	/** Every `sleep(ms)` the node made, in order. */
	sleeps: number[];
	/** Fake milliseconds since the clock was installed. */
	elapsedMs(): number;
	/** Sum of every sleep. */
	sleptMs(): number;
	/** Runs `action` inside the n-th sleep call (1-based), e.g. to cancel the execution. */
	onSleep(call: number, action: () => void): void;
}

/**
 * Fakes `Date` (only) and makes the mocked `sleep` advance it, so the node's deadlines
 * and `waitedSeconds` follow the sleeps exactly while nothing really waits.
 */
export function installFakeClock(): FakeClock {
	vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-02T09:00:00.000Z') });
	const startedMs = Date.now();
	const sleeps: number[] = [];
	const actions = new Map<number, () => void>();
	vi.mocked(sleep).mockImplementation(async (ms: number) => {
		sleeps.push(ms);
		vi.setSystemTime(Date.now() + ms);
		actions.get(sleeps.length)?.();
	});
	return {
		sleeps,
		elapsedMs: () => Date.now() - startedMs,
		sleptMs: () => sleeps.reduce((sum, ms) => sum + ms, 0),
		onSleep: (call, action) => actions.set(call, action),
	};
}

export function uninstallFakeClock(): void {
	vi.useRealTimers();
	vi.mocked(sleep).mockReset();
}
