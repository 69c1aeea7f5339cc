const FILLER = Buffer.alloc(256 * 1024, 0x5a);

/**
 * Writes `size` bytes to `res`, the fixture first and then filler, and ends it. Honours
 * backpressure and never holds the whole file in memory.
 * @param {(chunkLength: number, sent: number) => void} onChunk called after each chunk is queued
 */
export function streamPaddedFixture(res, fixture, size, onChunk) {
	let sent = 0;
	const pump = () => {
		while (sent < size) {
			let chunk;
			if (sent < fixture.length)
				chunk = fixture.subarray(sent, Math.min(fixture.length, sent + (size - sent)));
			else chunk = size - sent >= FILLER.length ? FILLER : FILLER.subarray(0, size - sent);
			sent += chunk.length;
			onChunk(chunk.length, sent);
			if (!res.write(chunk)) {
				res.once('drain', pump);
				return;
			}
		}
		res.end();
	};
	res.on('close', () => res.removeListener('drain', pump));
	pump();
}
