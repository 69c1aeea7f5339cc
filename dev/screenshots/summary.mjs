import path from 'node:path';

import { results } from './checks.mjs';
import { elapsedSeconds } from './log.mjs';

/** Prints the screenshots taken, a fatal error if any, and the check tally; returns whether all went well. */
export function printSummary({ files, outDir, fatal }) {
	const failed = results.filter((result) => !result.ok);
	process.stdout.write('\n');
	if (files.length) {
		process.stdout.write(`${files.length} screenshots in ${outDir}:\n`);
		for (const file of files) process.stdout.write(`  ${path.basename(file)}\n`);
	}
	if (fatal) process.stderr.write(`\nFAILED: ${fatal.stack ?? fatal.message}\n`);
	process.stdout.write(
		`\n${results.length - failed.length}/${results.length} checks passed` +
			(failed.length
				? `; failed:\n${failed.map((result) => `  - ${result.message}`).join('\n')}`
				: '') +
			`\ntook ${elapsedSeconds()} s\n`,
	);
	return !fatal && failed.length === 0;
}
