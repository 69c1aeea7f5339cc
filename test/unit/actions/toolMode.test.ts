import { describe, expect, it } from 'vitest';

import {
	MockAimlApi,
	useWaitingApi,
	completed,
	failed,
	generationId,
	running,
	signedUrl,
	videoBytes,
} from '../../../dev/harness/mockAimlApi';
import {
	items,
	runWanVideo,
	textToVideo,
	visibleText,
	wanVideoWithoutIsToolExecution,
} from '../../../dev/harness/wanVideo';

let api: MockAimlApi;

useWaitingApi((fresh) => ({ api } = fresh));

// Agents from version 3 have the engine run the tool; older ones run it as a sub-node.
const TOOL_RUNS = ['engine', 'subNode'] as const;

describe.each(TOOL_RUNS)('as an AI agent tool (%s)', (runAsTool) => {
	it('Text to Video returns one compact JSON result and downloads nothing, with Download Video on', async () => {
		const id = generationId(1);
		api.accept(id).statuses(id, running(), completed({ creditsUsed: 3_150_000 }));

		const result = await runWanVideo({
			runAsTool,
			parameters: textToVideo({ downloadVideo: true }),
			inputItems: items('a fox in the snow'),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(1);
		expect(result.outputs[0]).toHaveLength(1);
		const [item] = result.outputs[0];
		expect(item.json).toEqual({
			generationId: id,
			status: 'completed',
			videoUrl: signedUrl(id),
			creditsUsed: 3_150_000,
			error: null,
		});
		expect(item.binary).toBeUndefined();
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(api.downloads).toEqual([]);
	});

	it('a failed generation comes back as a result the agent can report, not an error', async () => {
		const id = generationId(2);
		api
			.accept(id)
			.statuses(id, failed('ContentModerationError', 'The prompt was rejected by moderation.'));

		const result = await runWanVideo({
			runAsTool,
			parameters: textToVideo(),
			inputItems: items('something the filter refuses'),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0].map((item) => item.json)).toEqual([
			{
				generationId: id,
				status: 'error',
				videoUrl: null,
				creditsUsed: 0,
				error: expect.stringMatching(
					/^Generation .* failed: ContentModerationError: The prompt was rejected by moderation\. The AIML API does not bill failed generations/,
				),
			},
		]);
	});

	it('a prompt left empty by the agent is refused with the field named, before anything is sent', async () => {
		const result = await runWanVideo({
			runAsTool,
			parameters: textToVideo(),
			inputItems: items(''),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toHaveLength(1);
		expect(result.outputs[0][0].json).toMatchObject({
			generationId: null,
			status: null,
			videoUrl: null,
			creditsUsed: null,
			error: expect.stringContaining('Prompt'),
		});
		expect(api.submissions()).toEqual([]);
	});

	it.each([
		['still running', running(), { status: 'generating', videoUrl: null, error: null }],
		[
			'failed',
			failed('ContentModerationError', 'Rejected.'),
			{ status: 'error', error: 'ContentModerationError: Rejected.' },
		],
		['completed', completed(), { status: 'completed', error: null }],
	])(
		'Get Generation with Route by Status gives a %s generation on the one output the agent reads',
		async (_state, answer, expected) => {
			const id = generationId(3);
			api.statuses(id, answer).serve(signedUrl(id), videoBytes(id));

			const result = await runWanVideo({
				runAsTool,
				parameters: {
					operation: 'getGeneration',
					generationId: '={{ $json.generationId }}',
					routeByStatus: true,
				},
				inputItems: [{ json: { generationId: id } }],
			});

			expect(result.error).toBeUndefined();
			expect(result.outputs).toHaveLength(1);
			expect(result.outputs[0]).toHaveLength(1);
			expect(result.outputs[0][0].json).toMatchObject({ generationId: id, ...expected });
			expect(Object.keys(result.outputs[0][0].json).sort()).toEqual(
				['creditsUsed', 'error', 'generationId', 'status', 'videoUrl'].sort(),
			);
			expect(result.outputs[0][0].binary).toBeUndefined();
			expect(api.downloads).toEqual([]);
		},
	);

	it('keeps the key out of the result', async () => {
		const id = generationId(4);
		api.accept(id).statuses(id, completed());

		const result = await runWanVideo({
			runAsTool,
			parameters: textToVideo(),
			inputItems: items('a fox'),
		});

		expect(visibleText(result)).not.toContain('wan-test-key-that-must-stay-secret');
	});
});

describe('on n8n 1.x, whose contexts have no isToolExecution()', () => {
	it('runs in a workflow as before, with the video downloaded', async () => {
		const id = generationId(6);
		api.accept(id).statuses(id, completed()).serve(signedUrl(id), videoBytes(id));

		const result = await runWanVideo({
			nodeType: wanVideoWithoutIsToolExecution(),
			parameters: textToVideo(),
			inputItems: items('a fox'),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0][0].json).toMatchObject({ generationId: id, status: 'completed' });
		expect(result.outputs[0][0].binary?.data).toBeDefined();
	});

	it('as the tool variant an agent runs as a sub-node, returns the compact result', async () => {
		const id = generationId(7);
		api.accept(id).statuses(id, completed());

		const result = await runWanVideo({
			nodeType: wanVideoWithoutIsToolExecution(),
			// n8n names a node's tool variant <name>Tool; only an agent runs it.
			nodeTypeName: 'n8n-nodes-wan-video.wanVideoTool',
			parameters: textToVideo(),
			inputItems: items('a fox'),
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs[0].map((item) => item.json)).toEqual([
			{
				generationId: id,
				status: 'completed',
				videoUrl: signedUrl(id),
				creditsUsed: 1_575_000,
				error: null,
			},
		]);
		expect(api.downloads).toEqual([]);
	});
});

describe('in a workflow, not as a tool', () => {
	it('still downloads the video and routes by status', async () => {
		const id = generationId(5);
		api.statuses(id, completed()).serve(signedUrl(id), videoBytes(id));

		const result = await runWanVideo({
			parameters: {
				operation: 'getGeneration',
				generationId: '={{ $json.generationId }}',
				routeByStatus: true,
			},
			inputItems: [{ json: { generationId: id } }],
		});

		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(3);
		expect(result.outputs[0][0].binary?.data).toBeDefined();
		expect(api.downloads).toHaveLength(1);
	});
});
