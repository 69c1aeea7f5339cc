import type { IDataObject, IExecuteFunctions, INodeParameters, INodeType } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import { readBinary } from '../../../dev/harness/executeNode.mjs';
import type { FakeClock } from '../../../dev/harness/fakeClock';
import {
	MockAimlApi,
	T2V_MODEL,
	completed,
	failed,
	generationId,
	logRow,
	running,
	signedUrl,
	useWaitingApi,
	videoBytes,
} from '../../../dev/harness/mockAimlApi';
import { items, runWanVideo, textToVideo } from '../../../dev/harness/wanVideo';
import { listedModels } from '../../../nodes/WanVideo/models/catalog';
import { buildClientRequestId } from '../../../nodes/WanVideo/shared/clientRequestId';
import { USAGE_LOGS_POLICY } from '../../../nodes/WanVideo/transport/usageLogs';
import { WanVideo } from '../../../nodes/WanVideo/WanVideo.node';

let api: MockAimlApi;
let clock: FakeClock;

useWaitingApi((fresh) => ({ api, clock } = fresh));

/** An n8n workflow ID as n8n makes them: 16 letters and digits. */
const WORKFLOW = 'aB3dE6gH9jK2mN5p';
const OTHER_WORKFLOW = 'Zz9yX8wV7uT6sR5q';

function listGenerations(extra: INodeParameters = {}): INodeParameters {
	return { operation: 'listGenerations', ...extra };
}

async function list(extra: INodeParameters = {}, options: { nodeType?: INodeType } = {}) {
	return await runWanVideo({
		parameters: listGenerations(extra),
		workflowId: WORKFLOW,
		...options,
	});
}

function clientId(workflowId: string, executionId: string, itemIndex: number): string {
	return buildClientRequestId({ workflowId, executionId, itemIndex });
}

/** `minutes` minutes before the fake clock's now, as the logs write times. */
function minutesAgo(minutes: number): string {
	return new Date(Date.now() - minutes * 60_000).toISOString();
}

function idsOf(result: Awaited<ReturnType<typeof list>>): unknown[] {
	return result.outputs[0].map((item) => item.json.generationId);
}

/** The real node, told it runs as an AI agent's tool. */
function wanVideoAsTool(): INodeType {
	const node = new WanVideo();
	const execute = node.execute;
	node.execute = async function (this: IExecuteFunctions) {
		this.isToolExecution = () => true;
		return await execute.call(this);
	};
	return node;
}

describe('List Generations: reading the Usage Logs', () => {
	it('pages through every page and outputs one item per generation, newest first, paired with the input', async () => {
		const rows = Array.from({ length: 230 }, (_, i) =>
			logRow(generationId(i + 1), {
				clientRequestId: clientId(WORKFLOW, String(500 + Math.floor(i / 10)), i % 10),
				created: minutesAgo(i + 1),
			}),
		);
		api.usageLogs(rows);

		const result = await list({ returnAll: true });

		expect(result.error).toBeUndefined();
		const reads = api.usageLogReads();
		expect(reads.map((read) => read.query.get('offset'))).toEqual(['0', '100', '200']);
		expect(reads.every((read) => read.query.get('limit') === '100')).toBe(true);
		expect(reads.every((read) => read.query.get('period') === '24h')).toBe(true);
		// The Usage Logs take 200 requests per 60 s: pages are spaced out.
		for (let i = 1; i < reads.length; i++)
			expect(reads[i].atMs - reads[i - 1].atMs).toBeGreaterThanOrEqual(
				USAGE_LOGS_POLICY.minRequestSpacingMs,
			);
		const [output] = result.outputs;
		expect(output).toHaveLength(230);
		expect(idsOf(result)).toEqual(rows.map((row) => row.inference_id));
		expect(output[13]).toEqual({
			json: {
				generationId: generationId(14),
				clientRequestId: rows[13].client_request_id,
				model: T2V_MODEL,
				createdAt: rows[13].created,
				status: 'succeeded',
				creditsUsed: 1_575_000,
				usdSpent: 0.7875,
				workflowId: WORKFLOW,
				executionId: '501',
				itemIndex: 3,
			},
			pairedItem: { item: 0 },
		});
		expect(output.every((item) => item.binary === undefined)).toBe(true);
	});

	it('stops reading once the limit is reached (50 by default)', async () => {
		const rows = Array.from({ length: 230 }, (_, i) =>
			logRow(generationId(i + 1), {
				clientRequestId: clientId(WORKFLOW, '9', i),
				created: minutesAgo(i + 1),
			}),
		);
		api.usageLogs(rows);

		const byDefault = await list();
		expect(idsOf(byDefault)).toEqual(rows.slice(0, 50).map((row) => row.inference_id));
		expect(api.usageLogReads()).toHaveLength(1);

		const limited = await list({ limit: 120 });
		expect(idsOf(limited)).toEqual(rows.slice(0, 120).map((row) => row.inference_id));
		expect(api.usageLogReads()).toHaveLength(3);
	});

	it('runs once for all input items, every output item paired with the first', async () => {
		api.usageLogs([
			logRow(generationId(1), { clientRequestId: clientId(WORKFLOW, '1', 0) }),
			logRow(generationId(2), { clientRequestId: clientId(WORKFLOW, '1', 1) }),
		]);

		const result = await runWanVideo({
			parameters: listGenerations(),
			workflowId: WORKFLOW,
			inputItems: [{ json: {} }, { json: {} }, { json: {} }],
		});

		expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(api.usageLogReads()).toHaveLength(1);
	});

	it('lists a generation once even when several log rows carry its ID', async () => {
		const id = generationId(1);
		api.usageLogs([
			logRow(id, { created: minutesAgo(1), credits: 0 }),
			logRow(id, { clientRequestId: clientId(WORKFLOW, '3', 0), created: minutesAgo(5) }),
		]);

		const result = await list({ startedBy: 'any' });

		expect(result.outputs[0]).toHaveLength(1);
		expect(result.outputs[0][0].json).toMatchObject({
			generationId: id,
			clientRequestId: expect.stringMatching(/^wv:aB3dE6gH9jK2mN5p:3:0:/),
		});
	});
});

