import path from 'node:path';

import { REPO_ROOT } from '../n8nRuntime.mjs';

const USAGE =
	'Usage: npm run screenshots -- [--docs | --out <dir>] [--no-build] [--keep]\n' +
	'  default folder: screenshots/ at the repository root (or $WAN_VIDEO_SCREENSHOTS_DIR)\n';

/** Reads the command line; prints the usage and exits for --help. */
export function parseArgs(argv) {
	const options = {
		build: true,
		keep: false,
		out: process.env.WAN_VIDEO_SCREENSHOTS_DIR || undefined,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--docs') options.out = path.join(REPO_ROOT, 'docs', 'screenshots');
		else if (arg === '--out') options.out = argv[++i];
		else if (arg.startsWith('--out=')) options.out = arg.slice('--out='.length);
		else if (arg === '--no-build') options.build = false;
		else if (arg === '--keep') options.keep = true;
		else if (arg === '--help' || arg === '-h') {
			process.stdout.write(USAGE);
			process.exit(0);
		} else throw new Error(`unknown option ${arg} (see --help)`);
	}
	options.out = path.resolve(REPO_ROOT, options.out ?? 'screenshots');
	return options;
}
