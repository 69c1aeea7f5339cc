import type { INodeProperties } from 'n8n-workflow';

import { POLLING_POLICY } from './polling/pollingPolicy';
import { REQUEST_BUDGET_POLICY } from './transport/requestBudget';

const WHILE_WAITING = { show: { '/waitForCompletion': [true] } };

/** Options about waiting and output, shared by every operation that can wait. */
export const WAIT_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Check Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: {
			minValue: POLLING_POLICY.minPollIntervalSeconds,
			maxValue: POLLING_POLICY.maxPollIntervalSeconds,
		},
		default: 10,
		description: 'How often to ask the API whether the videos are ready',
		displayOptions: WHILE_WAITING,
	},
	{
		displayName: 'Download Video',
		name: 'downloadVideo',
		type: 'boolean',
		default: true,
		description:
			'Whether to download the finished video as binary data. Off: output only its URL, which expires after about a day.',
	},
	{
		displayName: 'Max Wait (Minutes)',
		name: 'maxWaitMinutes',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: POLLING_POLICY.maxMaxWaitMinutes },
		default: 20,
		description:
			'How long to wait for all videos of this run. Wan 2.6 usually needs 3 to 9 minutes. n8n Cloud stops executions sooner: there, use Wait and Get Generation.',
		displayOptions: WHILE_WAITING,
	},
	{
		displayName: 'Max Requests per Second',
		name: 'maxRequestsPerSecond',
		type: 'number',
		typeOptions: {
			minValue: REQUEST_BUDGET_POLICY.minRequestsPerSecond,
			maxValue: REQUEST_BUDGET_POLICY.maxRequestsPerSecond,
			numberPrecision: 1,
		},
		default: 5,
		description:
			'The most calls this node makes to the AIML API per second, submissions and status checks together. When the API answers "Too Many Requests", the node slows down by itself and speeds up again later.',
	},
	{
		displayName: 'On Timeout',
		name: 'onTimeout',
		type: 'options',
		options: [
			{
				name: 'Output the Running Generation',
				value: 'output',
				description:
					'Output the item with its generation ID and status, to check later with Get Generation',
			},
			{
				name: 'Stop With an Error',
				value: 'error',
				description: 'Fail with an error that names the generation ID',
			},
		],
		default: 'error',
		description:
			'What to do when a video is not ready within Max Wait. It keeps running (and is billed) either way.',
		displayOptions: WHILE_WAITING,
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		description: 'The name of the binary field the video is written to',
	},
];

/** Options that only the generate operations have. */
export const SUBMIT_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Parallel Submissions',
		name: 'submitConcurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: POLLING_POLICY.maxSubmitConcurrency },
		default: 5,
		description:
			'How many items are submitted (and downloaded) at once. Lower it if runs fail with "Too Many Requests".',
	},
];
