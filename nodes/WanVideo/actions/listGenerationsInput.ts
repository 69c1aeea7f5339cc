import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { findListedModel, listedModels } from '../models/catalog';
import { sanitisePart } from '../shared/clientRequestId';
import { readDateTimeInput } from '../shared/dateTimeInput';
import {
	USAGE_LOGS_POLICY,
	type UsageLogQuery,
	type UsageLogStatus,
	type UsageLogWindow,
} from '../transport/usageLogs';

const HOUR_MS = 3_600_000;

export const LIST_LIMITS = {
	maxHours: USAGE_LOGS_POLICY.maxWindowDays * 24,
	maxWindowMs: USAGE_LOGS_POLICY.maxWindowDays * 24 * HOUR_MS,
} as const;

/** n8n workflow IDs: 16 letters and digits today, digits in old instances; never a URL or a name. */
const WORKFLOW_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Which generations to keep, by the workflow their client request ID names. */
export type StartedBy = { kind: 'any' } | { kind: 'workflow'; workflowId: string };

export interface ListRequest {
	query: UsageLogQuery;
	startedBy: StartedBy;
	/** Undefined: every generation of the window. */
	limit?: number;
	checkStatus: boolean;
}

type Read<T> = { ok: true; value: T } | { ok: false; error: NodeOperationError };

function refuse(context: IExecuteFunctions, message: string, description: string) {
	return {
		ok: false as const,
		error: new NodeOperationError(context.getNode(), message, { itemIndex: 0, description }),
	};
}

function formatUtc(ms: number): string {
	return new Date(ms).toISOString();
}

function readWindow(context: IExecuteFunctions): Read<UsageLogWindow> {
	if (context.getNodeParameter('timeWindow', 0, 'lastHours') !== 'between') {
		const hours = Number(context.getNodeParameter('lastHours', 0, 24));
		if (!Number.isInteger(hours) || hours < 1 || hours > LIST_LIMITS.maxHours) {
			return refuse(
				context,
				`"Last N Hours" is ${String(hours)}: it must be a whole number from 1 to ${LIST_LIMITS.maxHours}`,
				`The Usage Logs answer for a window of at most ${USAGE_LOGS_POLICY.maxWindowDays} days (${LIST_LIMITS.maxHours} hours). Enter fewer hours, or use "Between Start and End" once per ${USAGE_LOGS_POLICY.maxWindowDays} days.`,
			);
		}
		return { ok: true, value: { period: `${hours}h` } };
	}
	const timeZone = context.getTimezone();
	const times: number[] = [];
	for (const [name, label] of [
		['startTime', 'Start'],
		['endTime', 'End'],
	] as const) {
		const value = context.getNodeParameter(name, 0, '');
		const ms = readDateTimeInput(value, timeZone);
		if (ms === undefined) {
			return refuse(
				context,
				`"${label}" is not a date and time: "${String(value ?? '')}"`,
				`Pick a date in the field, or give an ISO date and time such as 2026-03-01T09:00:00 (read in the workflow's time zone, ${timeZone}) or 2026-03-01T09:00:00Z.`,
			);
		}
		times.push(ms);
	}
	const [startMs, endMs] = times;
	if (endMs < startMs) {
		return refuse(
			context,
			`"End" (${formatUtc(endMs)}) is before "Start" (${formatUtc(startMs)})`,
			'Set End later than Start, or swap the two.',
		);
	}
	if (endMs - startMs > LIST_LIMITS.maxWindowMs) {
		const days = Math.ceil((endMs - startMs) / (24 * HOUR_MS));
		return refuse(
			context,
			`The window from "Start" to "End" spans ${days} days; the Usage Logs allow at most ${USAGE_LOGS_POLICY.maxWindowDays}`,
			`Move Start and End at most ${USAGE_LOGS_POLICY.maxWindowDays} days apart; for a longer period, list it in parts.`,
		);
	}
	return { ok: true, value: { start: formatUtc(startMs), end: formatUtc(endMs) } };
}

