/** Runs `task` over `inputs` with at most `limit` running at once; results keep the input order. */
export async function mapWithConcurrency<I, O>(
	inputs: I[],
	limit: number,
	task: (input: I, index: number) => Promise<O>,
	shouldStop: () => boolean = () => false,
): Promise<Array<O | undefined>> {
	const results: Array<O | undefined> = new Array(inputs.length);
	let next = 0;
	const worker = async () => {
		while (next < inputs.length && !shouldStop()) {
			const index = next++;
			results[index] = await task(inputs[index], index);
		}
	};
	const workers = Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, worker);
	await Promise.all(workers);
	return results;
}
