import { describe, expect, it, vi } from 'vitest';

import { POLLING_POLICY } from '../../../nodes/WanVideo/polling/pollingPolicy';
import { readBinary } from '../../../dev/harness/executeNode.mjs';
import type { FakeClock } from '../../../dev/harness/fakeClock';
import {
	MockAimlApi,
	useWaitingApi,
	completed,
	delayed,
	generationId,
	httpError,
	running,
	signedUrl,
	videoBytes,
} from '../../../dev/harness/mockAimlApi';
import { items, runWanVideo, textToVideo } from '../../../dev/harness/wanVideo';

vi.mock('n8n-workflow', async (importOriginal) => {
	const actual = await importOriginal<typeof import('n8n-workflow')>();
	return { ...actual, sleep: vi.fn(async () => {}) };
});

const INTERVAL_MS = 10_000;

let api: MockAimlApi;
let clock: FakeClock;

useWaitingApi((fresh) => ({ api, clock } = fresh));

/** Sets up generation `id` to complete at its `rounds`-th status check, with its own bytes. */
function completesAfter(id: string, rounds: number, prompt: string) {
	api
		.accept(id, { prompt })
		.statuses(id, ...Array.from({ length: rounds - 1 }, () => running()), completed())
		.serve(signedUrl(id), videoBytes(id));
}

describe('waiting for many generations together', () => {
	it('checks each pending generation once per round and finishes with the slowest, items paired with their inputs', async () => {
		const rounds = [3, 1, 5, 2, 4];
		const prompts = rounds.map((_, index) => `prompt ${index}`);
		const ids = rounds.map((_, index) => generationId(100 + index));
		rounds.forEach((count, index) => completesAfter(ids[index], count, prompts[index]));

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items(...prompts) });

		expect(result.error).toBeUndefined();
		const output = result.outputs[0];
		expect(output).toHaveLength(5);
		for (const [index, item] of output.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({
				generationId: ids[index],
				status: 'completed',
				videoUrl: signedUrl(ids[index]),
				waitedSeconds: (rounds[index] * INTERVAL_MS) / 1000,
			});
			expect((await readBinary(item)).equals(videoBytes(ids[index]))).toBe(true);
		}

		// Each generation is checked once per round until it finishes...
		ids.forEach((id, index) => expect(api.checksOf(id)).toHaveLength(rounds[index]));
		// ...and round r (at r intervals) checks exactly the generations still pending.
		for (let round = 1; round <= 5; round++) {
			const checked = api.requests
				.filter(
					(request) =>
						request.method === 'GET' && request.atMs - api.requests[0].atMs === round * INTERVAL_MS,
				)
				.map((request) => request.generationId);
			const pending = ids.filter((_, index) => rounds[index] >= round);
			expect(checked.sort()).toEqual([...pending].sort());
		}
		// Five rounds in all: as long as the slowest, not the sum of all.
		expect(clock.sleptMs()).toBe(5 * INTERVAL_MS);
		expect(api.requests.filter((request) => request.method === 'GET')).toHaveLength(15);
		expect(api.pending()).toEqual([]);
	});

	it(`never runs more than ${POLLING_POLICY.statusCheckConcurrency} status checks at once`, async () => {
		const count = POLLING_POLICY.statusCheckConcurrency + 3;
		const prompts = Array.from({ length: count }, (_, index) => `clip ${index}`);
		const ids = prompts.map((_, index) => generationId(200 + index));
		ids.forEach((id, index) =>
			api
				.accept(id, { prompt: prompts[index] })
				.statuses(id, delayed(running(), 100), delayed(completed(), 100)),
		);

		const result = await runWanVideo({
			parameters: textToVideo({ downloadVideo: false }),
			inputItems: items(...prompts),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toHaveLength(count);
		expect(api.inFlight.GET.maxInFlight).toBe(POLLING_POLICY.statusCheckConcurrency);
		expect(clock.sleptMs()).toBe(2 * INTERVAL_MS);
	});

	it('keeps waiting for the others when one generation cannot be checked', async () => {
		const [lost, slow, fast] = [generationId(300), generationId(301), generationId(302)];
		api
			.accept(lost, { prompt: 'lost' })
			.statuses(lost, running(), httpError(404, `Generation not found: ${lost}`));
		completesAfter(slow, 4, 'slow');
		completesAfter(fast, 1, 'fast');

		const result = await runWanVideo({
			parameters: textToVideo(),
			inputItems: items('lost', 'slow', 'fast'),
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		const [lostItem, slowItem, fastItem] = result.outputs[0];
		expect(lostItem.pairedItem).toEqual({ item: 0 });
		expect(lostItem.json).toMatchObject({
			generationId: lost,
			error: expect.stringContaining(lost),
		});
		expect(lostItem.json.errorDescription).toContain('Get Generation');
		expect(slowItem.json).toMatchObject({
			generationId: slow,
			status: 'completed',
			waitedSeconds: 40,
		});
		expect(fastItem.json).toMatchObject({
			generationId: fast,
			status: 'completed',
			waitedSeconds: 10,
		});
		// A 404 is not retried; the lost one is dropped after its second check.
		expect(api.checksOf(lost)).toHaveLength(2);
		expect(api.checksOf(slow)).toHaveLength(4);
	});
});
