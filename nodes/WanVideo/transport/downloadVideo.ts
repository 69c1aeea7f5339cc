import { NodeOperationError, type IBinaryData, type IExecuteFunctions } from 'n8n-workflow';

import { isTransient, type HttpFailure } from './failure';
import { withRetry } from './withRetry';

const DOWNLOAD_TIMEOUT_MS = 120_000;

// Codes of a stream cut while n8n stores it: the download failed, not the store.
const STREAM_CUT_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'UND_ERR_SOCKET',
	'ERR_STREAM_PREMATURE_CLOSE',
	'ERR_CANCELED',
]);

export type DownloadResult =
	| { ok: true; binary: IBinaryData }
	| { ok: false; failure: HttpFailure }
	/** n8n's binary data store (disk, database, S3) refused the file: retrying the download cannot help. */
	| { ok: false; storeFailure: string };

/** Signed CDN links answer 403 (or 404/410) once they have expired. */
export function isExpiredLink(failure: HttpFailure): boolean {
	return failure.status === 403 || failure.status === 404 || failure.status === 410;
}

/**
 * The file name of a generation's video. The API's IDs look like `<uuid>:<model id>`, and
 * n8n reads a "/" in a file name as a folder, so anything but letters, digits, ".", "-"
 * and "_" becomes "_".
 */
export function videoFileName(generationId: string): string {
	return `${generationId.replace(/[^\w.-]+/g, '_')}.mp4`;
}

function errorCode(error: unknown): string {
	const record = error && typeof error === 'object' ? (error as Record<string, unknown>) : {};
	return String(record.code ?? '');
}

/**
 * Streams the video at a signed URL into n8n's binary store; it is never held whole in memory here.
 * The URL is fetched without credentials: the API key goes to the API host only.
 */
export async function downloadVideo(
	context: IExecuteFunctions,
	url: string,
	fileName: string,
): Promise<DownloadResult> {
	let storeFailure: string | undefined;
	const result = await withRetry(
		context,
		async () => {
			const response = (await context.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'stream',
				returnFullResponse: true,
				timeout: DOWNLOAD_TIMEOUT_MS,
				abortSignal: context.getExecutionCancelSignal(),
			})) as { body: unknown; headers?: Record<string, string | string[] | undefined> };
			const contentType = String(response.headers?.['content-type'] ?? '')
				.split(';')[0]
				.trim();
			const mimeType =
				contentType && contentType !== 'application/octet-stream' ? contentType : 'video/mp4';
			try {
				return await context.helpers.prepareBinaryData(
					response.body as Parameters<typeof context.helpers.prepareBinaryData>[0],
					fileName,
					mimeType,
				);
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				const code = errorCode(error);
				// A stream cut mid-way is the download failing (retried); anything else is the store.
				if (!STREAM_CUT_CODES.has(code)) storeFailure = message;
				throw Object.assign(new NodeOperationError(context.getNode(), message), { code });
			}
		},
		(failure) => storeFailure === undefined && isTransient(failure),
	);
	if (result.ok) return { ok: true, binary: result.value };
	if (storeFailure !== undefined) return { ok: false, storeFailure };
	return result;
}
