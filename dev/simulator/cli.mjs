import path from 'node:path';

import { SCENARIO_TOKENS } from './scenarios.mjs';
import { startSimulator } from './startSimulator.mjs';

const USAGE =
	'Usage: node dev/simulator/aimlApiSimulator.mjs [--port 0] [--latency-ms 1500] [--response-delay-ms 0]\n' +
	'  [--key extra-key]... [--scenario token]... [--large-file-bytes N] [--balance USD]\n' +
	'  [--link-ttl-s 3600] [--rate-limit N/windowMs] [--requests-per-second N] [--no-retry-after]\n' +
	'  [--usage-log-delay-ms 0] [--fixture file.mp4] [--id-format aiml|uuid] [--verbose]\n' +
	'Valid key by default: sim-key. Prompt tokens: ' +
	Object.keys(SCENARIO_TOKENS)
		.map((t) => `[sim:${t}]`)
		.join(' ') +
	'\n';

/** startSimulator options from the command line; `--flag value` and `--flag=value` both work. */
export function parseCliArgs(argv) {
	const options = { validKeys: [], scenarios: [] };
	let verbose = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.includes('=')
			? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
			: [arg, undefined];
		const value = () => (inline !== undefined ? inline : argv[++i]);
		switch (flag) {
			case '--port':
				options.port = Number(value());
				break;
			case '--latency-ms':
				options.latencyMs = Number(value());
				break;
			case '--response-delay-ms':
				options.responseDelayMs = Number(value());
				break;
			case '--key':
				options.validKeys.push(value());
				break;
			case '--scenario':
				options.scenarios.push(...value().split(','));
				break;
			case '--large-file-bytes':
				options.largeFileBytes = Number(value());
				break;
			case '--balance':
				options.balance = Number(value());
				break;
			case '--link-ttl-s':
				options.linkTtlSeconds = Number(value());
				break;
			case '--fixture':
				options.fixturePath = path.resolve(value());
				break;
			case '--id-format':
				options.idFormat = value();
				break;
			case '--rate-limit': {
				const [limit, windowMs] = value().split('/').map(Number);
				options.rateLimit = { limit, windowMs: windowMs || 1000 };
				break;
			}
			case '--requests-per-second':
				options.requestsPerSecond = Number(value());
				break;
			case '--no-retry-after':
				options.retryAfterHeader = false;
				break;
			case '--usage-log-delay-ms':
				options.usageLogDelayMs = Number(value());
				break;
			case '--verbose':
			case '-v':
				verbose = true;
				break;
			case '--help':
			case '-h':
				process.stdout.write(USAGE);
				process.exit(0);
			default:
				throw new Error(`unknown option ${arg}`);
		}
	}
	if (verbose) options.log = (line) => process.stderr.write(`[sim] ${line}\n`);
	return options;
}

/** Starts the simulator from the command line, prints its URL and runs until SIGINT/SIGTERM. */
export async function runCli(argv) {
	const sim = await startSimulator(parseCliArgs(argv));
	process.stdout.write(`${sim.url}\n`);
	const stop = () => sim.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}
