import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { readBinary } from '../../../dev/harness/executeNode.mjs';
import { readFixture } from '../../../dev/harness/streams.mjs';
import {
	MockAimlApi,
	useWaitingApi,
	completed,
	generationId,
	signedUrl,
} from '../../../dev/harness/mockAimlApi';
import { BASE_URL, GENERATIONS_PATH, runWanVideo } from '../../../dev/harness/wanVideo';

const sampleMp4 = readFixture('sample.mp4');
const WAN_27_T2V = 'alibaba/wan-2-7-t2v';
const WAN_30 = 'alibaba/wan-3-0-video';

let api: MockAimlApi;

useWaitingApi((fresh) => ({ api } = fresh));

function textToVideo(model: string, extra: Record<string, unknown> = {}) {
	return {
		operation: 'textToVideo',
		model,
		prompt: 'A barista pours latte art',
		options: { pollIntervalSeconds: 10 },
		...extra,
	};
}

describe('the cost of a generation in USD', () => {
	it('outputs usdSpent next to creditsUsed from the submit answer, when the final poll leaves usage out', async () => {
		// As in the documented Wan 2.7 runs: usage on the queued answer only.
		const id = generationId(1, WAN_27_T2V);
		api
			.accept(id, { usage: { credits_used: 3_900_000, usd_spent: 1.95 } })
			.statuses(id, completed({ usage: null }))
			.serve(signedUrl(id), sampleMp4);

		const result = await runWanVideo({ parameters: textToVideo(WAN_27_T2V) });

		expect(result.error).toBeUndefined();
		const json = result.outputs[0][0].json;
		expect(json).toMatchObject({ status: 'completed', creditsUsed: 3_900_000, usdSpent: 1.95 });
		expect(Object.keys(json).slice(Object.keys(json).indexOf('creditsUsed'))).toEqual([
			'creditsUsed',
			'usdSpent',
			'error',
			'waitedSeconds',
		]);
	});

	it('outputs usdSpent at once when not waiting', async () => {
		const id = generationId(2, WAN_30);
		api.accept(id, { usage: { credits_used: 120_000, usd_spent: 0.06 } });

		const result = await runWanVideo({
			parameters: textToVideo(WAN_30, { waitForCompletion: false }),
		});

		expect(result.outputs[0][0].json).toMatchObject({
			status: 'queued',
			creditsUsed: 120_000,
			usdSpent: 0.06,
		});
	});

	it('keeps the Wan 2.6 output as it was when the API reports no USD amount', async () => {
		const id = generationId(3);
		api.accept(id).statuses(id, completed()).serve(signedUrl(id), sampleMp4);

		const result = await runWanVideo({ parameters: textToVideo('alibaba/wan-2-6-t2v') });

		expect(result.outputs[0][0].json).toMatchObject({ creditsUsed: 1_575_000 });
		expect(result.outputs[0][0].json).not.toHaveProperty('usdSpent');
	});

	it('Get Generation reads usd_spent from the status answer', async () => {
		const id = generationId(4, WAN_30);
		api
			.statuses(id, completed({ usage: { credits_used: 600_000, usd_spent: 0.3 } }))
			.serve(signedUrl(id), sampleMp4);

		const result = await runWanVideo({
			parameters: { operation: 'getGeneration', generationId: id, waitForCompletion: false },
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ creditsUsed: 600_000, usdSpent: 0.3 });
	});
});

describe('a Wan 3.0 answer with `video` as a list, as its spec allows', () => {
	it('outputs the first URL and downloads that video', async () => {
		const id = generationId(5, WAN_30);
		const other = `https://cdn.wan.test/files/${id.split(':')[0]}-2.mp4?Expires=1&Signature=x`;
		api
			.accept(id)
			.statuses(id, completed({ videoList: [other] }))
			.serve(signedUrl(id), sampleMp4);

		const result = await runWanVideo({ parameters: textToVideo(WAN_30) });

		expect(result.error).toBeUndefined();
		const [item] = result.outputs[0];
		expect(item.json).toMatchObject({ status: 'completed', videoUrl: signedUrl(id) });
		expect((await readBinary(item, 'data')).equals(sampleMp4)).toBe(true);
		expect(api.downloads).toHaveLength(1);
		expect(api.pending()).toEqual([]);
	});

	it('treats an empty list as no video, with an error that keeps the generation ID', async () => {
		const id = generationId(6, WAN_30);
		nock(BASE_URL)
			.get(GENERATIONS_PATH)
			.query({ generation_id: id })
			.reply(200, { id, status: 'completed', video: [], error: null, meta: null });

		const result = await runWanVideo({
			parameters: { operation: 'getGeneration', generationId: id, waitForCompletion: false },
		});

		expect(result.error?.message).toContain(id);
	});
});
