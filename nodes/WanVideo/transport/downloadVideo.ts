import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { isTransient, type HttpFailure } from './failure';
import { withRetry } from './withRetry';

const DOWNLOAD_TIMEOUT_MS = 120_000;

export type DownloadResult =
	| { ok: true; binary: IBinaryData }
	| { ok: false; failure: HttpFailure };

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

/**
 * Streams the video at a signed URL into n8n's binary store; it is never held whole in memory here.
 * The URL is fetched without credentials: the API key goes to the API host only.
 */
export async function downloadVideo(
	context: IExecuteFunctions,
	url: string,
	fileName: string,
): Promise<DownloadResult> {
	return await withRetry(
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
			return await context.helpers.prepareBinaryData(
				response.body as Parameters<typeof context.helpers.prepareBinaryData>[0],
				fileName,
				mimeType,
			);
		},
		isTransient,
	).then((result) => (result.ok ? { ok: true as const, binary: result.value } : result));
}
