import type { Readable } from 'stream';

/** The bytes of a file in test/fixtures. */
export declare function readFixture(name: string): Buffer;

export interface GatedStream {
	/** The body to hand to nock's `reply()`. */
	stream: Readable;
	totalBytes: number;
	/** Bytes made available to the reader so far. */
	pushedBytes: number;
	released: boolean;
	/** Sends the rest of the body and ends it. */
	release(): void;
}

/** A body that sends `head` at once and `tail` only after `release()`. */
export declare function gatedStream(head: Buffer, tail: Buffer): GatedStream;
