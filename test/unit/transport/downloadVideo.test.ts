import { BinaryDataService } from 'n8n-core';
import { NodeApiError } from 'n8n-workflow';
import { describe, expect, it, vi } from 'vitest';

import { RETRY_POLICY } from '../../../nodes/WanVideo/transport/retryPolicy';
import { videoFileName } from '../../../nodes/WanVideo/transport/downloadVideo';
import { readBinary } from '../../../dev/harness/executeNode.mjs';
import { gatedStream, readFixture } from '../../../dev/harness/streams.mjs';
import {
	MockAimlApi,
	useWaitingApi,
	completed,
	generationId,
	running,
	signedUrl,
	videoBytes,
} from '../../../dev/harness/mockAimlApi';
import {
	API_KEY,
	items,
	runWanVideo,
	textToVideo,
	wanVideoWithBinarySpy,
} from '../../../dev/harness/wanVideo';

const sampleMp4 = readFixture('sample.mp4');

let api: MockAimlApi;

useWaitingApi((fresh) => ({ api } = fresh));

describe('downloading the finished video', () => {
	it('sends no Authorization header to the video host, while API calls carry the key', async () => {
		const id = generationId(1);
		api.accept(id).statuses(id, completed()).serve(signedUrl(id), sampleMp4);

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

		expect(result.error).toBeUndefined();
		// The CDN interceptor refuses any request with an Authorization header (nock `badheaders`).
		expect(api.unmatched).toEqual([]);
		expect(api.downloads).toHaveLength(1);
		expect(api.downloads[0].headers).not.toHaveProperty('authorization');
		for (const request of api.requests)
			expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
	});

	it('hands the response to the binary store as a stream, before the body has fully arrived', async () => {
		const id = generationId(2);
		const head = sampleMp4.subarray(0, 16 * 1024);
		const tail = Buffer.concat([
			sampleMp4.subarray(16 * 1024),
			Buffer.alloc(2 * 1024 * 1024, 0x5a),
		]);
		const source = gatedStream(head, tail);
		const seen: Array<{ isBuffer: boolean; isStream: boolean; bytesSentSoFar: number }> = [];
		const nodeType = wanVideoWithBinarySpy((data) => {
			seen.push({
				isBuffer: Buffer.isBuffer(data),
				isStream: typeof (data as { pipe?: unknown }).pipe === 'function',
				bytesSentSoFar: source.pushedBytes,
			});
			// The rest of the body is sent only now: a node that buffered the whole
			// response before storing it would never get here.
			source.release();
		});
		api.accept(id).statuses(id, completed()).serve(signedUrl(id), source.stream);

		const result = await runWanVideo({
			nodeType,
			parameters: textToVideo(),
			inputItems: items('a fox'),
		});

		expect(result.error).toBeUndefined();
		expect(seen).toEqual([{ isBuffer: false, isStream: true, bytesSentSoFar: head.length }]);
		const stored = await readBinary(result.outputs[0][0]);
		expect(stored.length).toBe(source.totalBytes);
		expect(stored.equals(Buffer.concat([head, tail]))).toBe(true);
		expect(result.outputs[0][0].binary?.data.bytes).toBe(source.totalBytes);
	});

	it.each([
		['video/mp4', 'video/mp4'],
		['video/quicktime', 'video/quicktime'],
		['video/mp4; charset=binary', 'video/mp4'],
		['application/octet-stream', 'video/mp4'],
	])('stores a "%s" response as %s', async (contentType, mimeType) => {
		const id = generationId(3);
		api.accept(id).statuses(id, completed()).serve(signedUrl(id), sampleMp4, { contentType });

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

		expect(result.outputs[0][0].binary?.data.mimeType).toBe(mimeType);
	});

	it('names the file after the generation ID, without folders', () => {
		expect(videoFileName('60ac7c34-3224-4b14-8e7d-0aa0db708325')).toBe(
			'60ac7c34-3224-4b14-8e7d-0aa0db708325.mp4',
		);
		expect(videoFileName('c8a198bb-8b06-4640-91ee-f96caa792390:alibaba/wan-2-6-i2v')).toBe(
			'c8a198bb-8b06-4640-91ee-f96caa792390_alibaba_wan-2-6-i2v.mp4',
		);
		expect(videoFileName('../../etc/passwd')).not.toContain('/');
	});

	it('makes no download request when Download Video is off', async () => {
		const id = generationId(4);
		api.accept(id).statuses(id, running(), completed());

		const result = await runWanVideo({
			parameters: textToVideo({ downloadVideo: false }),
			inputItems: items('a fox'),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({
			generationId: id,
			status: 'completed',
			videoUrl: signedUrl(id),
		});
		expect(result.outputs[0][0].binary).toBeUndefined();
		expect(api.downloads).toHaveLength(0);
		expect(api.unmatched).toEqual([]);
	});

	it('retries a download that fails with 5xx', async () => {
		const id = generationId(5);
		api
			.accept(id)
			.statuses(id, completed())
			.serve(signedUrl(id), sampleMp4, { status: 500, times: 2 })
			.serve(signedUrl(id), sampleMp4);

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

		expect(result.error).toBeUndefined();
		expect(api.downloads).toHaveLength(3);
		expect((await readBinary(result.outputs[0][0])).equals(sampleMp4)).toBe(true);
	});
});

describe('an expired video link', () => {
	it('fetches the generation again and downloads the fresh link', async () => {
		const id = generationId(6);
		const [stale, fresh] = [signedUrl(id, 1), signedUrl(id, 2)];
		api
			.accept(id)
			.statuses(id, running(), completed({ url: stale }), completed({ url: fresh }))
			.serve(stale, sampleMp4, { status: 403 })
			.serve(fresh, videoBytes(id));

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

		expect(result.error).toBeUndefined();
		const [item] = result.outputs[0];
		expect(item.json).toMatchObject({ generationId: id, status: 'completed', videoUrl: fresh });
		expect((await readBinary(item)).equals(videoBytes(id))).toBe(true);
		// The 403 is not retried as such: one more status check, then the fresh link.
		expect(api.downloads.map((download) => download.path)).toEqual([
			stale.slice(stale.indexOf('/files/')),
			fresh.slice(fresh.indexOf('/files/')),
		]);
		expect(api.checksOf(id)).toHaveLength(3);
		expect(api.pending()).toEqual([]);
	});

	it('fails with the generation ID and the fresh link when that one is refused too', async () => {
		const id = generationId(7);
		const [stale, fresh] = [signedUrl(id, 1), signedUrl(id, 2)];
		api
			.accept(id)
			.statuses(id, completed({ url: stale }), completed({ url: fresh }))
			.serve(stale, sampleMp4, { status: 403 })
			.serve(fresh, sampleMp4, { status: 403 });

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.message).toBe(
			`Could not download the video of generation ${id}: the video host answered 403`,
		);
		// A refused video link is not the API key or the balance.
		expect(result.error?.description).not.toMatch(/credits|balance/i);
		expect(result.error?.description).toContain('Get Generation');
		expect(result.error?.description).toContain(fresh);
		expect(api.downloads).toHaveLength(2);
	});
});

describe('a download that keeps failing', () => {
	it('names the video host, not the API, when it cannot be reached', async () => {
		const id = generationId(10);
		api.accept(id).statuses(id, completed());
		for (let attempt = 0; attempt < RETRY_POLICY.maxAttempts; attempt++) {
			api.cdn
				.get(new URL(signedUrl(id)).pathname)
				.query(true)
				.replyWithError(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }));
		}

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe(
			`Could not download the video of generation ${id}: the video host could not be reached (ETIMEDOUT)`,
		);
		expect(result.error?.description).not.toContain('Base URL');
		expect(api.downloads).toHaveLength(RETRY_POLICY.maxAttempts);
	});

	const setUp = (id: string) =>
		api
			.accept(id)
			.statuses(id, completed())
			.serve(signedUrl(id), sampleMp4, { status: 500, times: RETRY_POLICY.maxAttempts });

	it('fails with an error that keeps the generation ID and the video URL', async () => {
		const id = generationId(8);
		setUp(id);

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.httpCode).toBe('500');
		expect(result.error?.message).toBe(
			`Could not download the video of generation ${id}: the video host answered 500`,
		);
		expect(result.error?.description).toContain(
			`kept failing (${RETRY_POLICY.maxAttempts} attempts)`,
		);
		expect(result.error?.description).toContain(signedUrl(id));
		expect(result.error?.description).toContain('Get Generation');
		expect(api.downloads).toHaveLength(RETRY_POLICY.maxAttempts);
		expect(api.checksOf(id)).toHaveLength(1);
	});

	it('under Continue On Fail outputs an error item with the generation ID and the video URL', async () => {
		const id = generationId(9);
		setUp(id);

		const result = await runWanVideo({
			parameters: textToVideo(),
			inputItems: items('a fox'),
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toEqual([
			{
				json: expect.objectContaining({
					generationId: id,
					status: 'completed',
					videoUrl: signedUrl(id),
					error: expect.stringContaining(id),
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(result.outputs[0][0].binary).toBeUndefined();
	});
});

describe("n8n's binary data store refusing the file", () => {
	it('is reported as a storage failure, with the ID and URL, and the video is not downloaded again', async () => {
		const id = generationId(30);
		api.accept(id).statuses(id, completed()).serve(signedUrl(id), sampleMp4, { times: 5 });
		const store = vi
			.spyOn(BinaryDataService.prototype, 'store')
			.mockRejectedValue(
				Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
			);

		const result = await runWanVideo({ parameters: textToVideo(), inputItems: items('a fox') });

		expect(store).toHaveBeenCalledTimes(1);
		expect(result.error?.message).toBe(
			`n8n could not store the video of generation ${id}: ENOSPC: no space left on device, write`,
		);
		expect(result.error?.description).toContain('binary data storage');
		expect(result.error?.description).toContain(signedUrl(id));
		expect(result.error?.message).not.toContain('video host');
		expect(api.downloads).toHaveLength(1);
		store.mockRestore();
	});
});
