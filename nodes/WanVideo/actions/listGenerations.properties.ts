import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { listedModels } from '../models/catalog';
import { LIST_LIMITS } from './listGenerationsInput';

function byName(a: INodePropertyOptions, b: INodePropertyOptions): number {
	return a.name.localeCompare(b.name);
}

const MODEL_OPTIONS: INodePropertyOptions[] = listedModels()
	.map((model) => ({
		name: model.label,
		value: model.id,
		description: model.apiIdAliases.length
			? `${model.id}, also logged as ${model.apiIdAliases.join(', ')}`
			: model.id,
	}))
	.sort(byName);

const BETWEEN = { show: { timeWindow: ['between'] } };

/** The fields of List Generations, before they are shown only for it. */
export const LIST_GENERATIONS_FIELDS: INodeProperties[] = [
	{
		displayName:
			'Lists the Wan generations the AIML API recorded for this key (its Usage Logs), also those of executions n8n lost',
		name: 'listNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Time Window',
		name: 'timeWindow',
		type: 'options',
		options: [
			{ name: 'Last N Hours', value: 'lastHours', description: 'Up to now' },
			{ name: 'Between Start and End', value: 'between', description: 'At most 92 days apart' },
		],
		default: 'lastHours',
		description: 'Which generations to list, by the time they were submitted',
	},
	{
		displayName: 'Last N Hours',
		name: 'lastHours',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: LIST_LIMITS.maxHours },
		default: 24,
		description: 'How many hours back from now to list; at most 2208 (92 days)',
		displayOptions: { show: { timeWindow: ['lastHours'] } },
	},
	{
		displayName: 'Start',
		name: 'startTime',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			"The earliest submission time to list. Without an offset the time is read in the workflow's time zone.",
		displayOptions: BETWEEN,
	},
	{
		displayName: 'End',
		name: 'endTime',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'The latest submission time to list; at most 92 days after Start',
		displayOptions: BETWEEN,
	},
	{
		displayName: 'Models',
		name: 'models',
		type: 'multiOptions',
		options: MODEL_OPTIONS,
		default: [],
		description: 'Only generations of these models. Empty: every Wan model.',
	},
	{
		displayName: 'Status',
		name: 'generationStatus',
		type: 'options',
		options: [
			{ name: 'Succeeded or Failed', value: 'both' },
			{ name: 'Succeeded', value: 'succeeded', description: 'Billed generations' },
			{ name: 'Failed', value: 'failed', description: 'Not billed' },
		],
		default: 'both',
		description: 'Which generations to list, by the outcome the Usage Logs recorded',
	},
	{
		displayName: 'Started By',
		name: 'startedBy',
		type: 'options',
		options: [
			{
				name: 'This Workflow',
				value: 'thisWorkflow',
				description: 'Generations a Wan Video node of this workflow submitted',
			},
			{
				name: 'Workflow ID',
				value: 'workflowId',
				description: 'Generations a Wan Video node of the workflow you name submitted',
			},
			{
				name: 'Any',
				value: 'any',
				description: 'Every generation of the key, also those other tools started',
			},
		],
		default: 'thisWorkflow',
		description:
			'Which workflow started the generations, as read from the client request ID each submission carries',
	},
	{
		displayName: 'Workflow ID',
		name: 'workflowId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. aB3dE6gH9jK2mN5p',
		description: "The ID in the workflow's URL: …/workflow/&lt;ID&gt;",
		displayOptions: { show: { startedBy: ['workflowId'] } },
	},
	{
		displayName: 'Check Status and Download',
		name: 'checkStatus',
		type: 'boolean',
		default: false,
		description:
			'Whether to ask the API for each generation’s current status and video URL, and download finished videos as Get Generation does',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** The options of Get Generation that apply to a check without waiting. */
export const LIST_GENERATIONS_OPTION_NAMES = ['downloadVideo', 'binaryPropertyName'];

export const LIST_OPTIONS_DISPLAY = { show: { checkStatus: [true] } };
