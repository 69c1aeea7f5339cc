/** Every check so far, in order: { ok, message, detail }. */
export const results = [];

/** Records one check and prints it; returns whether it passed. */
export function check(ok, message, detail) {
	results.push({ ok: Boolean(ok), message, detail });
	process.stdout.write(
		`  ${ok ? 'ok  ' : 'FAIL'} ${message}${!ok && detail ? `\n       ${detail}` : ''}\n`,
	);
	return Boolean(ok);
}

/** Checks that every label occurs in `text`, and (when `ordered`) in that order. */
export function checkLabels(text, labels, what, { ordered = false } = {}) {
	const found = labels.filter((label) => text.includes(label));
	check(
		found.length === labels.length,
		`${what} shows ${labels.map((label) => `"${label}"`).join(', ')}`,
		`missing ${labels.filter((label) => !found.includes(label)).join(', ')} in: ${oneLine(text)}`,
	);
	if (!ordered) return;
	const actual = [...found].sort((a, b) => text.indexOf(a) - text.indexOf(b));
	check(
		actual.every((label, index) => label === found[index]),
		`${what} lists them in that order`,
		`actual order: ${actual.join(' > ')}`,
	);
}

/** `text` on one line, whitespace collapsed and cut at `max` characters, for check details. */
export function oneLine(text, max = 600) {
	const flat = String(text).replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
