import { randomString } from 'n8n-workflow';

/**
 * The `X-Client-Request-Id` sent with each submission. The API keeps it in its Usage Logs next to the
 * generation ID, so a generation can be traced back to the workflow, execution and item that started it,
 * even after n8n lost the execution. Format: `wv:<workflowId>:<executionId>:<itemIndex>:<random>`.
 * The API silently drops any value outside 1–128 characters of `A-Za-z0-9._:-` (and still bills),
 * so every part is sanitised and bounded here.
 */
const PREFIX = 'wv';
const RANDOM_LENGTH = 8;
/** Room for the prefix, the separators, the item index and the random part within 128 characters. */
const MAX_ID_PART_LENGTH = 48;
export const CLIENT_REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export interface ClientRequestOrigin {
	workflowId: string;
	executionId: string;
	itemIndex: number;
}

export interface ClientRequestIdInput {
	workflowId?: string | null;
	executionId?: string | null;
	itemIndex: number;
}

/**
 * Keeps an ID inside the allowed set, without the `:` that separates the parts. A workflow ID
 * compared with the origin read back from a client request ID must go through this first.
 */
export function sanitisePart(value: string | null | undefined): string {
	return String(value ?? '')
		.replace(/[^A-Za-z0-9._-]/g, '_')
		.slice(0, MAX_ID_PART_LENGTH);
}

export function buildClientRequestId({
	workflowId,
	executionId,
	itemIndex,
}: ClientRequestIdInput): string {
	const index = Number.isSafeInteger(itemIndex) && itemIndex >= 0 ? itemIndex : 0;
	return [
		PREFIX,
		sanitisePart(workflowId),
		sanitisePart(executionId),
		String(index),
		randomString(RANDOM_LENGTH),
	].join(':');
}

/** Reads the origin back from an ID this node built; undefined for any other value. */
export function parseClientRequestId(
	id: string | null | undefined,
): ClientRequestOrigin | undefined {
	if (typeof id !== 'string' || !CLIENT_REQUEST_ID_PATTERN.test(id)) return undefined;
	const parts = id.split(':');
	if (parts.length !== 5 || parts[0] !== PREFIX || !/^\d+$/.test(parts[3])) return undefined;
	return { workflowId: parts[1], executionId: parts[2], itemIndex: Number(parts[3]) };
}
