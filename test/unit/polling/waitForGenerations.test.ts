import { describe, expect, it } from 'vitest';

import { readBinary } from '../../../dev/harness/executeNode.mjs';
import type { FakeClock } from '../../../dev/harness/fakeClock.mjs';
import {
	MockAimlApi,
	useWaitingApi,
	completed,
	generationId,
	httpError,
	running,
	signedUrl,
	videoBytes,
} from '../../../dev/harness/mockAimlApi';
import { items, runWanVideo, textToVideo } from '../../../dev/harness/wanVideo';

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
	it('checks each generation once per interval, the first checks spread over the first interval, and finishes with the slowest', async () => {
		const rounds = [3, 1, 5, 2, 4];
		const prompts = rounds.map((_, index) => `prompt ${index}`);
		const ids = rounds.map((_, index) => generationId(100 + index));
		rounds.forEach((count, index) => completesAfter(ids[index], count, prompts[index]));
		const spreadMs = INTERVAL_MS / rounds.length;

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
				waitedSeconds: (rounds[index] * INTERVAL_MS + index * spreadMs) / 1000,
			});
			expect((await readBinary(item)).equals(videoBytes(ids[index]))).toBe(true);
		}

		ids.forEach((id, index) => {
			const times = api.checkTimesOf(id);
			expect(times).toHaveLength(rounds[index]);
			// The first checks are spread over the interval, not fired together...
			expect(times[0]).toBe(INTERVAL_MS + index * spreadMs);
			// ...and each generation is then checked once per interval until it finishes.
			times.slice(1).forEach((time, check) => expect(time - times[check]).toBe(INTERVAL_MS));
		});
		// As long as the slowest, not the sum of all.
		expect(clock.sleptMs()).toBe(5 * INTERVAL_MS + 2 * spreadMs);
		expect(api.requests.filter((request) => request.method === 'GET')).toHaveLength(15);
		expect(api.pending()).toEqual([]);
	});

	it('never makes more API calls in any second than Max Requests per Second', async () => {
		const count = 40;
		const prompts = Array.from({ length: count }, (_, index) => `clip ${index}`);
		const ids = prompts.map((_, index) => generationId(200 + index));
		ids.forEach((id, index) =>
			api.accept(id, { prompt: prompts[index] }).statuses(id, running(), running(), completed()),
		);

		const result = await runWanVideo({
			parameters: textToVideo({
				downloadVideo: false,
				pollIntervalSeconds: 2,
				maxRequestsPerSecond: 5,
			}),
			inputItems: items(...prompts),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toHaveLength(count);
		expect(api.submissions()).toHaveLength(count);
		const times = api.requests.map((request) => request.atMs).sort((a, b) => a - b);
		const busiestSecond = Math.max(
			...times.map((start) => times.filter((time) => time >= start && time < start + 1000).length),
		);
		expect(busiestSecond).toBe(5);
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
		// The first checks are spread over the interval: at 10 s, 13.3 s and 16.7 s.
		expect(slowItem.json).toMatchObject({
			generationId: slow,
			status: 'completed',
			waitedSeconds: 43,
		});
		expect(fastItem.json).toMatchObject({
			generationId: fast,
			status: 'completed',
			waitedSeconds: 17,
		});
		// A 404 is not retried; the lost one is dropped after its second check.
		expect(api.checksOf(lost)).toHaveLength(2);
		expect(api.checksOf(slow)).toHaveLength(4);
	});
});
