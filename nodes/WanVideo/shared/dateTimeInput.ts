/**
 * Reads a date and time typed into an n8n Date & Time field. n8n's picker stores the local time
 * without an offset (`2026-03-01T09:00:00`), meant in the workflow's time zone; an expression may
 * give an ISO string with an offset, a JavaScript Date or a Luxon DateTime.
 */
const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** The offset of `timeZone` from UTC at the instant `utcMs`, in milliseconds. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(utcMs));
	const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
	const asUtc = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour'),
		part('minute'),
		part('second'),
	);
	return asUtc - Math.floor(utcMs / 1000) * 1000;
}

function isValidZone(timeZone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
		return true;
	} catch {
		return false;
	}
}

/** A wall-clock time in `timeZone` as a UTC instant (two passes settle daylight-saving edges). */
function wallClockToUtc(wallClockMs: number, timeZone: string): number {
	if (!isValidZone(timeZone)) return wallClockMs;
	let utcMs = wallClockMs - zoneOffsetMs(wallClockMs, timeZone);
	utcMs = wallClockMs - zoneOffsetMs(utcMs, timeZone);
	return utcMs;
}

function asText(value: unknown): string {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
	if (
		value &&
		typeof value === 'object' &&
		typeof (value as { toISO?: unknown }).toISO === 'function'
	)
		return String((value as { toISO: () => string }).toISO());
	return String(value ?? '').trim();
}

/** Milliseconds since the epoch, or undefined when the value is not a date and time. */
export function readDateTimeInput(value: unknown, timeZone: string): number | undefined {
	const text = asText(value);
	const match = ISO_DATE_TIME.exec(text);
	if (!match) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0', millis = '0', offset] = match;
	const wallClockMs = Date.UTC(
		Number(year),
		Number(month) - 1,
		Number(day),
		Number(hour),
		Number(minute),
		Number(second),
		Number(millis.padEnd(3, '0')),
	);
	const roundTrip = new Date(wallClockMs);
	// Date.UTC rolls 2026-02-30 over to March: such a date is a typo, not a date.
	if (roundTrip.getUTCDate() !== Number(day) || roundTrip.getUTCMonth() !== Number(month) - 1)
		return undefined;
	if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
	if (!offset) return wallClockToUtc(wallClockMs, timeZone);
	if (offset.toUpperCase() === 'Z') return wallClockMs;
	const sign = offset.startsWith('-') ? -1 : 1;
	const digits = offset.slice(1).replace(':', '');
	const offsetMs = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
	return wallClockMs - sign * offsetMs;
}