function requestedModels(value: unknown): string[] {
	const list = Array.isArray(value) ? value : String(value ?? '').split(',');
	return list.map((entry) => String(entry ?? '').trim()).filter(Boolean);
}

/** Every spelling the logs may use for the chosen models; all Wan models when none is chosen. */
function readModels(context: IExecuteFunctions): Read<string[]> {
	const requested = requestedModels(context.getNodeParameter('models', 0, []));
	const models = requested.length ? [] : listedModels();
	for (const name of requested) {
		const model = findListedModel(name);
		if (!model) {
			return refuse(
				context,
				`"Models" names an unknown model: "${name}"`,
				`Choose the models from the list, or give Wan model IDs such as ${listedModels()
					.slice(0, 2)
					.map((entry) => entry.id)
					.join(' or ')}. Known: ${listedModels()
					.map((entry) => entry.id)
					.join(', ')}.`,
			);
		}
		models.push(model);
	}
	return {
		ok: true,
		value: [...new Set(models.flatMap((model) => [model.id, ...model.apiIdAliases]))],
	};
}

function readStatuses(context: IExecuteFunctions): UsageLogStatus[] {
	const status = context.getNodeParameter('generationStatus', 0, 'both');
	if (status === 'succeeded' || status === 'failed') return [status];
	return ['succeeded', 'failed'];
}

function readStartedBy(context: IExecuteFunctions): Read<StartedBy> {
	const startedBy = context.getNodeParameter('startedBy', 0, 'thisWorkflow');
	if (startedBy === 'any') return { ok: true, value: { kind: 'any' } };
	if (startedBy === 'workflowId') {
		const raw = context.getNodeParameter('workflowId', 0, '');
		const workflowId = String(raw ?? '').trim();
		if (!WORKFLOW_ID.test(workflowId)) {
			return refuse(
				context,
				`"Workflow ID" is not an n8n workflow ID: "${workflowId}"`,
				"Copy the ID from the URL of the workflow that started the generations (…/workflow/<ID>): letters, digits, '-' and '_' only, such as aB3dE6gH9jK2mN5p. Or set Started By to This Workflow or Any.",
			);
		}
		return { ok: true, value: { kind: 'workflow', workflowId: sanitisePart(workflowId) } };
	}
	const own = String(context.getWorkflow().id ?? '');
	if (!own) {
		return refuse(
			context,
			'"Started By" is "This Workflow", but this workflow has no ID yet',
			'Save the workflow first, or set Started By to Workflow ID and name the workflow that started the generations.',
		);
	}
	return { ok: true, value: { kind: 'workflow', workflowId: sanitisePart(own) } };
}

function readLimit(context: IExecuteFunctions): Read<number | undefined> {
	if (context.getNodeParameter('returnAll', 0, false)) return { ok: true, value: undefined };
	const limit = Number(context.getNodeParameter('limit', 0, 50));
	if (!Number.isInteger(limit) || limit < 1) {
		return refuse(
			context,
			`"Limit" is ${String(limit)}: it must be a whole number of 1 or more`,
			'Enter how many generations to return at most, or turn on Return All.',
		);
	}
	return { ok: true, value: limit };
}

/** Reads and checks every field of List Generations; bad input is refused before any request. */
export function readListRequest(context: IExecuteFunctions): Read<ListRequest> {
	const window = readWindow(context);
	if (!window.ok) return window;
	const models = readModels(context);
	if (!models.ok) return models;
	const startedBy = readStartedBy(context);
	if (!startedBy.ok) return startedBy;
	const limit = readLimit(context);
	if (!limit.ok) return limit;
	return {
		ok: true,
		value: {
			query: { window: window.value, models: models.value, statuses: readStatuses(context) },
			startedBy: startedBy.value,
			limit: limit.value,
			checkStatus: context.getNodeParameter('checkStatus', 0, false) === true,
		},
	};
}
