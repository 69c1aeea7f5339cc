import fsp from 'node:fs/promises';
import path from 'node:path';

/** Parses an n8n JSON log file into [{ level, message, timestamp, metadata }]. */
export async function readN8nLog(file) {
	const text = await fsp.readFile(file, 'utf8').catch(() => '');
	return text
		.split('\n')
		.filter(Boolean)
		.map((line) => {
			try {
				return JSON.parse(line);
			} catch {
				return { level: 'raw', message: line };
			}
		});
}

/** A new, unique log file path in the home's logs folder, named after the command. */
export function nextLogFile(home, name) {
	home.seq += 1;
	const stamp = `${Date.now()}-${process.pid}-${home.seq}`;
	return path.join(home.logsDir, `${name}-${stamp}.log`);
}

/** The last log entries as "level: message" lines, for error messages. */
export function formatLogTail(logs, count) {
	return logs
		.slice(-count)
		.map((entry) => `${entry.level}: ${entry.message}`)
		.join('\n');
}
