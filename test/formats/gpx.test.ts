import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGpx } from '../../src/formats/gpx.js';
import { FIXTURES, fixture, inputErrorOf, utf8 } from './helpers.js';

const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"' +
  ' xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n';

function trkpt(lat: number, lon: number, time?: string, hr?: number): string {
  const t = time === undefined ? '' : `<time>${time}</time>`;
  const ext = hr === undefined ? '' : `<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>${hr}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>`;
  return `<trkpt lat="${lat}" lon="${lon}"><ele>100</ele>${t}${ext}</trkpt>\n`;
}

describe('readGpx on the fixtures (outcomes of ../shared/fixtures/README.md)', () => {
  it('covers every GPX fixture in this file', () => {
    const covered = [
      'cerknicko-jezero.gpx', 'track-with-empty-segment.gpx', 'cerknicko-without-times.gpx',
      'route.gpx', 'gpx_with_garmin_extension.gpx', 'unicode_with_bom.gpx',
    ];
    expect(readdirSync(`${FIXTURES}/gpx`).filter((f) => f.endsWith('.gpx')).sort()).toEqual(covered.sort());
  });

  it('cerknicko-jezero.gpx: 296 timed points in 8 segments, with a start time and a distance', () => {
    const s = readGpx(fixture('gpx', 'cerknicko-jezero.gpx'), 'cerknicko-jezero.gpx');
    expect(s).toMatchObject({ format: 'gpx', sport: 'other', pointCount: 296, averageHR: null, device: 'GPSBabel - http://www.gpsbabel.org' });
    expect(s.startTime.toISOString()).toBe('2010-08-05T14:23:59.000Z');
    expect(s.durationSeconds).toBe(7190);
    expect(Math.round((s.distanceMeters ?? 0) / 100) / 10).toBe(4.6);
  });

  it('track-with-empty-segment.gpx: 9 points, the empty segment ignored', () => {
    const s = readGpx(fixture('gpx', 'track-with-empty-segment.gpx'), 'seg.gpx');
    expect(s.pointCount).toBe(9);
    expect(s.startTime.toISOString()).toBe('2013-07-06T17:26:26.000Z');
    expect(s.durationSeconds).toBe(76);
  });

  it('cerknicko-without-times.gpx: refused, no timestamps, at the first untimed point', () => {
    const err = inputErrorOf(() => readGpx(fixture('gpx', 'cerknicko-without-times.gpx'), 'untimed.gpx'));
    expect(err.message).toMatch(/^untimed\.gpx:\d+:\d+: no timestamps: a track without times cannot be an activity; 291 of 296 track points/);
    expect(err.position?.line).toBeGreaterThan(1);
  });

  it('route.gpx: refused as a route, not a recorded activity', () => {
    expect(inputErrorOf(() => readGpx(fixture('gpx', 'route.gpx'), 'route.gpx')).message).toBe('route.gpx: a route, not a recorded activity');
  });

  it('gpx_with_garmin_extension.gpx (a waypoint with HR): refused, no track points', () => {
    const err = inputErrorOf(() => readGpx(fixture('gpx', 'gpx_with_garmin_extension.gpx'), 'wpt.gpx'));
    expect(err.message).toBe('wpt.gpx: no track points');
  });

  it('unicode_with_bom.gpx: the BOM is read past, then refused, no track points', () => {
    const err = inputErrorOf(() => readGpx(fixture('gpx', 'unicode_with_bom.gpx'), 'bom.gpx'));
    expect(err.message).toBe('bom.gpx: no track points');
  });
});

