import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { OPTIONS_COLLECTION } from '../schema/parameterNames';
import { isToolCall } from '../shared/toolCall';

export type OnTimeout = 'error' | 'output';

/** How the node waits and what it outputs; the same for every item of a run. */
export interface RunSettings {
	waitForCompletion: boolean;
	pollIntervalMs: number;
	maxWaitMs: number;
	onTimeout: OnTimeout;
	downloadVideo: boolean;
	binaryPropertyName: string;
	submitConcurrency: number;
	/** The ceiling of the run's request budget, shared by every API call. */
	maxRequestsPerSecond: number;
}

/** One entry of the Options collection and how the run reads it. */
interface Knob<T> {
	entry: INodeProperties;
	read: (options: IDataObject, context: IExecuteFunctions) => T;
}

function clamp(value: number, min: number, max: number): number {
	if (!Number.isFinite(value)) return min;
	return Math.min(max, Math.max(min, value));
}

/** A number entry's value, held to the bounds the UI enforces, since an expression can go past them. */
function numberOf(entry: INodeProperties, options: IDataObject): number {
	const { minValue, maxValue } = entry.typeOptions as { minValue: number; maxValue: number };
	return clamp(Number(options[entry.name] ?? entry.default), minValue, maxValue);
}

const WHILE_WAITING = { show: { '/waitForCompletion': [true] } };

const checkInterval: Knob<number> = {
	entry: {
		displayName: 'Check Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 2, maxValue: 600 },
		// The API docs poll every 10 to 15 seconds.
		default: 10,
		description: 'How often to ask the API whether the videos are ready',
		displayOptions: WHILE_WAITING,
	},
	read: (options) => numberOf(checkInterval.entry, options) * 1000,
};

const downloadVideo: Knob<boolean> = {
	entry: {
		displayName: 'Download Video',
		name: 'downloadVideo',
		type: 'boolean',
		default: true,
		description:
			'Whether to download the finished video as binary data. Off: output only its URL, which expires after about a day.',
	},
	// An agent reads JSON only; n8n would discard the file after downloading it.
	read: (options, context) => options.downloadVideo !== false && !isToolCall(context),
};

const maxWait: Knob<number> = {
	entry: {
		displayName: 'Max Wait (Minutes)',
		name: 'maxWaitMinutes',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 24 * 60 },
		// Wan 2.6 jobs take 3 to 9 minutes; queues can add more.
		default: 20,
		description:
			'How long to wait for all videos of this run. Wan 2.6 usually needs 3 to 9 minutes. n8n Cloud stops executions sooner: there, use Wait and Get Generation.',
		displayOptions: WHILE_WAITING,
	},
	read: (options) => numberOf(maxWait.entry, options) * 60_000,
};

const maxRequestsPerSecond: Knob<number> = {
	entry: {
		displayName: 'Max Requests per Second',
		name: 'maxRequestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0.2, maxValue: 50, numberPrecision: 1 },
		// What a standard AIML API key sustains with room to spare.
		default: 5,
		description:
			'The most calls this node makes to the AIML API per second, submissions and status checks together. When the API answers "Too Many Requests", the node slows down by itself and speeds up again later.',
	},
	read: (options) => numberOf(maxRequestsPerSecond.entry, options),
};

const onTimeout: Knob<OnTimeout> = {
	entry: {
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
	read: (options) => (options.onTimeout === 'output' ? 'output' : 'error'),
};

const putOutputFileInField: Knob<string> = {
	entry: {
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		description: 'The name of the binary field the video is written to',
	},
	read: (options) => String(options.binaryPropertyName ?? 'data').trim() || 'data',
};

const parallelSubmissions: Knob<number> = {
	entry: {
		displayName: 'Parallel Submissions',
		name: 'submitConcurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 20 },
		default: 5,
		description:
			'How many items are submitted (and downloaded) at once. Lower it if runs fail with "Too Many Requests".',
	},
	read: (options) => Math.round(numberOf(parallelSubmissions.entry, options)),
};

/** Options about waiting and output, shared by every operation that can wait. */
export const WAIT_OPTIONS: INodeProperties[] = [
	checkInterval,
	downloadVideo,
	maxWait,
	maxRequestsPerSecond,
	onTimeout,
	putOutputFileInField,
].map((knob) => knob.entry);

/** Options that only the generate operations have. */
export const SUBMIT_OPTIONS: INodeProperties[] = [parallelSubmissions.entry];

/** The lowest and the default request pace, for a run that sets none. */
export const REQUESTS_PER_SECOND = {
	min: (maxRequestsPerSecond.entry.typeOptions as { minValue: number }).minValue,
	default: maxRequestsPerSecond.entry.default as number,
};

export function readRunSettings(context: IExecuteFunctions, waitByDefault: boolean): RunSettings {
	const options = context.getNodeParameter(OPTIONS_COLLECTION, 0, {}) as IDataObject;
	return {
		waitForCompletion: context.getNodeParameter('waitForCompletion', 0, waitByDefault) as boolean,
		pollIntervalMs: checkInterval.read(options, context),
		maxWaitMs: maxWait.read(options, context),
		onTimeout: onTimeout.read(options, context),
		downloadVideo: downloadVideo.read(options, context),
		binaryPropertyName: putOutputFileInField.read(options, context),
		submitConcurrency: parallelSubmissions.read(options, context),
		maxRequestsPerSecond: maxRequestsPerSecond.read(options, context),
	};
}
