// Needs n8n-workflow's `sleep` mocked, as the test runs' setup file (mockSleep.mjs) does.
import { setImmediate as nextTurn } from 'node:timers/promises';

import { sleep } from 'n8n-workflow';
import { vi } from 'vitest';


/**
 * Fakes `Date` (only) and makes the mocked `sleep` advance it, so the node's deadlines
 * and `waitedSeconds` follow the sleeps exactly while nothing really waits.
 *
 * Sleeps that overlap run side by side as they would in real time: each wakes at its own
 * fake time, the earliest first, once everything else in flight has had its turn. A sleep
 * in one task therefore never moves the clock under another task's request.
 */
/** @returns {import('./fakeClock.d.mts').FakeClock} */
export function installFakeClock() {
	vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-02T09:00:00.000Z') });
	const startedMs = Date.now();
	const sleeps = [];
	const actions = new Map();
	const sleepers = [];
	let pumping = false;

	const settle = async () => {
		// Real I/O (nock's answers, streams) takes a few turns of the event loop.
		for (let turn = 0; turn < 10; turn++) await nextTurn();
	};
	const pump = async () => {
		if (pumping) return;
		pumping = true;
		try {
			for (;;) {
				await settle();
				if (sleepers.length === 0) return;
				sleepers.sort((a, b) => a.wakeMs - b.wakeMs || a.order - b.order);
				const next = sleepers.shift();
				if (next.wakeMs > Date.now()) vi.setSystemTime(next.wakeMs);
				next.wake();
			}
		} finally {
			pumping = false;
		}
	};

	vi.mocked(sleep).mockImplementation(async (ms) => {
		sleeps.push(ms);
		const call = sleeps.length;
		await new Promise((resolve) => {
			sleepers.push({ wakeMs: Date.now() + ms, order: call, wake: resolve });
			void pump();
		});
		actions.get(call)?.();
	});
	return {
		sleeps,
		elapsedMs: () => Date.now() - startedMs,
		sleptMs: () => sleeps.reduce((sum, ms) => sum + ms, 0),
		onSleep: (call, action) => actions.set(call, action),
	};
}

export function uninstallFakeClock() {
	vi.useRealTimers();
	vi.mocked(sleep).mockReset();
}
