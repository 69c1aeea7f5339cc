import { createHmac } from 'node:crypto';

import { MESSAGES } from './messages.mjs';

/** A fresh signed "CDN" link to the job's file, like the storage links of the real API. */
export function issueSignedLink(simulator, job) {
	const expires = Math.floor(Date.now() / 1000) + simulator.options.linkTtlSeconds;
	const nonce = job.signatures.size + 1;
	const signature = createHmac('sha256', simulator.secret)
		.update(`${job.file}:${expires}:${nonce}`)
		.digest('base64url');
	const expiredByScenario = Boolean(job.scenario.expired) && job.signatures.size === 0;
	job.signatures.set(signature, { expires, expiredByScenario });
	const base = simulator.options.publicUrl ?? simulator.baseUrl;
	return `${base}/files/${job.file}.mp4?Expires=${expires}&OSSAccessKeyId=SIMULATOR&Signature=${encodeURIComponent(signature)}`;
}

/**
 * Why the storage refuses the link in `url`, as { statusCode, code, message };
 * undefined when the link is valid.
 */
export function signedLinkRefusal(job, url) {
	const signature = url.searchParams.get('Signature');
	const link = signature ? job.signatures.get(signature) : undefined;
	const expires = Number(url.searchParams.get('Expires'));
	if (!link || link.expires !== expires)
		return {
			statusCode: 403,
			code: 'SignatureDoesNotMatch',
			message: 'The request signature we calculated does not match the signature you provided.',
		};
	if (link.expiredByScenario || Date.now() / 1000 > link.expires)
		return { statusCode: 403, code: 'AccessDenied', message: MESSAGES.expiredLink };
	return undefined;
}
