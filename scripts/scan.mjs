#!/usr/bin/env node
// n8n's community-package scanner on this package, offline: the source files it reads and the
// packed tarball, with its own rules and inline configuration (eslint-disable comments) ignored.
// Exits non-zero on any finding.
//
//   npm run scan
//   options: --source <dir> (another checkout), --tarball <file> (scan this tarball instead of
//            packing), --no-build (pack the current dist/)
import path from 'node:path';

import { scanPackage, SCANNER_PACKAGE, SCANNER_VERSION } from '../dev/scan/communityScanner.mjs';

function parseArgs(argv) {
	const options = { build: true };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--source') options.sourceDir = path.resolve(argv[++i]);
		else if (argv[i] === '--tarball') options.tarball = path.resolve(argv[++i]);
		else if (argv[i] === '--no-build') options.build = false;
		else throw new Error(`unknown option ${argv[i]}; see the head of scripts/scan.mjs`);
	}
	return options;
}

const log = (message) => process.stderr.write(`[scan] ${message}\n`);
const result = await scanPackage({ ...parseArgs(process.argv.slice(2)), log });
console.log(`${SCANNER_PACKAGE}@${SCANNER_VERSION}`);
for (const leg of result.legs) {
	console.log(
		`${leg.passed ? 'pass' : 'FAIL'}  ${leg.name}${leg.message ? `: ${leg.message}` : ''}`,
	);
	if (leg.details) console.log(leg.details);
}
process.exitCode = result.passed ? 0 : 1;
