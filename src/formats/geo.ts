/** Mean Earth radius in meters (IUGG), as used by the haversine formula. */
const EARTH_RADIUS_METERS = 6_371_008.8;

/** A WGS84 position in decimal degrees. */
export interface LatLon {
  lat: number;
  lon: number;
}

/**
 * Great-circle distance in meters between two WGS84 positions (haversine formula on a sphere of
 * the mean Earth radius). Source: https://en.wikipedia.org/wiki/Haversine_formula.
 */
export function haversineMeters(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}
