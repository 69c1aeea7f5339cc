import fsp from 'node:fs/promises';

/** The parsed JSON of `file`, or undefined when it is missing or not valid JSON. */
export async function readJson(file) {
	try {
		return JSON.parse(await fsp.readFile(file, 'utf8'));
	} catch {
		return undefined;
	}
}
