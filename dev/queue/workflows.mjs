import { randomUUID } from 'node:crypto';

import { randomN8nId } from '../n8nRuntime.mjs';

export const WAN_VIDEO_NODE_TYPE = 'n8n-nodes-wan-video.wanVideo';
export const CREDENTIAL_TYPE = 'aimlApiWanVideoApi';

/** The node that finished videos end up in, in both workflows. */
export const VIDEOS_NODE = 'Videos';

function node(name, type, typeVersion, parameters, position, extra = {}) {
	return { id: randomUUID(), name, type, typeVersion, parameters, position, ...extra };
}

function link(to, index = 0) {
	return [{ node: to, type: 'main', index }];
}

/** Production Webhook (answers at once) → one item per row of the posted `rows`. */
function batchTrigger(webhookPath) {
	return [
		node(
			'Batch Webhook',
			'n8n-nodes-base.webhook',
			2,
			{ httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
			[0, 300],
			{ webhookId: randomUUID() },
		),
		node(
			'Rows',
			'n8n-nodes-base.splitOut',
			1,
			{ fieldToSplitOut: 'body.rows', options: {} },
			[220, 300],
		),
	];
}

function wanVideo(name, parameters, credential, position) {
	return node(name, WAN_VIDEO_NODE_TYPE, 1, parameters, position, {
		credentials: { [CREDENTIAL_TYPE]: credential },
	});
}

const TEXT_TO_VIDEO = {
	operation: 'textToVideo',
	prompt: '={{ $json.prompt }}',
	aspectRatio: '16:9',
	resolution: '720p',
	duration: 5,
};

/**
 * Webhook → rows → Wan Video, Text to Video, waiting in the node for every video.
 * @param {{ credential: { id: string, name: string }, webhookPath: string, pollIntervalSeconds?: number }} options
 */
export function inNodeWaitWorkflow({ credential, webhookPath, pollIntervalSeconds = 2, name }) {
	return {
		id: randomN8nId(),
		name: name ?? `Queue: in-node wait (${webhookPath})`,
		nodes: [
			...batchTrigger(webhookPath),
			wanVideo(
				VIDEOS_NODE,
				{ ...TEXT_TO_VIDEO, waitForCompletion: true, options: { pollIntervalSeconds } },
				credential,
				[440, 300],
			),
		],
		connections: { 'Batch Webhook': { main: [link('Rows')] }, Rows: { main: [link(VIDEOS_NODE)] } },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Webhook → rows → Submit (no wait) → Wait → Get Generation with Route by Status:
 * Completed → Videos, Still Running → back to the Wait, Failed → Failed Generations.
 * A wait of 65 s or more parks the execution in the database.
 * @param {{ credential: { id: string, name: string }, webhookPath: string, waitSeconds: number }} options
 */
export function submitWaitGetWorkflow({ credential, webhookPath, waitSeconds, name }) {
	return {
		id: randomN8nId(),
		name: name ?? `Queue: submit, wait, get (${webhookPath})`,
		nodes: [
			...batchTrigger(webhookPath),
			wanVideo(
				'Submit',
				{ ...TEXT_TO_VIDEO, waitForCompletion: false, options: {} },
				credential,
				[440, 300],
			),
			node(
				'Wait',
				'n8n-nodes-base.wait',
				1.1,
				{ amount: waitSeconds, unit: 'seconds' },
				[660, 300],
				{ webhookId: randomUUID() },
			),
			wanVideo(
				'Get Generation',
				{
					operation: 'getGeneration',
					generationId: '={{ $json.generationId }}',
					waitForCompletion: false,
					routeByStatus: true,
					options: {},
				},
				credential,
				[880, 300],
			),
			node(VIDEOS_NODE, 'n8n-nodes-base.noOp', 1, {}, [1100, 200]),
			node('Failed Generations', 'n8n-nodes-base.noOp', 1, {}, [1100, 400]),
		],
		connections: {
			'Batch Webhook': { main: [link('Rows')] },
			Rows: { main: [link('Submit')] },
			Submit: { main: [link('Wait')] },
			Wait: { main: [link('Get Generation')] },
			'Get Generation': {
				main: [link(VIDEOS_NODE), link('Wait'), link('Failed Generations')],
			},
		},
		settings: { executionOrder: 'v1' },
	};
}
