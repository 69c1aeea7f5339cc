import { sleep, type IExecuteFunctions } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { installFakeClock, uninstallFakeClock } from '../../../dev/harness/fakeClock.mjs';

import {
	findGenerationByClientRequestId,
	readUsageLogs,
	type UsageLogRow,
} from '../../../nodes/WanVideo/transport/usageLogs';

interface SentRequest {
	url: string;
	params: URLSearchParams;
}

type Answer = (request: SentRequest) => unknown;

/** A node context whose authenticated requests are answered by `answer`, in order. */
function fakeContext(answer: Answer, signal?: AbortSignal) {
	const requests: SentRequest[] = [];
	const context = {
		getCredentials: async () => ({ baseUrl: 'https://api.aimlapi.com' }),
		getExecutionCancelSignal: () => signal,
		getNode: () => ({ name: 'Wan Video', type: 'wanVideo', typeVersion: 1, parameters: {} }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: { url: string }) => {
				const url = new URL(options.url);
				const request = { url: options.url, params: url.searchParams };
				requests.push(request);
				const value = answer(request);
				if (value instanceof Error) throw value;
				return value;
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, requests };
}

function row(id: string, clientRequestId: string | null = null) {
	return {
		created: '2026-12-02T09:00:00.000Z',
		status: 'succeeded',
		origin: 'api',
		model: 'alibaba/wan2.6-t2v',
		cost: { usd: 0.5, credits: 1_050_000 },
		tokens: { input: 0, output: 0, total: 0 },
		request_id: null,
		inference_id: id,
		client_request_id: clientRequestId,
	};
}

function page(rows: unknown[], hasMore: boolean, offset = 0) {
	return { data: rows, pagination: { limit: 100, offset, total: 0, has_more: hasMore } };
}

function tooManyRequests(): Error {
	return Object.assign(new Error('Too Many Requests'), {
		httpCode: '429',
		response: { status: 429, data: { message: 'Too Many Requests' } },
	});
}

async function collect(rows: AsyncIterable<UsageLogRow>): Promise<UsageLogRow[]> {
	const all: UsageLogRow[] = [];
	for await (const one of rows) all.push(one);
	return all;
}

// Every request takes its turn in the run's request budget, which waits on the (fake) clock.
beforeEach(() => {
	vi.mocked(sleep).mockClear();
	installFakeClock();
});
afterEach(() => uninstallFakeClock());

describe('reading the usage logs', () => {
	it('pages through has_more, 100 rows a page, and maps rows to the node words', async () => {
		const { context, requests } = fakeContext(({ params }) => {
			const offset = Number(params.get('offset'));
			if (offset === 0)
				return page(
					Array.from({ length: 100 }, (_, i) => row(`gen-${i}`)),
					true,
				);
			if (offset === 100) return page([row('gen-100', 'wv:a:1:0:x')], true, 100);
			return page([row('gen-last')], false, 200);
		});

		const rows = await collect(readUsageLogs(context, { window: { period: '24h' } }));

		expect(rows).toHaveLength(102);
		expect(requests.map((r) => r.params.get('offset'))).toEqual(['0', '100', '200']);
		expect(requests.every((r) => r.params.get('limit') === '100')).toBe(true);
		expect(rows[100]).toEqual({
			generationId: 'gen-100',
			clientRequestId: 'wv:a:1:0:x',
			model: 'alibaba/wan2.6-t2v',
			created: '2026-12-02T09:00:00.000Z',
			status: 'succeeded',
			credits: 1_050_000,
			usd: 0.5,
		});
	});

	it('sends several models and statuses as repeated parameters, never a comma list', async () => {
		const { context, requests } = fakeContext(() => page([], false));

		await collect(
			readUsageLogs(context, {
				window: { start: '2026-12-01T00:00:00.000Z', end: '2026-12-02T00:00:00.000Z' },
				models: ['alibaba/wan2.6-t2v', 'alibaba/wan2.6-i2v'],
				statuses: ['succeeded', 'failed'],
			}),
		);

		const { params, url } = requests[0];
		expect(url).toContain('/v2/logs?');
		expect(params.getAll('model')).toEqual(['alibaba/wan2.6-t2v', 'alibaba/wan2.6-i2v']);
		expect(params.getAll('status')).toEqual(['succeeded', 'failed']);
		expect(params.get('start')).toBe('2026-12-01T00:00:00.000Z');
		expect(params.get('end')).toBe('2026-12-02T00:00:00.000Z');
		expect(params.has('period')).toBe(false);
		expect(url).not.toMatch(/%2C|,/);
	});

	it('waits and asks again after a 429, pausing between pages too', async () => {
		let calls = 0;
		const { context, requests } = fakeContext(({ params }) => {
			calls++;
			if (calls === 1 || calls === 2) return tooManyRequests();
			return Number(params.get('offset')) === 0
				? page([row('gen-1')], true)
				: page([row('gen-2')], false, 100);
		});

		const rows = await collect(readUsageLogs(context, { window: { period: '1h' } }));

		expect(rows.map((r) => r.generationId)).toEqual(['gen-1', 'gen-2']);
		expect(requests).toHaveLength(4);
		// Two backoffs for the 429s and the spacing before the second page.
		expect(vi.mocked(sleep).mock.calls.length).toBeGreaterThanOrEqual(3);
	});

	it('fails with the API message once the 429s do not stop', async () => {
		const { context } = fakeContext(() => tooManyRequests());
		await expect(collect(readUsageLogs(context, { window: { period: '1h' } }))).rejects.toThrow(
			'Reading the AIML API usage logs failed: Too Many Requests',
		);
	});
});

describe('finding a generation from its client request ID', () => {
	it('finds a row that appears late, matching the client request ID on the client side', async () => {
		let lookups = 0;
		const { context, requests } = fakeContext(() => {
			lookups++;
			const others = [row('gen-other', 'wv:other:1:0:abc'), row('gen-none')];
			return lookups < 3
				? page(others, false)
				: page([...others, row('gen-mine', 'wv:w:2:5:x')], false);
		});

		const found = await findGenerationByClientRequestId(context, {
			clientRequestId: 'wv:w:2:5:x',
			model: 'alibaba/wan2.6-t2v',
			submittedAtMs: Date.parse('2026-12-02T09:00:00.000Z'),
		});

		expect(found).toEqual({ generationId: 'gen-mine' });
		expect(requests).toHaveLength(3);
		expect(requests[0].params.getAll('model')).toEqual(['alibaba/wan2.6-t2v']);
		const start = Date.parse(requests[0].params.get('start') ?? '');
		expect(start).toBeLessThanOrEqual(Date.parse('2026-12-02T09:00:00.000Z'));
	});

	it('gives up after a bounded number of tries', async () => {
		const { context, requests } = fakeContext(() => page([row('gen-other', 'wv:o:1:0:a')], false));
		const found = await findGenerationByClientRequestId(context, {
			clientRequestId: 'wv:w:2:5:x',
			submittedAtMs: Date.now(),
		});
		expect(found).toBeUndefined();
		expect(requests.length).toBeGreaterThan(1);
		expect(requests.length).toBeLessThan(20);
	});

	it('stops at once when the execution is cancelled', async () => {
		const controller = new AbortController();
		const { context, requests } = fakeContext(() => {
			controller.abort();
			return page([], false);
		}, controller.signal);
		const found = await findGenerationByClientRequestId(context, {
			clientRequestId: 'wv:w:2:5:x',
			submittedAtMs: Date.now(),
		});
		expect(found).toBeUndefined();
		expect(requests).toHaveLength(1);
	});
});
