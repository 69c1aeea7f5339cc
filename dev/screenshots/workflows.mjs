import { randomUUID } from 'node:crypto';

import { DEFAULT_API_KEY } from '../simulator/aimlApiSimulator.mjs';

export const NODE_NAME = 'Wan Video';
export const TRIGGER_NAME = 'When clicking ‘Execute workflow’';
export const PROMPT = 'A red fox runs through fresh snow at sunrise, cinematic, slow motion';

const NODE_TYPE = 'n8n-nodes-wan-video.wanVideo';
const CREDENTIAL = {
	id: 'wanVideoSimCred1',
	name: 'AIML API (local simulator)',
	type: 'aimlApiWanVideoApi',
};

/** The credential the example workflow uses, pointed at the simulator. */
export function simulatorCredential(simulatorUrl) {
	return { ...CREDENTIAL, data: { apiKey: DEFAULT_API_KEY, baseUrl: simulatorUrl } };
}

function triggerNode(position) {
	return {
		id: randomUUID(),
		name: TRIGGER_NAME,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position,
		parameters: {},
	};
}

/** Only a manual trigger: the node picker scene adds the Wan Video node to it. */
export const STARTER_WORKFLOW = {
	id: 'wanVideoStarter1',
	name: 'Wan Video: add the node',
	nodes: [triggerNode([0, 0])],
	connections: {},
};

/** Trigger -> Wan Video (text to video), ready to execute against the simulator. */
export const EXAMPLE_WORKFLOW = {
	id: 'wanVideoExample1',
	name: 'Wan Video: text to video',
	nodes: [
		triggerNode([0, 0]),
		{
			id: randomUUID(),
			name: NODE_NAME,
			type: NODE_TYPE,
			typeVersion: 1,
			position: [260, 0],
			parameters: {
				operation: 'textToVideo',
				prompt: PROMPT,
				aspectRatio: '16:9',
				resolution: '720p',
				duration: 5,
				waitForCompletion: true,
				options: { pollIntervalSeconds: 2 },
			},
			credentials: { [CREDENTIAL.type]: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
		},
	],
	connections: { [TRIGGER_NAME]: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
};
