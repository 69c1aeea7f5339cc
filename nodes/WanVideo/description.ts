import type { INodeProperties } from 'n8n-workflow';

import {
	LIST_GENERATIONS_FIELDS,
	LIST_GENERATIONS_OPTION_NAMES,
	LIST_OPTIONS_DISPLAY,
} from './actions/listGenerations.properties';
import { GENERATE_OPERATIONS, OPERATION_OPTIONS } from './actions/operations';
import type { GenerateOperation } from './models/types';
import { SUBMIT_OPTIONS, WAIT_OPTIONS } from './options/runOptions';
import { OPTIONS_COLLECTION } from './schema/parameterNames';
import { mainProperties, modelProperty, optionProperties } from './schema/toNodeProperties';

function onlyFor(operation: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, operation: [operation] },
		},
	}));
}

function byDisplayName(a: INodeProperties, b: INodeProperties): number {
	return a.displayName.localeCompare(b.displayName);
}

function optionsCollection(entries: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: OPTIONS_COLLECTION,
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...entries].sort(byDisplayName),
	};
}

const waitForVideo: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: true,
	description:
		'Whether to wait in this node until the video is ready and output it. Off: output the generation ID at once.',
};

const waitForExisting: INodeProperties = {
	displayName: 'Wait for Completion',
	name: 'waitForCompletion',
	type: 'boolean',
	default: false,
	description: 'Whether to wait until the generation finishes. Off: check its status once.',
};

const retryOnFailNotice: INodeProperties = {
	displayName:
		'Keep "Retry On Fail" (Settings tab) off: a retry submits and bills every video again. Status checks and downloads already retry by themselves.',
	name: 'retryNotice',
	type: 'notice',
	default: '',
};

function generateProperties(operation: GenerateOperation): INodeProperties[] {
	return onlyFor(operation, [
		...modelProperty(operation),
		...mainProperties(operation),
		waitForVideo,
		optionsCollection([...optionProperties(operation), ...WAIT_OPTIONS, ...SUBMIT_OPTIONS]),
		retryOnFailNotice,
	]);
}

const getGenerationProperties: INodeProperties[] = onlyFor('getGeneration', [
	{
		displayName: 'Generation ID',
		name: 'generationId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.generationId }}',
		description: 'The ID a Wan Video generate operation returned',
	},
	waitForExisting,
	{
		displayName: 'Route by Status',
		name: 'routeByStatus',
		type: 'boolean',
		default: false,
		hint: 'Adds three outputs: Completed, Still Running, Failed',
		description:
			'Whether to send items to three outputs: Completed, Still Running and Failed. Loop Still Running back through a Wait node to check again later.',
	},
	optionsCollection(WAIT_OPTIONS),
]);

const listGenerationsProperties: INodeProperties[] = onlyFor('listGenerations', [
	...LIST_GENERATIONS_FIELDS,
	{
		...optionsCollection(
			WAIT_OPTIONS.filter((option) => LIST_GENERATIONS_OPTION_NAMES.includes(option.name)),
		),
		displayOptions: LIST_OPTIONS_DISPLAY,
	},
]);

/** Every property of the node: the operation picker, then each operation's fields. */
export const wanVideoProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: OPERATION_OPTIONS,
		default: 'textToVideo',
	},
	...GENERATE_OPERATIONS.flatMap(generateProperties),
	...getGenerationProperties,
	...listGenerationsProperties,
];
