import type { IExecuteFunctions, INodePropertyOptions } from 'n8n-workflow';

import type { GenerateOperation } from '../models/types';
import type { ItemOutcome } from '../output/outcome';
import { executeGenerate } from './generate.operation';
import { executeGetGeneration, STATUS_OUTPUT_NAMES } from './getGeneration.operation';
import { executeListGenerations } from './listGenerations.operation';

export type WanVideoOperation = GenerateOperation | 'getGeneration' | 'listGenerations';

interface Operation {
	/** What the picker and the node's subtitle show. */
	name: string;
	action: string;
	description: string;
	execute: (context: IExecuteFunctions) => Promise<ItemOutcome[]>;
	/** Outputs the operation has instead of one while this boolean parameter is on. */
	switchedOutputs?: { parameter: string; names: readonly string[] };
}

/**
 * The only place the operations are listed: the picker, the subtitle, the router and the
 * outputs are derived from it. Keyed by value in the picker's (alphabetical) order.
 */
const OPERATIONS: Record<WanVideoOperation, Operation> = {
	getGeneration: {
		name: 'Get Generation',
		action: 'Get a video generation',
		description: 'Check a generation by ID, optionally wait for it and download the video',
		execute: executeGetGeneration,
		switchedOutputs: { parameter: 'routeByStatus', names: STATUS_OUTPUT_NAMES },
	},
	imageToVideo: {
		name: 'Image to Video',
		action: 'Generate a video from an image',
		description: 'Animate an image used as the first frame; Wan 3.0 can also end on a last frame',
		execute: async (context) => await executeGenerate(context, 'imageToVideo'),
	},
	listGenerations: {
		name: 'List Generations',
		action: 'List video generations from the usage logs',
		description:
			'List the generations the AIML API recorded, also those of executions n8n lost, and recover their videos',
		execute: executeListGenerations,
	},
	referenceToVideo: {
		name: 'Reference to Video',
		action: 'Generate a video from references',
		description:
			'Put the people, products or places of reference videos, images or audio into a new scene',
		execute: async (context) => await executeGenerate(context, 'referenceToVideo'),
	},
	textToVideo: {
		name: 'Text to Video',
		action: 'Generate a video from text',
		description: 'Create a video from a prompt',
		execute: async (context) => await executeGenerate(context, 'textToVideo'),
	},
};

const ENTRIES = Object.entries(OPERATIONS) as Array<[WanVideoOperation, Operation]>;

export function operationOf(value: WanVideoOperation): Operation {
	return OPERATIONS[value];
}

/** The operation picker's options. */
export const OPERATION_OPTIONS: Array<INodePropertyOptions & { value: WanVideoOperation }> =
	ENTRIES.map(([value, { name, action, description }]) => ({ name, value, action, description }));

/** The generate operations, in the order their properties are listed. */
export const GENERATE_OPERATIONS: GenerateOperation[] = [
	'textToVideo',
	'imageToVideo',
	'referenceToVideo',
];

/** The node's subtitle on the canvas: the chosen operation's name. */
export const SUBTITLE_EXPRESSION = `={{ {${ENTRIES.map(([value, { name }]) => `"${value}": "${name}"`).join(', ')}}[$parameter["operation"]] }}`;

/** The node's outputs: one, or the switched outputs of an operation whose switch is on. */
export const OUTPUTS_EXPRESSION: `={{${string}}}` = `={{ ${ENTRIES.reduceRight(
	(otherwise, [value, { switchedOutputs }]) => {
		if (!switchedOutputs) return otherwise;
		const outputs = switchedOutputs.names.map((displayName) =>
			JSON.stringify({ type: 'main', displayName }),
		);
		return `$parameter["operation"] === "${value}" && $parameter["${switchedOutputs.parameter}"] ? [${outputs.join(',')}] : ${otherwise}`;
	},
	'["main"]',
)} }}`;

/** How many outputs the run fills, the same count as OUTPUTS_EXPRESSION gives n8n. */
export function outputCount(context: IExecuteFunctions, value: WanVideoOperation): number {
	const switched = OPERATIONS[value].switchedOutputs;
	if (!switched || !context.getNodeParameter(switched.parameter, 0, false)) return 1;
	return switched.names.length;
}