describe('List Generations: filters', () => {
	const wan27 = 'alibaba/wan-2-7-t2v';
	const wan30 = 'alibaba/wan-3-0-video';

	function rowsOfEveryKind() {
		const mine = (n: number, model: string, status: 'succeeded' | 'failed') =>
			logRow(generationId(n, model), {
				model,
				status,
				clientRequestId: clientId(WORKFLOW, '40', n),
				created: minutesAgo(n),
			});
		return [
			mine(1, wan27, 'failed'),
			mine(2, wan27, 'succeeded'),
			mine(3, wan30, 'failed'),
			// Wan 3.0 has two documented spellings; the logs may use either.
			mine(4, 'alibaba/wan3.0-video', 'failed'),
			mine(5, T2V_MODEL, 'failed'),
			mine(6, 'openai/gpt-5', 'succeeded'),
		];
	}

	it('sends models and statuses as repeated query parameters, never as a comma list', async () => {
		api.usageLogs(rowsOfEveryKind());

		const result = await list({ models: [wan27, wan30], generationStatus: 'failed' });

		expect(result.error).toBeUndefined();
		const [read] = api.usageLogReads();
		expect(read.query.getAll('model')).toEqual([wan27, wan30, 'alibaba/wan3.0-video']);
		expect(read.query.getAll('status')).toEqual(['failed']);
		expect(read.path).not.toMatch(/%2C|,/);
		expect(idsOf(result)).toEqual([
			generationId(1, wan27),
			generationId(3, wan30),
			generationId(4, 'alibaba/wan3.0-video'),
		]);
	});

	it('asks for every Wan model and both outcomes by default, and nothing else', async () => {
		api.usageLogs(rowsOfEveryKind());

		const result = await list();

		const [read] = api.usageLogReads();
		const everyWanModel = listedModels().flatMap((model) => [model.id, ...model.apiIdAliases]);
		expect(read.query.getAll('model')).toEqual(everyWanModel);
		expect(everyWanModel).toContain('alibaba/wan3.0-video');
		expect(read.query.getAll('status')).toEqual(['succeeded', 'failed']);
		expect(idsOf(result)).toHaveLength(5);
		expect(idsOf(result)).not.toContain(generationId(6, 'openai/gpt-5'));
	});

	it('keeps only the generations the chosen workflow started, by default this one', async () => {
		api.usageLogs([
			logRow(generationId(1), {
				clientRequestId: clientId(WORKFLOW, '7', 0),
				created: minutesAgo(1),
			}),
			logRow(generationId(2), { clientRequestId: null, created: minutesAgo(2) }),
			logRow(generationId(3), { clientRequestId: 'order-8f21c4', created: minutesAgo(3) }),
			logRow(generationId(4), {
				clientRequestId: clientId(OTHER_WORKFLOW, '12', 2),
				created: minutesAgo(4),
			}),
			logRow(generationId(5), {
				clientRequestId: clientId(WORKFLOW, '8', 3),
				created: minutesAgo(5),
			}),
		]);

		const thisWorkflow = await list();
		expect(idsOf(thisWorkflow)).toEqual([generationId(1), generationId(5)]);
		expect(thisWorkflow.outputs[0][1].json).toMatchObject({
			workflowId: WORKFLOW,
			executionId: '8',
			itemIndex: 3,
		});

		const named = await list({ startedBy: 'workflowId', workflowId: ` ${OTHER_WORKFLOW} ` });
		expect(idsOf(named)).toEqual([generationId(4)]);
		expect(named.outputs[0][0].json).toMatchObject({
			workflowId: OTHER_WORKFLOW,
			executionId: '12',
			itemIndex: 2,
		});

		const any = await list({ startedBy: 'any' });
		expect(idsOf(any)).toEqual([1, 2, 3, 4, 5].map((n) => generationId(n)));
		// Rows no Wan Video node started carry no origin.
		expect(any.outputs[0][1].json).toMatchObject({
			clientRequestId: null,
			workflowId: null,
			executionId: null,
			itemIndex: null,
		});
		expect(any.outputs[0][2].json).toMatchObject({
			clientRequestId: 'order-8f21c4',
			workflowId: null,
		});
	});

	it('reads a start and an end without an offset in the workflow time zone', async () => {
		api.usageLogs([]);

		const result = await runWanVideo({
			parameters: listGenerations({
				timeWindow: 'between',
				startTime: '2026-03-01T09:00:00',
				endTime: '2026-03-02T08:30:00+01:00',
			}),
			workflowId: WORKFLOW,
			workflowSettings: { timezone: 'America/New_York' },
		});

		expect(result.error).toBeUndefined();
		const [read] = api.usageLogReads();
		expect(read.query.get('start')).toBe('2026-03-01T14:00:00.000Z');
		expect(read.query.get('end')).toBe('2026-03-02T07:30:00.000Z');
		expect(read.query.has('period')).toBe(false);
	});

	it("takes n8n's date expressions for Start and End", async () => {
		api.usageLogs([]);

		const result = await list({
			timeWindow: 'between',
			startTime: '={{ $now.minus({ hours: 30 }) }}',
			endTime: '={{ $now.minus({ hours: 6 }).toJSDate() }}',
		});

		expect(result.error).toBeUndefined();
		const [read] = api.usageLogReads();
		expect(
			Date.parse(read.query.get('end') ?? '') - Date.parse(read.query.get('start') ?? ''),
		).toBe(24 * 3_600_000);
	});
});