describe('readGpx on generated files', () => {
  it('reads heart rate from the Garmin TrackPointExtension and the sport from <type>', () => {
    const gpx = `${HEAD}<trk><type>Running</type><trkseg>${trkpt(46, 14, '2024-05-01T06:00:00Z', 120)}${trkpt(46.001, 14, '2024-05-01T06:00:30Z', 131)}${trkpt(46.002, 14, '2024-05-01T06:01:00Z', 140)}</trkseg></trk></gpx>`;
    const s = readGpx(utf8(gpx), 'hr.gpx');
    expect(s).toMatchObject({ sport: 'running', averageHR: 130, maxHR: 140, pointCount: 3, durationSeconds: 60, device: 'test' });
    // 0.002° of latitude ≈ 222.4 m
    expect(s.distanceMeters).toBeCloseTo(222.4, 0);
  });

  it('does not add the gap between two segments to the distance', () => {
    const gpx = `${HEAD}<trk><trkseg>${trkpt(46, 14, '2024-05-01T06:00:00Z')}${trkpt(46.001, 14, '2024-05-01T06:00:30Z')}</trkseg>` +
      `<trkseg>${trkpt(47, 14, '2024-05-01T07:00:00Z')}${trkpt(47.001, 14, '2024-05-01T07:00:30Z')}</trkseg></trk></gpx>`;
    const s = readGpx(utf8(gpx), 'gap.gpx');
    expect(s.distanceMeters).toBeCloseTo(2 * 111.19, 0);
    expect(s.durationSeconds).toBe(3630);
  });

  it('an empty track is refused: no track points', () => {
    const err = inputErrorOf(() => readGpx(utf8(`${HEAD}<trk><name>x</name><trkseg></trkseg></trk></gpx>`), 'empty.gpx'));
    expect(err.message).toBe('empty.gpx: no track points');
  });

  it('a file cut mid-element is refused as not well-formed, with line and column', () => {
    const whole = new TextDecoder().decode(fixture('gpx', 'track-with-empty-segment.gpx'));
    const cut = whole.slice(0, whole.indexOf('<time>2013-07-06T17:26:44Z') + 12);
    const err = inputErrorOf(() => readGpx(utf8(cut), 'cut.gpx'));
    expect(err.reason).toMatch(/^not well-formed XML: /);
    expect(err.position?.line).toBe(cut.split('\n').length);
    expect(err.message).toMatch(/^cut\.gpx:\d+:\d+: /);
  });

  it('a billion-laughs DOCTYPE is refused at once, without expanding its entities', () => {
    const entities = Array.from({ length: 10 }, (_, i) =>
      `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE gpx [\n<!ENTITY lol0 "lol">\n${entities}\n]>\n<gpx><trk><name>&lol10;</name></trk></gpx>`;
    const started = performance.now();
    const err = inputErrorOf(() => readGpx(utf8(bomb), 'lol.gpx'));
    expect(performance.now() - started).toBeLessThan(500);
    expect(err.reason).toBe('XML with a DOCTYPE or entity declarations is refused (entities are never expanded)');
    expect(err.message.startsWith('lol.gpx:')).toBe(true);
  });

  it('a root other than <gpx> is refused', () => {
    const err = inputErrorOf(() => readGpx(utf8('<kml><Document/></kml>'), 'a.gpx'));
    expect(err.message).toMatch(/^a\.gpx:1:\d+: root element is <kml>, not <gpx>/);
  });

  it('a track point with an invalid position or time is refused with its line', () => {
    const badLat = inputErrorOf(() => readGpx(utf8(`${HEAD}<trk><trkseg>\n<trkpt lat="x" lon="14"/></trkseg></trk></gpx>`), 'lat.gpx'));
    expect(badLat.message).toMatch(/^lat\.gpx:4:\d+: track point with an invalid position \(lat="x" lon="14"\)/);
    const badTime = inputErrorOf(() => readGpx(utf8(`${HEAD}<trk><trkseg>\n${trkpt(46, 14, 'yesterday')}</trkseg></trk></gpx>`), 't.gpx'));
    expect(badTime.message).toMatch(/^t\.gpx:4:\d+: track point with an invalid <time> "yesterday"/);
  });

  it('bytes that are not UTF-8 are refused', () => {
    expect(inputErrorOf(() => readGpx(new Uint8Array([0x3c, 0x67, 0xff, 0xfe]), 'bin.gpx')).message).toBe('bin.gpx: not UTF-8 or UTF-16 text');
  });

  it('parses a 100,000-point track', { timeout: 10_000 }, () => {
    const start = Date.parse('2024-05-01T06:00:00Z');
    const points: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      points.push(trkpt(46 + i * 0.00001, 14, new Date(start + i * 1000).toISOString(), 100 + (i % 50)));
    }
    const s = readGpx(utf8(`${HEAD}<trk><type>cycling</type><trkseg>\n${points.join('')}</trkseg></trk></gpx>`), 'big.gpx');
    expect(s.pointCount).toBe(100_000);
    expect(s.durationSeconds).toBe(99_999);
    expect(s.maxHR).toBe(149);
    expect(s.sport).toBe('cycling');
  });
});

describe('readGpx: which partly timed tracks are activities', () => {
  const start = Date.parse('2024-05-01T06:00:00Z');
  const track = (timed: (i: number) => boolean, count = 100) => {
    const points = Array.from({ length: count }, (_, i) => trkpt(46 + i * 0.0001, 14, timed(i) ? new Date(start + i * 1000).toISOString() : undefined));
    return utf8(`${HEAD}<trk><trkseg>\n${points.join('')}</trkseg></trk></gpx>`);
  };

  it('a track with a few untimed points inside is read, its times spanning it', () => {
    const s = readGpx(track((i) => i % 25 !== 7), 'gaps.gpx');
    expect(s.pointCount).toBe(100);
    expect(s.durationSeconds).toBe(99);
    expect(s.distanceMeters).toBeCloseTo(99 * 11.12, -1);
  });

  it('a track whose first points have no time is read when they are few', () => {
    expect(readGpx(track((i) => i >= 5), 'late-fix.gpx').durationSeconds).toBe(94);
  });

  it('a track with fewer than half of its points timed is refused: no timestamps', () => {
    const err = inputErrorOf(() => readGpx(track((i) => i % 3 === 0), 'sparse.gpx'));
    expect(err.reason).toBe('no timestamps: a track without times cannot be an activity; 66 of 100 track points have no <time>');
  });

  it('a track whose times cover only part of it is refused: they do not span it', () => {
    const err = inputErrorOf(() => readGpx(track((i) => i < 80), 'cut-clock.gpx'));
    expect(err.reason).toBe('timestamps do not span the track: 20 of 100 track points lie before its first or after its last <time>');
  });
});

