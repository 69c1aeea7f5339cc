import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import {
	readRunSettings,
	SUBMIT_OPTIONS,
	WAIT_OPTIONS,
	type RunSettings,
} from '../../../nodes/WanVideo/options/runOptions';

/** A run of the node with these Options set. */
function contextWith(options: IDataObject): IExecuteFunctions {
	return {
		getNodeParameter: (name: string, _itemIndex: number, fallback: unknown) =>
			name === 'options' ? options : fallback,
		getNode: () => ({ type: 'n8n-nodes-wan-video.wanVideo' }),
		isToolExecution: () => false,
	} as unknown as IExecuteFunctions;
}

/** Each number entry, and the setting it becomes in the unit the entry shows. */
const NUMBER_SETTINGS: Record<string, (settings: RunSettings) => number> = {
	pollIntervalSeconds: (settings) => settings.pollIntervalMs / 1000,
	maxWaitMinutes: (settings) => settings.maxWaitMs / 60_000,
	maxRequestsPerSecond: (settings) => settings.maxRequestsPerSecond,
	submitConcurrency: (settings) => settings.submitConcurrency,
};

const numberEntries = [...WAIT_OPTIONS, ...SUBMIT_OPTIONS].filter(
	(entry) => entry.type === 'number',
);
const bounds = (entry: INodeProperties) =>
	entry.typeOptions as { minValue: number; maxValue: number };
const read = (entry: INodeProperties, value?: unknown) =>
	NUMBER_SETTINGS[entry.name](
		readRunSettings(contextWith(value === undefined ? {} : { [entry.name]: value }), true),
	);

describe('Options: each number is read within the bounds its field shows', () => {
	it('every number entry is read into a setting', () => {
		expect(numberEntries.map((entry) => entry.name).sort()).toEqual(
			Object.keys(NUMBER_SETTINGS).sort(),
		);
	});

	it.each(numberEntries.map((entry) => [entry.displayName, entry]))(
		'%s: unset is its default, below the minimum is the minimum, above the maximum the maximum',
		(_name, entry) => {
			expect(read(entry)).toBe(entry.default);
			expect(read(entry, bounds(entry).minValue - 1)).toBe(bounds(entry).minValue);
			expect(read(entry, bounds(entry).maxValue + 1)).toBe(bounds(entry).maxValue);
			expect(read(entry, 'not a number')).toBe(bounds(entry).minValue);
		},
	);

	it('Put Output File in Field falls back to its default when blank', () => {
		const settings = readRunSettings(contextWith({ binaryPropertyName: '  ' }), true);
		expect(settings.binaryPropertyName).toBe('data');
	});
});
