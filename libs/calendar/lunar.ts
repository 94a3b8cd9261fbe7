/**
 * Vietnamese lunar calendar (âm lịch) — pure, dependency-free conversions.
 *
 * Algorithm: Hồ Ngọc Đức, "Thuật toán tính âm lịch" / "Computing the
 * Vietnamese lunar calendar", https://www.informatik.uni-leipzig.de/~duc/amlich/calrules_vn.html
 * (published with his amlich.js reference implementation), whose astronomical
 * formulas (new moon, sun longitude, ΔT) follow Jean Meeus, "Astronomical
 * Algorithms", 2nd ed. (Willmann-Bell, 1998).
 *
 * The rules of the Vietnamese calendar (from the article above):
 *  1. A lunar month starts on the local day containing the new moon (ngày Sóc).
 *  2. A normal lunar year has 12 months, a leap year 13.
 *  3. The winter solstice always falls in month 11.
 *  4. In a 13-month span (month 11 to the next month 11), the first month
 *     without a major solar term (trung khí) after the solstice is the leap
 *     month; it takes the number of the month before it.
 *  5. Everything is computed in local civil time of the meridian in use:
 *     UTC+7 (105° E) for Vietnam since 1968, UTC+8 for China. That one hour
 *     is why the two calendars sometimes disagree (e.g. Tết 1985: 21 January
 *     in Vietnam, 20 February in China).
 *
 * Implementation notes:
 *  - Solar dates are handled as integer Julian Day Numbers (JDN), never with
 *    `Date`, so the host's time zone cannot leak in. The proleptic Gregorian
 *    calendar is used for every year.
 *  - The structure of each lunar year (start of each month, which one is the
 *    leap month) is computed once per (year, time zone) and memoised, so
 *    converting many dates costs a few array look-ups each.
 *  - The rules are Hồ Ngọc Đức's; the astronomy uses Meeus' full-precision
 *    formulas rather than the article's simplified ones (see "Astronomy"
 *    below for why). lunar.test.ts checks every month of 1900–2100 against
 *    Hồ Ngọc Đức's published year table (fixtures/tet-dates.ts).
 *  - Before lunar year 1968 Vietnam's calendar was computed for UTC+8 (and,
 *    before 1929, Beijing local mean time, UTC+7:45:40) like China's. The
 *    default here is UTC+7, i.e. today's rule applied to every year; pass
 *    `timeZoneHours` to reproduce the historical calendar of those years.
 */

export type LocalDate = { year: number; month: number; day: number };

/** A lunar date; `leap` is true for days of the intercalary (nhuận) month. */
export type LunarDate = { year: number; month: number; day: number; leap: boolean };

/** Vietnam's legal time (UTC+7) is the basis of the official lunar calendar. */
const VIETNAM_TIME_ZONE_HOURS = 7;

// ---------------------------------------------------------------------------
// Solar calendar <-> Julian Day Number (integer arithmetic only)
// ---------------------------------------------------------------------------

/** Days in a Gregorian month; needed to validate input dates. */
function daysInSolarMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function assertValidSolarDate(date: LocalDate): void {
  const { year, month, day } = date;
  if (!Number.isSafeInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) {
    throw new RangeError(`Invalid date ${JSON.stringify(date)}: fields must be integers`);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInSolarMonth(year, month)) {
    throw new RangeError(`Invalid date ${year}-${month}-${day}`);
  }
}

/**
 * Julian Day Number of a proleptic Gregorian date (the day starting at noon UT
 * of that date, as an integer). Standard formula, e.g. Meeus ch. 7 /
 * Fliegel & Van Flandern; exact for all years in integer arithmetic.
 */