describe('readGpx: a track must really be a recording (issue 9)', () => {
  const start = Date.parse('2024-05-01T06:00:00Z');
  const iso = (seconds: number) => new Date(start + seconds * 1000).toISOString();
  const gpx = (tracks: string[][], type = '') =>
    utf8(`${HEAD}${tracks.map((points) => `<trk>${type}<trkseg>\n${points.join('')}</trkseg></trk>`).join('')}</gpx>`);
  const points = (seconds: number[]) => seconds.map((s, i) => trkpt(46 + i * 0.001, 14, iso(s)));

  it('a single point is refused', () => {
    expect(inputErrorOf(() => readGpx(gpx([points([0])]), 'one.gpx')).message)
      .toBe(`one.gpx: a single timed point (${iso(0)}): a recording must span some time`);
  });

  it("all points at gpxpy's sentinel time 1901-12-13T20:45:52 are refused: no time spanned", () => {
    const sentinel = [0, 1, 2].map((i) => trkpt(46 + i * 0.001, 14, '1901-12-13T20:45:52Z'));
    expect(inputErrorOf(() => readGpx(gpx([sentinel]), 'sentinel.gpx')).message)
      .toBe('sentinel.gpx: all 3 timed track points are at 1901-12-13T20:45:52.000Z: the recording spans no time');
  });

  it('the start is the first point, not the earliest; out-of-order points are counted in a warning', () => {
    const s = readGpx(gpx([points([0, 60, -2 * 365 * 86_400, 120, 180])]), 'order.gpx');
    expect(s.startTime.toISOString()).toBe(iso(0));
    expect(s.durationSeconds).toBe(180);
    expect(s.warnings).toEqual(['1 point(s) out of time order, ignored for the start and the end']);
  });

  it('a start before 2000 and a duration over 48 h are warnings', () => {
    const old = [trkpt(46, 14, '1989-12-31T00:00:00Z'), trkpt(46.001, 14, '1990-01-03T00:00:00Z')];
    expect(readGpx(gpx([old]), 'old.gpx').warnings).toEqual([
      "implausible start 1989-12-31T00:00:00.000Z (before 2000: was the device's clock ever set?)",
      'lasts 72.0 h, longer than 48 h for one activity',
    ]);
  });

  it('tracks days apart are several recordings: refused with the count and how to split', () => {
    const err = inputErrorOf(() => readGpx(gpx([points([0, 60]), points([86_400, 86_460]), points([172_800, 172_860])]), 'days.gpx'));
    expect(err.message).toBe('days.gpx: 3 recordings in one file: its <trk> tracks lie more than 12 h apart; save each <trk> as its own GPX file and import those');
  });

  it('tracks an hour apart are one recording (a pause)', () => {
    const s = readGpx(gpx([points([0, 60]), points([3600, 3660])]), 'pause.gpx');
    expect(s.durationSeconds).toBe(3660);
  });

  it.each([['9', 'running'], ['1', 'cycling'], ['16', 'swimming'], ['17', 'virtual_ride'], ['20', 'stand_up_paddleboarding_v2']])(
    "Strava's numeric <type>%s</type> is %s",
    (type, sport) => {
      expect(readGpx(gpx([points([0, 60])], `<type>${type}</type>`), 's.gpx').sport).toBe(sport);
    },
  );

  it('UTF-16 GPX (little and big endian, with BOM) is read', () => {
    const text = `\ufeff${HEAD.replace('UTF-8', 'UTF-16')}<trk><trkseg>${points([0, 60]).join('')}</trkseg></trk></gpx>`;
    const le = new Uint8Array(Buffer.from(text, 'utf16le'));
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1], le[i]];
    expect(readGpx(le, 'le.gpx').durationSeconds).toBe(60);
    expect(readGpx(be, 'be.gpx').durationSeconds).toBe(60);
  });

  it('heart rate 0 is no reading', () => {
    const hr = [trkpt(46, 14, iso(0), 0), trkpt(46.001, 14, iso(60), 120)];
    expect(readGpx(gpx([hr]), 'hr.gpx')).toMatchObject({ averageHR: 120, maxHR: 120 });
  });
});
