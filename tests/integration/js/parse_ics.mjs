// Parse .ics files with ical.js (Mozilla's parser) and print what a calendar app would read:
// each event's UID, SEQUENCE, start and end as UTC instants, and the start's wall time and zone.
// Usage: node parse_ics.mjs <path to ical.js> <file.ics>…
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [icalPath, ...files] = process.argv.slice(2);
const { default: ICAL } = await import(pathToFileURL(icalPath).href);

const out = [];
for (const file of files) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  const method = calendar.getFirstPropertyValue('method');
  for (const component of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(component);
    const start = event.startDate;
    out.push({
      file, method, uid: event.uid, sequence: event.sequence, summary: event.summary,
      start_utc: start.toJSDate().toISOString(), end_utc: event.endDate.toJSDate().toISOString(),
      start_wall: start.toString(), zone: start.zone ? start.zone.tzid : null, is_date: start.isDate,
      organizer: component.getFirstPropertyValue('organizer'),
      attendees: component.getAllProperties('attendee').map((p) => p.getFirstValue()),
    });
  }
}
process.stdout.write(JSON.stringify(out));