export function toJulianDayNumber(date: LocalDate): number {
  const a = Math.floor((14 - date.month) / 12);
  const y = date.year + 4800 - a;
  const m = date.month + 12 * a - 3;
  return (
    date.day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

/** Inverse of {@link toJulianDayNumber} (proleptic Gregorian). */
export function fromJulianDayNumber(jdn: number): LocalDate {
  const a = jdn + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: 100 * b + d - 4800 + Math.floor(m / 10),
  };
}

// ---------------------------------------------------------------------------
// Astronomy
//
// Hồ Ngọc Đức's article uses Meeus' *short* formulas (mean new moon + a dozen
// periodic terms, sun longitude from the equation of centre). Those can be
// off by more than 40 minutes (new moon of 2023-03-21: 16:40 UT computed vs
// 17:23 UT true), which moves a month start across local midnight and, in
// 2023, even moved the leap month (1 instead of the official 2). So the same
// rules are evaluated here with Meeus' full-precision versions:
//   - new moon: "Astronomical Algorithms" 2nd ed., ch. 49 (all periodic and
//     planetary correction terms; error well under a minute);
//   - sun: ch. 25 "higher accuracy" — VSOP87 Earth series truncated as in
//     Meeus' Appendix III, plus FK5 correction, nutation (ch. 22, short
//     form) and aberration (error ~1″, i.e. well under a minute of time);
//   - ΔT = TT − UT: Espenak & Meeus polynomials (NASA Five Millennium Canon,
//     https://eclipse.gsfc.nasa.gov/LEcat5/deltatpoly.html).
// ---------------------------------------------------------------------------

const DEG = Math.PI / 180;
const ARCSEC = DEG / 3600;
const TWO_PI = 2 * Math.PI;

/** Mean length of a synodic month (new moon to new moon), in days. */
const SYNODIC_MONTH = 29.530588861;

/** JDE of mean new moon k = 0 (2000-01-06) in Meeus' numbering (eq. 49.1). */
const NEW_MOON_0_JDE = 2451550.09766;

/** Julian centuries since J2000.0 for a Julian (ephemeris) date. */
function centuriesSinceJ2000(jd: number): number {
  return (jd - 2451545.0) / 36525;
}

/**
 * ΔT = TT − UT in seconds for a decimal year (Espenak & Meeus). Astronomical
 * theories run on uniform time (TT); civil days follow the Earth's rotation
 * (UT). ΔT is ~−3 s in 1900, ~69 s today, and an extrapolation after ~2025.
 */
function deltaTSeconds(y: number): number {
  if (y < 1860) {
    // Long-term parabola; outside the range this module is tested for.
    const u = (y - 1820) / 100;
    return -20 + 32 * u * u;
  }
  if (y < 1900) {
    const t = y - 1860;
    return 7.62 + 0.5737 * t - 0.251754 * t ** 2 + 0.01680668 * t ** 3 - 0.0004473624 * t ** 4 + t ** 5 / 233174;
  }
  if (y < 1920) {
    const t = y - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (y < 1941) {
    const t = y - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (y < 1961) {
    const t = y - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (y < 1986) {
    const t = y - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (y < 2005) {
    const t = y - 2000;
    return 63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5;
  }
  if (y < 2050) {
    const t = y - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  const u = (y - 1820) / 100;
  if (y < 2150) return -20 + 32 * u * u - 0.5628 * (2150 - y);
  return -20 + 32 * u * u;
}

/** ΔT in days at Julian date `jd` (the year fraction is precise enough for ΔT). */
function deltaTDays(jd: number): number {
  return deltaTSeconds(2000 + (jd - 2451545.0) / 365.25) / 86400;
}

/**
 * Periodic terms of the true new moon (Meeus table 49.A, "New Moon" column):
 * [coefficient (days), power of E, multiples of M, M′, F, Ω].
 */
const NEW_MOON_TERMS: ReadonlyArray<readonly [number, number, number, number, number, number]> = [
  [-0.4072, 0, 0, 1, 0, 0],
  [0.17241, 1, 1, 0, 0, 0],
  [0.01608, 0, 0, 2, 0, 0],
  [0.01039, 0, 0, 0, 2, 0],
  [0.00739, 1, -1, 1, 0, 0],
  [-0.00514, 1, 1, 1, 0, 0],
  [0.00208, 2, 2, 0, 0, 0],
  [-0.00111, 0, 0, 1, -2, 0],
  [-0.00057, 0, 0, 1, 2, 0],
  [0.00056, 1, 1, 2, 0, 0],
  [-0.00042, 0, 0, 3, 0, 0],
  [0.00042, 1, 1, 0, 2, 0],
  [0.00038, 1, 1, 0, -2, 0],
  [-0.00024, 1, -1, 2, 0, 0],
  [-0.00017, 0, 0, 0, 0, 1],
  [-0.00007, 0, 2, 1, 0, 0],
  [0.00004, 0, 0, 2, -2, 0],
  [0.00004, 0, 3, 0, 0, 0],
  [0.00003, 0, 1, 1, -2, 0],
  [0.00003, 0, 0, 2, 2, 0],
  [-0.00003, 0, 1, 1, 2, 0],
  [0.00003, 0, -1, 1, 2, 0],
  [-0.00002, 0, -1, 1, -2, 0],
  [-0.00002, 0, 1, 3, 0, 0],
  [0.00002, 0, 0, 4, 0, 0],
];

/**
 * Planetary corrections to the new moon (Meeus ch. 49, A1…A14):
 * [coefficient (days), argument at k = 0 (°), rate (° per lunation)].
 * A1 also has a −0.009173·T² term, added in the code.
 */
const NEW_MOON_PLANETARY_TERMS: ReadonlyArray<readonly [number, number, number]> = [
  [0.000325, 299.77, 0.107408],
  [0.000165, 251.88, 0.016321],
  [0.000164, 251.83, 26.651886],
  [0.000126, 349.42, 36.412478],
  [0.00011, 84.66, 18.206239],
  [0.000062, 141.74, 53.303771],
  [0.00006, 207.14, 2.453732],
  [0.000056, 154.84, 7.30686],
  [0.000047, 34.52, 27.261239],
  [0.000042, 207.19, 0.121824],
  [0.00004, 291.34, 1.844379],
  [0.000037, 161.72, 24.198154],
  [0.000035, 239.56, 25.513099],
  [0.000023, 331.55, 3.592518],
];

/**
 * JDE (Terrestrial Time) of true new moon number k, counted from the new moon
 * of 2000-01-06 (Meeus ch. 49). k may be negative.
 */
function newMoonJde(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const T4 = T3 * T;

  // Mean phase (49.1).
  let jde = NEW_MOON_0_JDE + SYNODIC_MONTH * k + 0.00015437 * T2 - 0.00000015 * T3 + 0.00000000073 * T4;

  const E = 1 - 0.002516 * T - 0.0000074 * T2; // decreasing eccentricity of Earth's orbit
  const M = (2.5534 + 29.1053567 * k - 0.0000014 * T2 - 0.00000011 * T3) * DEG; // Sun's mean anomaly
  const Mp = (201.5643 + 385.81693528 * k + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4) * DEG; // Moon's
  const F = (160.7108 + 390.67050284 * k - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4) * DEG; // Moon's argument of latitude
  const Om = (124.7746 - 1.56375588 * k + 0.0020672 * T2 + 0.00000215 * T3) * DEG; // ascending node

  for (const [c, ePow, m, mp, f, om] of NEW_MOON_TERMS) {
    jde += c * E ** ePow * Math.sin(m * M + mp * Mp + f * F + om * Om);
  }
  NEW_MOON_PLANETARY_TERMS.forEach(([c, a0, rate], i) => {
    const arg = a0 + rate * k - (i === 0 ? 0.009173 * T2 : 0);
    jde += c * Math.sin(arg * DEG);
  });
  return jde;
}

/**
 * Local day number (JDN) of the day containing the k-th new moon: rule 1,
 * a lunar month starts on the local civil day of the conjunction.
 * (+0.5 because a JDN day starts at noon UT; then shift to local time.)
 */
function newMoonDay(k: number, timeZoneHours: number): number {
  const jde = newMoonJde(k);
  const ut = jde - deltaTDays(jde);
  return Math.floor(ut + 0.5 + timeZoneHours / 24);
}

/**
 * Earth's heliocentric longitude series, VSOP87 (Bretagnon & Francou 1988)
 * truncated as in Meeus, Appendix III: L = Σᵢ τⁱ Σ A·cos(B + C·τ), τ in Julian
 * millennia from J2000.0, A in 1e-8 rad.
 */
type VsopTerm = readonly [number, number, number];
const EARTH_L: ReadonlyArray<ReadonlyArray<VsopTerm>> = [
  [
    [175347046, 0, 0], [3341656, 4.6692568, 6283.07585], [34894, 4.6261, 12566.1517],
    [3497, 2.7441, 5753.3849], [3418, 2.8289, 3.5231], [3136, 3.6277, 77713.7715],
    [2676, 4.4181, 7860.4194], [2343, 6.1352, 3930.2097], [1324, 0.7425, 11506.7698],
    [1273, 2.0371, 529.691], [1199, 1.1096, 1577.3435], [990, 5.233, 5884.927],
    [902, 2.045, 26.298], [857, 3.508, 398.149], [780, 1.179, 5223.694],
    [753, 2.533, 5507.553], [505, 4.583, 18849.228], [492, 4.205, 775.523],
    [357, 2.92, 0.067], [317, 5.849, 11790.629], [284, 1.899, 796.298],
    [271, 0.315, 10977.079], [243, 0.345, 5486.778], [206, 4.806, 2544.314],
    [205, 1.869, 5573.143], [202, 2.458, 6069.777], [156, 0.833, 213.299],
    [132, 3.411, 2942.463], [126, 1.083, 20.775], [115, 0.645, 0.98],
    [103, 0.636, 4694.003], [102, 0.976, 15720.839], [102, 4.267, 7.114],
    [99, 6.21, 2146.17], [98, 0.68, 155.42], [86, 5.98, 161000.69],
    [85, 1.3, 6275.96], [85, 3.67, 71430.7], [80, 1.81, 17260.15],
    [79, 3.04, 12036.46], [75, 1.76, 5088.63], [74, 3.5, 3154.69],
    [74, 4.68, 801.82], [70, 0.83, 9437.76], [62, 3.98, 8827.39],
    [61, 1.82, 7084.9], [57, 2.78, 6286.6], [56, 4.39, 14143.5],
    [56, 3.47, 6279.55], [52, 0.19, 12139.55], [52, 1.33, 1748.02],
    [51, 0.28, 5856.48], [49, 0.49, 1194.45], [41, 5.37, 8429.24],
    [41, 2.4, 19651.05], [39, 6.17, 10447.39], [37, 6.04, 10213.29],
    [37, 2.57, 1059.38], [36, 1.71, 2352.87], [36, 1.78, 6812.77],
    [33, 0.59, 17789.85], [30, 0.44, 83996.85], [30, 2.74, 1349.87],
    [25, 3.16, 4690.48],
  ],
  [
    [628331966747, 0, 0], [206059, 2.678235, 6283.07585], [4303, 2.6351, 12566.1517],
    [425, 1.59, 3.523], [119, 5.796, 26.298], [109, 2.966, 1577.344],
    [93, 2.59, 18849.23], [72, 1.14, 529.69], [68, 1.87, 398.15],
    [67, 4.41, 5507.55], [59, 2.89, 5223.69], [56, 2.17, 155.42],
    [45, 0.4, 796.3], [36, 0.47, 775.52], [29, 2.65, 7.11],
    [21, 5.34, 0.98], [19, 1.85, 5486.78], [19, 4.97, 213.3],
    [17, 2.99, 6275.96], [16, 0.03, 2544.31], [16, 1.43, 2146.17],
    [15, 1.21, 10977.08], [12, 2.83, 1748.02], [12, 3.26, 5088.63],
    [12, 5.27, 1194.45], [12, 2.08, 4694], [11, 0.77, 553.57],
    [10, 1.3, 6286.6], [10, 4.24, 1349.87], [9, 2.7, 242.73],
    [9, 5.64, 951.72], [8, 5.3, 2352.87], [6, 2.65, 9437.76],
    [6, 4.67, 4690.48],
  ],
  [
    [52919, 0, 0], [8720, 1.0721, 6283.0758], [309, 0.867, 12566.152],
    [27, 0.05, 3.52], [16, 5.19, 26.3], [16, 3.68, 155.42],
    [10, 0.76, 18849.23], [9, 2.06, 77713.77], [7, 0.83, 775.52],
    [5, 4.66, 1577.34], [4, 1.03, 7.11], [4, 3.44, 5573.14],
    [3, 5.14, 796.3], [3, 6.05, 5507.55], [3, 1.19, 242.73],
    [3, 6.12, 529.69], [3, 0.31, 398.15], [3, 2.28, 553.57],
    [2, 4.38, 5223.69], [2, 3.75, 0.98],
  ],
  [
    [289, 5.844, 6283.076], [35, 0, 0], [17, 5.49, 12566.15],
    [3, 5.2, 155.42], [1, 4.72, 3.52], [1, 5.3, 18849.23],
    [1, 5.97, 242.73],
  ],
  [[114, 3.142, 0], [8, 4.13, 6283.08], [1, 3.84, 12566.15]],
  [[1, 3.14, 0]],
];

/** Earth's heliocentric ecliptic longitude (radians, unnormalised) at JDE. */
function earthHeliocentricLongitude(jde: number): number {
  const tau = centuriesSinceJ2000(jde) / 10;
  let total = 0;
  for (let i = EARTH_L.length - 1; i >= 0; i--) {
    let sum = 0;
    for (const [a, b, c] of EARTH_L[i]!) sum += a * Math.cos(b + c * tau);
    total = total * tau + sum; // Horner in τ
  }
  return total / 1e8;
}

/**
 * Apparent geocentric ecliptic longitude of the sun, radians in [0, 2π), at
 * JDE (Meeus ch. 25, higher accuracy): geocentric = heliocentric + 180°,
 * converted to FK5, plus nutation in longitude, minus aberration.
 */
function sunApparentLongitude(jde: number): number {
  const T = centuriesSinceJ2000(jde);
  // Nutation in longitude, short form (Meeus ch. 22, ±0.5″).
  const omega = (125.04452 - 1934.136261 * T) * DEG; // Moon's ascending node
  const Ls = (280.4665 + 36000.7698 * T) * DEG; // Sun's mean longitude
  const Lm = (218.3165 + 481267.8813 * T) * DEG; // Moon's mean longitude
  const nutation =
    (-17.2 * Math.sin(omega) - 1.32 * Math.sin(2 * Ls) - 0.23 * Math.sin(2 * Lm) + 0.21 * Math.sin(2 * omega)) *
    ARCSEC;
  // Earth–sun distance (AU) from its two largest VSOP87 terms; only needed
  // for the 20.5″ aberration, where this is exact to ~0.01″.
  const tau = T / 10;
  const R = 1.00013989 + 0.016707 * Math.cos(3.0984635 + 6283.07585 * tau);
  const aberration = (20.4898 / R) * ARCSEC;
  const fk5 = 0.09033 * ARCSEC;

  const lambda = earthHeliocentricLongitude(jde) + Math.PI - fk5 + nutation - aberration;
  return lambda - TWO_PI * Math.floor(lambda / TWO_PI);
}

/**
 * Which 30° sector of the ecliptic (0 = [0°, 30°) from the March equinox, …,
 * 11) the sun is in at local midnight starting day `jdn`. Major solar terms
 * (trung khí) are the sector boundaries, so a month has no major term exactly
 * when the sector is the same at its first day and at the next month's first day.
 */
function sunSectorAtStartOfDay(jdn: number, timeZoneHours: number): number {
  const ut = jdn - 0.5 - timeZoneHours / 24; // local midnight starting JDN day `jdn`, in UT
  const jde = ut + deltaTDays(ut);
  return Math.floor(sunApparentLongitude(jde) / (Math.PI / 6));
}

/** Index k of the last mean new moon on or before day `jdn`. */
function newMoonIndexBefore(jdn: number): number {
  return Math.floor((jdn - NEW_MOON_0_JDE) / SYNODIC_MONTH);
}

/**
 * New-moon index of lunar month 11 of solar year `year`: the month containing
 * the December solstice (rule 3). Start from the last new moon before
 * 31 December; if the sun is already past 270° (sector ≥ 9) at its start,
 * that month began after the solstice, so month 11 is the one before.
 */
function month11Index(year: number, timeZoneHours: number): number {
  const k = newMoonIndexBefore(toJulianDayNumber({ year, month: 12, day: 31 }));
  const start = newMoonDay(k, timeZoneHours);
  return sunSectorAtStartOfDay(start, timeZoneHours) >= 9 ? k - 1 : k;
}

// ---------------------------------------------------------------------------
// Structure of a lunar year
// ---------------------------------------------------------------------------

type LunarMonth = { month: number; leap: boolean; startJdn: number };

/**
 * The months from month 11 of solar year `year − 1` up to (not including)
 * month 11 of `year`, labelled 11, 12, 1, …, 10, with the leap month
 * (if any) inserted after the month whose number it repeats (rule 4).
 * `endJdn` is the first day of the following month 11.
 */
type SolsticeSpan = { months: LunarMonth[]; endJdn: number };

/** The months of one lunar year, from Tết up to (not including) the next Tết at `endJdn`. */
type LunarYear = { months: LunarMonth[]; endJdn: number };

// Memo tables keyed by `${timeZoneHours}:${year}`. Entries are tiny (≤ 13
// months); the limit only guards against unbounded growth with odd inputs.
const CACHE_LIMIT = 4096;
const spanCache = new Map<string, SolsticeSpan>();
const yearCache = new Map<string, LunarYear>();

function memoise<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

function solsticeSpan(year: number, timeZoneHours: number): SolsticeSpan {
  return memoise(spanCache, `${timeZoneHours}:${year}`, () => computeSolsticeSpan(year, timeZoneHours));
}

function computeSolsticeSpan(year: number, timeZoneHours: number): SolsticeSpan {
  const first = month11Index(year - 1, timeZoneHours);
  const last = month11Index(year, timeZoneHours); // next month 11 (exclusive)
  const starts: number[] = [];
  for (let k = first; k <= last; k++) starts.push(newMoonDay(k, timeZoneHours));
  const count = last - first; // 12, or 13 in a leap span

  // In a 13-month span, the first month after month 11 with no major term is leap.
  let leapOffset = -1;
  if (count === 13) {
    for (let i = 1; i < count; i++) {
      const here = sunSectorAtStartOfDay(starts[i]!, timeZoneHours);
      const next = sunSectorAtStartOfDay(starts[i + 1]!, timeZoneHours);
      if (here === next) {
        leapOffset = i;
        break;
      }
    }
  }

  const months: LunarMonth[] = [];
  let number = 10; // the label before month 11
  for (let i = 0; i < count; i++) {
    const leap = i === leapOffset;
    if (!leap) number = (number % 12) + 1;
    months.push({ month: number, leap, startJdn: starts[i]! });
  }
  return { months, endJdn: starts[count]! };
}

/**
 * The months of lunar year `year`, from 1/1 (Tết) up to, not including,
 * the next Tết (`endJdn`). Months 1–10 come from the solstice span ending in
 * `year`, months 11–12 from the one ending in `year + 1`. Memoised.
 */
function lunarYear(year: number, timeZoneHours: number): LunarYear {
  return memoise(yearCache, `${timeZoneHours}:${year}`, () => computeLunarYear(year, timeZoneHours));
}

function computeLunarYear(year: number, timeZoneHours: number): LunarYear {
  const isLateMonth = (m: LunarMonth) => m.month === 11 || m.month === 12;
  const current = solsticeSpan(year, timeZoneHours).months.filter((m) => !isLateMonth(m));
  const next = solsticeSpan(year + 1, timeZoneHours).months;
  const tail = next.filter(isLateMonth);
  const nextTet = next.find((m) => !isLateMonth(m))!;
  return { months: [...current, ...tail], endJdn: nextTet.startJdn };
}

function assertValidTimeZone(timeZoneHours: number): void {
  if (!Number.isFinite(timeZoneHours) || timeZoneHours < -12 || timeZoneHours > 14) {
    throw new RangeError(`Invalid time zone offset ${timeZoneHours} hours`);
  }
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/** Converts a solar (Gregorian) date to the lunar date, in the given time zone (default UTC+7). */
export function solarToLunar(date: LocalDate, timeZoneHours = VIETNAM_TIME_ZONE_HOURS): LunarDate {
  assertValidSolarDate(date);
  assertValidTimeZone(timeZoneHours);
  const jdn = toJulianDayNumber(date);

  // Tết is always between ~21 Jan and ~20 Feb, so the lunar year is the solar
  // year or the one before.
  let year = date.year;
  let ly = lunarYear(year, timeZoneHours);
  if (jdn < ly.months[0]!.startJdn) {
    year -= 1;
    ly = lunarYear(year, timeZoneHours);
  }

  let i = ly.months.length - 1;
  while (ly.months[i]!.startJdn > jdn) i--;
  const m = ly.months[i]!;
  return { year, month: m.month, day: jdn - m.startJdn + 1, leap: m.leap };
}

/**
 * Converts a lunar date to the solar (Gregorian) date, in the given time zone
 * (default UTC+7). Throws RangeError for a leap month that does not exist in
 * that lunar year, or a day beyond the month's length (29 or 30).
 */
export function lunarToSolar(lunar: LunarDate, timeZoneHours = VIETNAM_TIME_ZONE_HOURS): LocalDate {
  const { year, month, day, leap } = lunar;
  if (!Number.isSafeInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) {
    throw new RangeError(`Invalid lunar date ${JSON.stringify(lunar)}: fields must be integers`);
  }
  if (month < 1 || month > 12) throw new RangeError(`Invalid lunar month ${month}`);
  assertValidTimeZone(timeZoneHours);

  const ly = lunarYear(year, timeZoneHours);
  const index = ly.months.findIndex((m) => m.month === month && m.leap === Boolean(leap));
  if (index < 0) {
    throw new RangeError(`Lunar year ${year} has no leap month ${month}`);
  }
  const start = ly.months[index]!.startJdn;
  const end = index + 1 < ly.months.length ? ly.months[index + 1]!.startJdn : ly.endJdn;
  if (day < 1 || day > end - start) {
    throw new RangeError(
      `Invalid lunar day ${day}: month ${month}${leap ? ' (leap)' : ''} of ${year} has ${end - start} days`,
    );
  }
  return fromJulianDayNumber(start + day - 1);
}

/** Tết Nguyên Đán: 1/1 of the lunar year that starts in solar year `year`. */
export function tetDate(year: number, timeZoneHours = VIETNAM_TIME_ZONE_HOURS): LocalDate {
  return lunarToSolar({ year, month: 1, day: 1, leap: false }, timeZoneHours);
}

/** Giỗ Tổ Hùng Vương (Hùng Kings' Commemoration Day): 10/3 lunar, Vietnam time. */
export function hungKingsDay(year: number): LocalDate {
  return lunarToSolar({ year, month: 3, day: 10, leap: false }, VIETNAM_TIME_ZONE_HOURS);
}

/**
 * The leap (nhuận) month number of lunar year `year`, or 0 if it has none.
 * Useful for holiday code and tests.
 */
export function leapMonthOf(year: number, timeZoneHours = VIETNAM_TIME_ZONE_HOURS): number {
  if (!Number.isSafeInteger(year)) throw new RangeError(`Invalid lunar year ${year}`);
  assertValidTimeZone(timeZoneHours);
  return lunarYear(year, timeZoneHours).months.find((m) => m.leap)?.month ?? 0;
}
