/**
 * Byte sources for download tests, for `.ts` tests (the lint rules for `.ts` files
 * forbid Node built-ins such as node:fs and node:stream). Types live in `streams.d.mts`.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';

/** The bytes of a file in test/fixtures. */
export function readFixture(name) {
	return readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
}

/**
 * A response body that sends `head` at once and `tail` only when `release()` is
 * called. A client that buffers the whole body before handing it on never gets to
 * `release()`; one that streams it can.
 */
export function gatedStream(head, tail) {
	const stream = new Readable({ read() {} });
	const source = {
		stream,
		totalBytes: head.length + tail.length,
		pushedBytes: head.length,
		released: false,
		release() {
			if (source.released) return;
			source.released = true;
			source.pushedBytes += tail.length;
			stream.push(tail);
			stream.push(null);
		},
	};
	stream.push(head);
	return source;
}
