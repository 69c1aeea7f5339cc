import { syncJobState } from '../jobs.mjs';
import { streamPaddedFixture } from '../paddedFixtureStream.mjs';
import { signedLinkRefusal } from '../signedLinks.mjs';

/** Refuses a download with the XML error body of the object storage behind the real links. */
function sendStorageError(res, statusCode, code, message) {
	const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`;
	res.writeHead(statusCode, {
		'content-type': 'application/xml',
		'content-length': Buffer.byteLength(body),
	});
	res.end(body);
}

/**
 * GET|HEAD /files/<file>.mp4?Expires=..&Signature=..: the video behind a signed link, no auth.
 * Serves the fixture, or `bytes=<n>` / options.largeFileBytes streamed bytes.
 */
export function handleFile(simulator, req, res, url, file) {
	const { state, fixture } = simulator;
	state.counters.downloads += 1;
	const job = simulator.jobsByFile.get(file);
	const record = {
		at: Date.now(),
		method: req.method,
		file,
		id: job?.id ?? null,
		statusCode: 0,
		bytes: 0,
		headers: { ...req.headers },
		authorization: req.headers.authorization ?? null,
	};
	state.downloads.push(record);
	const refuse = ({ statusCode, code, message }) => {
		record.statusCode = statusCode;
		sendStorageError(res, statusCode, code, message);
	};
	if (!job)
		return refuse({
			statusCode: 404,
			code: 'NoSuchKey',
			message: 'The specified key does not exist.',
		});
	job.downloads += 1;
	syncJobState(simulator, job);
	const refusal = signedLinkRefusal(job, url);
	if (refusal) return refuse(refusal);
	if (job.scenario.download500 && job.downloads <= job.scenario.download500)
		return refuse({
			statusCode: 500,
			code: 'InternalError',
			message: 'We encountered an internal error. Please try again.',
		});

	const size = job.scenario.bytes ?? simulator.options.largeFileBytes;
	const headers = {
		'content-type': 'video/mp4',
		'accept-ranges': 'none',
		'cache-control': 'private, max-age=3600',
	};
	record.statusCode = 200;
	if (size === undefined) {
		res.writeHead(200, { ...headers, 'content-length': fixture.length });
		if (req.method === 'HEAD') return res.end();
		record.bytes = fixture.length;
		state.counters.downloadBytes += fixture.length;
		return res.end(fixture);
	}
	res.writeHead(200, { ...headers, 'content-length': size });
	if (req.method === 'HEAD') return res.end();
	streamPaddedFixture(res, fixture, size, (chunkLength, sent) => {
		record.bytes = sent;
		state.counters.downloadBytes += chunkLength;
	});
}