describe('List Generations: the Usage Logs limit', () => {
	const rows = () => [logRow(generationId(1), { clientRequestId: clientId(WORKFLOW, '1', 0) })];

	it('waits as long as Retry-After says after a 429, then asks again', async () => {
		api.usageLogs(rows(), [
			{ status: 429, retryAfter: '7' },
			{ status: 429, retryAfter: new Date(Date.now() + 20_000).toUTCString() },
		]);

		const result = await list();

		expect(result.error).toBeUndefined();
		expect(idsOf(result)).toEqual([generationId(1)]);
		const reads = api.usageLogReads();
		expect(reads).toHaveLength(3);
		expect(reads[1].atMs - reads[0].atMs).toBeGreaterThanOrEqual(7_000);
		// An HTTP date: until then (the header has whole seconds).
		expect(reads[2].atMs).toBeGreaterThanOrEqual(reads[0].atMs + 19_000);
	});

	it('backs off after a 429 without Retry-After and after a 5xx', async () => {
		api.usageLogs(rows(), [{ status: 429 }, { status: 429 }, { status: 503 }]);

		const result = await list();

		expect(result.error).toBeUndefined();
		expect(idsOf(result)).toEqual([generationId(1)]);
		const reads = api.usageLogReads();
		expect(reads).toHaveLength(4);
		for (let i = 1; i < reads.length; i++) expect(reads[i].atMs).toBeGreaterThan(reads[i - 1].atMs);
	});

	it('gives up after a bounded number of tries with an error that says what the limit is', async () => {
		api.usageLogs(
			rows(),
			Array.from({ length: 50 }, () => ({ status: 429 })),
		);

		const result = await list();

		expect(result.error?.message).toBe(
			'The AIML API is rate limiting this key (429 Too Many Requests)',
		);
		expect(result.error?.description).toContain('200 requests per 60 seconds');
		expect(api.usageLogReads()).toHaveLength(USAGE_LOGS_POLICY.maxAttempts);
		// More than two 60-second windows of the limit are waited out before giving up.
		expect(clock.sleptMs()).toBeGreaterThan(120_000);
	});
});

describe('List Generations: finding generations n8n lost', () => {
	it('finds a generation whose row appears late on a later run, and its video then', async () => {
		const early = [1, 2].map((n) =>
			logRow(generationId(n), {
				clientRequestId: clientId(WORKFLOW, '20', n),
				created: minutesAgo(n),
			}),
		);
		const late = logRow(generationId(3), {
			clientRequestId: clientId(WORKFLOW, '20', 3),
			created: minutesAgo(30),
		});
		let rowAppeared = false;
		api.usageLogs(() => (rowAppeared ? [...early, late] : early));

		const first = await list();
		expect(idsOf(first)).toEqual([generationId(1), generationId(2)]);

		rowAppeared = true;
		for (const n of [1, 2, 3]) {
			const id = generationId(n);
			api.statuses(id, completed()).serve(signedUrl(id), videoBytes(id));
		}
		const second = await list({ checkStatus: true });

		expect(second.error).toBeUndefined();
		expect(idsOf(second)).toEqual([1, 2, 3].map((n) => generationId(n)));
		const [lateItem] = second.outputs[0].slice(-1);
		expect(lateItem.json).toMatchObject({ currentStatus: 'completed', itemIndex: 3 });
		expect((await readBinary(lateItem)).equals(videoBytes(generationId(3)))).toBe(true);
	});

	it('outputs a generation still rendering with its current status, without an error or a file', async () => {
		const id = generationId(1);
		api
			.usageLogs([logRow(id, { clientRequestId: clientId(WORKFLOW, '21', 0) })])
			.statuses(id, running());

		const result = await list({ checkStatus: true });

		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toEqual([
			{
				json: expect.objectContaining({
					generationId: id,
					status: 'succeeded',
					currentStatus: 'generating',
					videoUrl: null,
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(api.downloads).toHaveLength(0);
		expect(clock.sleeps).toHaveLength(0);
	});

	it('stores the video of every finished generation, as Get Generation does', async () => {
		const done = [generationId(1), generationId(2)];
		const refused = generationId(3);
		api.usageLogs([
			logRow(done[0], { clientRequestId: clientId(WORKFLOW, '30', 0), created: minutesAgo(1) }),
			logRow(done[1], { clientRequestId: clientId(WORKFLOW, '30', 1), created: minutesAgo(2) }),
			logRow(refused, {
				clientRequestId: clientId(WORKFLOW, '30', 2),
				created: minutesAgo(3),
				status: 'failed',
			}),
		]);
		for (const id of done) api.statuses(id, completed()).serve(signedUrl(id), videoBytes(id));
		api.statuses(refused, failed('ContentModerationError', 'Rejected by content moderation.'));

		const result = await list({ checkStatus: true, options: { binaryPropertyName: 'video' } });

		expect(result.error).toBeUndefined();
		const [output] = result.outputs;
		expect(output.map((item) => item.json.currentStatus)).toEqual([
			'completed',
			'completed',
			'error',
		]);
		for (const [index, id] of done.entries()) {
			expect(output[index].json.videoUrl).toBe(signedUrl(id));
			expect((await readBinary(output[index], 'video')).equals(videoBytes(id))).toBe(true);
			expect(output[index].binary?.video.fileName).toMatch(/\.mp4$/);
		}
		expect(output[2].binary).toBeUndefined();
		expect(output[2].json).toMatchObject({
			status: 'failed',
			creditsUsed: 0,
			error: { name: 'ContentModerationError', message: 'Rejected by content moderation.' },
		});
		expect(api.downloads).toHaveLength(2);
	});

	it('with Download Video off, outputs the video URLs and downloads nothing', async () => {
		const id = generationId(1);
		api
			.usageLogs([logRow(id, { clientRequestId: clientId(WORKFLOW, '31', 0) })])
			.statuses(id, completed());

		const result = await list({ checkStatus: true, options: { downloadVideo: false } });

		expect(result.outputs[0][0].json).toMatchObject({ videoUrl: signedUrl(id) });
		expect(result.outputs[0][0].binary).toBeUndefined();
		expect(api.downloads).toHaveLength(0);
	});
});

/** Workflow IDs as n8n 1.x and 2.x make them (16 of 0-9a-zA-Z), and the numbers of older instances. */
function realisticWorkflowId(seed: number): string {
	const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
	if (seed % 5 === 4) return String(1 + seed * 37);
	let state = seed * 2_654_435_761 + 12_345;
	let id = '';
	for (let i = 0; i < 16; i++) {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		id += alphabet[state % alphabet.length];
	}
	return id;
}

describe('List Generations: client request IDs from real n8n IDs', () => {
	it('finds what each workflow submitted, by the header its submissions really carried', async () => {
		const allowed = /^[A-Za-z0-9._:-]{1,128}$/;
		const rows: IDataObject[] = [];
		const submitted = new Map<string, string[]>();
		let n = 0;
		for (let seed = 0; seed < 12; seed++) {
			const workflowId = realisticWorkflowId(seed);
			// Execution IDs are increasing numbers; busy instances reach millions.
			const executionId = String(seed * 7_919_117 + 1);
			const ids = [generationId(++n), generationId(++n)];
			api.accept(ids[0]).accept(ids[1]);
			const before = api.submissions().length;
			const run = await runWanVideo({
				parameters: textToVideo({}, { waitForCompletion: false }),
				inputItems: items('a fox', 'a hare'),
				workflowId,
				executionId,
			});
			expect(run.error).toBeUndefined();
			const headers = api
				.submissions()
				.slice(before)
				.map((submission) => String(submission.headers['x-client-request-id']));
			for (const [index, header] of headers.entries()) {
				expect(header).toMatch(allowed);
				rows.push(logRow(ids[index], { clientRequestId: header, created: minutesAgo(n) }));
			}
			submitted.set(workflowId, ids);
		}
		api.usageLogs(rows);

		for (const [seed, [workflowId, ids]] of [...submitted.entries()].entries()) {
			const result = await list({ startedBy: 'workflowId', workflowId });
			expect(result.error).toBeUndefined();
			expect(idsOf(result).sort()).toEqual([...ids].sort());
			expect(result.outputs[0].map((item) => item.json)).toEqual(
				expect.arrayContaining([
					expect.objectContaining({
						workflowId,
						executionId: String(seed * 7_919_117 + 1),
						itemIndex: 0,
					}),
					expect.objectContaining({ itemIndex: 1 }),
				]),
			);
		}
	});

	it('finds the submissions of this workflow with the default Started By, whatever its ID', async () => {
		// The test harness's own workflow IDs are longer than n8n's (test-workflow-<uuid>).
		const workflowId = `test-workflow-${'0f6c2b1e-8a4d-4c3b-9e21-0123456789ab'}`;
		const id = generationId(1);
		api.accept(id);
		await runWanVideo({
			parameters: textToVideo({}, { waitForCompletion: false }),
			inputItems: items('a fox'),
			workflowId,
		});
		const [submission] = api.submissions();
		api.usageLogs([
			logRow(id, { clientRequestId: String(submission.headers['x-client-request-id']) }),
			logRow(generationId(2), { clientRequestId: clientId(WORKFLOW, '1', 0) }),
		]);

		const result = await runWanVideo({ parameters: listGenerations(), workflowId });

		expect(idsOf(result)).toEqual([id]);
	});
});

describe('List Generations: bad input is refused before any request', () => {
	const cases: Array<{ parameters: INodeParameters; message: string; fix: string }> = [
		{
			parameters: { lastHours: 2209 },
			message: '"Last N Hours" is 2209: it must be a whole number from 1 to 2208',
			fix: '92 days',
		},
		{
			parameters: {
				timeWindow: 'between',
				startTime: '2026-01-01T00:00:00Z',
				endTime: '2026-04-04T00:00:00Z',
			},
			message: 'The window from "Start" to "End" spans 93 days; the Usage Logs allow at most 92',
			fix: 'at most 92 days apart',
		},
		{
			parameters: {
				timeWindow: 'between',
				startTime: '2026-03-02T00:00:00Z',
				endTime: '2026-03-01T00:00:00Z',
			},
			message: '"End" (2026-03-01T00:00:00.000Z) is before "Start" (2026-03-02T00:00:00.000Z)',
			fix: 'Set End later than Start',
		},
		{
			parameters: { timeWindow: 'between', startTime: 'yesterday', endTime: '2026-03-01' },
			message: '"Start" is not a date and time: "yesterday"',
			fix: '2026-03-01T09:00:00',
		},
		{
			parameters: {
				timeWindow: 'between',
				startTime: '2026-02-30T00:00:00',
				endTime: '2026-03-01',
			},
			message: '"Start" is not a date and time: "2026-02-30T00:00:00"',
			fix: 'ISO date',
		},
		{
			parameters: { models: ['alibaba/wan-2-6-t2v', 'alibaba/wan-9-t2v'] },
			message: '"Models" names an unknown model: "alibaba/wan-9-t2v"',
			fix: 'alibaba/wan-2-6-t2v',
		},
		{
			parameters: { models: '={{ ["openai/sora-2"] }}' },
			message: '"Models" names an unknown model: "openai/sora-2"',
			fix: 'Choose the models from the list',
		},
		{
			parameters: {
				startedBy: 'workflowId',
				workflowId: 'https://n8n.example.com/workflow/aB3dE6gH9jK2mN5p',
			},
			message:
				'"Workflow ID" is not an n8n workflow ID: "https://n8n.example.com/workflow/aB3dE6gH9jK2mN5p"',
			fix: '…/workflow/<ID>',
		},
		{
			parameters: { startedBy: 'workflowId', workflowId: 'My production workflow' },
			message: '"Workflow ID" is not an n8n workflow ID: "My production workflow"',
			fix: "letters, digits, '-' and '_' only",
		},
		{
			parameters: { startedBy: 'workflowId', workflowId: '   ' },
			message: '"Workflow ID" is not an n8n workflow ID: ""',
			fix: 'Copy the ID',
		},
		{
			parameters: { limit: 0 },
			message: '"Limit" is 0: it must be a whole number of 1 or more',
			fix: 'Return All',
		},
	];

	it.each(cases)('$message', async ({ parameters, message, fix }) => {
		api.usageLogs([logRow(generationId(1), { clientRequestId: clientId(WORKFLOW, '1', 0) })]);

		const result = await list(parameters);

		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toContain(fix);
		expect(api.requests).toHaveLength(0);
	});

	it('with Continue On Fail, the refusal becomes an error item', async () => {
		const result = await runWanVideo({
			parameters: listGenerations({ lastHours: 5000 }),
			workflowId: WORKFLOW,
			continueOnFail: true,
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toEqual([
			{
				json: expect.objectContaining({ error: expect.stringContaining('"Last N Hours"') }),
				pairedItem: { item: 0 },
			},
		]);
		expect(api.requests).toHaveLength(0);
	});
});

describe('List Generations as an AI agent tool', () => {
	it('answers one compact JSON result and downloads nothing, even with Check Status and Download on', async () => {
		const ids = [generationId(1), generationId(2)];
		const created = [minutesAgo(1), minutesAgo(2)];
		api.usageLogs([
			logRow(ids[0], { clientRequestId: clientId(WORKFLOW, '50', 0), created: created[0] }),
			logRow(ids[1], { clientRequestId: clientId(WORKFLOW, '50', 1), created: created[1] }),
		]);
		api.statuses(ids[0], completed()).statuses(ids[1], running());

		const result = await list({ checkStatus: true }, { nodeType: wanVideoAsTool() });

		expect(result.error).toBeUndefined();
		expect(result.outputs).toEqual([
			[
				{
					json: {
						count: 2,
						generations: [
							{
								generationId: ids[0],
								model: T2V_MODEL,
								createdAt: created[0],
								status: 'succeeded',
								creditsUsed: 1_575_000,
								usdSpent: 0.7875,
								workflowId: WORKFLOW,
								executionId: '50',
								itemIndex: 0,
								currentStatus: 'completed',
								videoUrl: signedUrl(ids[0]),
							},
							{
								generationId: ids[1],
								model: T2V_MODEL,
								createdAt: created[1],
								status: 'succeeded',
								creditsUsed: 1_575_000,
								usdSpent: 0.7875,
								workflowId: WORKFLOW,
								executionId: '50',
								itemIndex: 1,
								currentStatus: 'generating',
							},
						],
					},
					pairedItem: { item: 0 },
				},
			],
		]);
		expect(api.downloads).toHaveLength(0);
	});
});
