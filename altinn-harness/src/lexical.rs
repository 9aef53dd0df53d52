//! The order of lexical values, for the sample instances' range facets: exact decimals (no
//! rounding through `f64`), dates and times (`xs:dateTime`, `xs:date`, `xs:time`, the `g…`
//! types) with and without time zones, and durations; and the value just above or below a
//! bound (for `minExclusive`/`maxExclusive`), written in the bound's own form.
//!
//! Comparisons answer only when the order is certain: a time without a time zone is anywhere
//! within ±14 hours of the same time in UTC, and a month is 28 to 31 days long. A value the
//! sample checker accepts is therefore accepted by every processor.

use std::cmp::Ordering;

use altinn_codegen::model::xsd::Builtin;

/// An exact decimal: `mantissa × 10^-scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dec {
    mantissa: i128,
    scale: u32,
}

impl Dec {
    /// Parses `[+-]digits[.digits]` (at most 36 significant digits).
    pub fn parse(s: &str) -> Option<Dec> {
        let s = s.trim();
        let (neg, body) = match s.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if (int.is_empty() && frac.is_empty()) || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let int = int.trim_start_matches('0');
        let frac = frac.trim_end_matches('0');
        if int.len() + frac.len() > 36 {
            return None;
        }
        let digits = format!("{int}{frac}");
        let m: i128 = if digits.is_empty() { 0 } else { digits.parse().ok()? };
        Some(Dec { mantissa: if neg { -m } else { m }, scale: frac.len() as u32 })
    }

    fn rescale(self, scale: u32) -> Option<i128> {
        self.mantissa.checked_mul(10i128.checked_pow(scale.checked_sub(self.scale)?)?)
    }

    /// The order of two decimals (`None` past 38 digits).
    pub fn order(self, other: Dec) -> Option<Ordering> {
        let s = self.scale.max(other.scale);
        Some(self.rescale(s)?.cmp(&other.rescale(s)?))
    }

    /// `self + k × 10^-scale`.
    fn add_units(self, k: i128, scale: u32) -> Option<Dec> {
        let s = self.scale.max(scale);
        let unit = 10i128.checked_pow(s - scale)?;
        Some(Dec { mantissa: self.rescale(s)?.checked_add(k.checked_mul(unit)?)?, scale: s })
    }

    /// The midpoint of two decimals.
    pub fn midpoint(self, other: Dec) -> Option<Dec> {
        let s = self.scale.max(other.scale) + 1;
        let sum = self.rescale(s)?.checked_add(other.rescale(s)?)?;
        Some(Dec { mantissa: sum / 2, scale: s })
    }

    /// The largest integer not above it.
    pub fn floor(self) -> Option<i128> {
        let unit = 10i128.checked_pow(self.scale)?;
        Some(self.mantissa.div_euclid(unit))
    }

    /// The smallest integer not below it.
    pub fn ceil(self) -> Option<i128> {
        let unit = 10i128.checked_pow(self.scale)?;
        Some(-(-self.mantissa).div_euclid(unit))
    }
}

impl std::fmt::Display for Dec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() { write!(f, "{sign}{int}") } else { write!(f, "{sign}{int}.{frac}") }
    }
}

/// The parts of a date/time value; what the type leaves out is absent.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Moment {
    year: Option<i64>,
    month: Option<u32>,
    day: Option<u32>,
    /// Seconds of the day in nanoseconds, with the time if the type has one.
    nanos: Option<i128>,
    /// Time zone offset in minutes.
    tz: Option<i32>,
    /// The time zone as written (kept when a neighbour is written).
    tz_text: String,
}

const NANOS: i128 = 1_000_000_000;
const DAY: i128 = 86_400 * NANOS;

fn is_temporal(b: Builtin) -> bool {
    use Builtin::*;
    matches!(b, Date | DateTime | Time | GYear | GYearMonth | GMonth | GMonthDay | GDay)
}

fn num<T: std::str::FromStr>(s: &str, len: usize) -> Option<T> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// Splits off a time zone (`Z`, `+hh:mm`, `-hh:mm`).
fn split_tz(s: &str) -> Option<(&str, Option<i32>)> {
    if let Some(rest) = s.strip_suffix('Z') {
        return Some((rest, Some(0)));
    }
    if s.len() > 6 {
        let (rest, tz) = s.split_at(s.len() - 6);
        let b = tz.as_bytes();
        if (b[0] == b'+' || b[0] == b'-') && b[3] == b':' {
            let h: i32 = num(&tz[1..3], 2)?;
            let m: i32 = num(&tz[4..6], 2)?;
            if h > 14 || m > 59 {
                return None;
            }
            let off = h * 60 + m;
            return Some((rest, Some(if b[0] == b'-' { -off } else { off })));
        }
    }
    Some((s, None))
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 0000-03-01-based civil calendar (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

fn parse_year(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.len() < 4 || (digits.len() > 4 && digits.starts_with('0')) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i64 = digits.parse().ok().filter(|y| *y != 0)?;
    Some(if s.starts_with('-') { -y } else { y })
}

fn parse_time(s: &str) -> Option<i128> {
    let (hms, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut it = hms.split(':');
    let h: i128 = num(it.next()?, 2)?;
    let m: i128 = num(it.next()?, 2)?;
    let sec: i128 = num(it.next()?, 2)?;
    if it.next().is_some() || m > 59 || sec > 59 || h > 24 || (h == 24 && (m, sec) != (0, 0)) {
        return None;
    }
    if s.contains('.') && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let mut f: String = frac.chars().take(9).collect();
    while f.len() < 9 {
        f.push('0');
    }
    Some(((h * 60 + m) * 60 + sec) * NANOS + f.parse::<i128>().ok()?)
}

fn parse_moment(b: Builtin, s: &str) -> Option<Moment> {
    let s = s.trim();
    let (body, tz) = split_tz(s)?;
    let tz_text = s[body.len()..].to_string();
    let mut m = Moment { year: None, month: None, day: None, nanos: None, tz, tz_text };
    // Year-month-day, with a year of four or more digits and an optional sign.
    let ymd = |t: &str, parts: usize| -> Option<(i64, u32, u32)> {
        let (sign, rest) = match t.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", t),
        };
        let mut it = rest.splitn(parts, '-');
        let y = parse_year(&format!("{sign}{}", it.next()?))?;
        let mo: u32 = if parts >= 2 { num(it.next()?, 2)? } else { 1 };
        let d: u32 = if parts >= 3 { num(it.next()?, 2)? } else { 1 };
        if it.next().is_some() || !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) {
            return None;
        }
        Some((y, mo, d))
    };
    use Builtin::*;
    match b {
        DateTime => {
            let (date, time) = body.split_once('T')?;
            let (y, mo, d) = ymd(date, 3)?;
            (m.year, m.month, m.day, m.nanos) = (Some(y), Some(mo), Some(d), Some(parse_time(time)?));
        }
        Date => {
            let (y, mo, d) = ymd(body, 3)?;
            (m.year, m.month, m.day) = (Some(y), Some(mo), Some(d));
        }
        Time => m.nanos = Some(parse_time(body)?),
        GYear => m.year = Some(ymd(body, 1)?.0),
        GYearMonth => {
            let (y, mo, _) = ymd(body, 2)?;
            (m.year, m.month) = (Some(y), Some(mo));
        }
        GMonth => m.month = Some(num(body.strip_prefix("--")?, 2).filter(|v| (1..=12).contains(v))?),
        GMonthDay => {
            let (mo, d) = body.strip_prefix("--")?.split_once('-')?;
            let (mo, d): (u32, u32) = (num(mo, 2)?, num(d, 2)?);
            if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(2000, mo) {
                return None;
            }
            (m.month, m.day) = (Some(mo), Some(d));
        }
        GDay => m.day = Some(num(body.strip_prefix("---")?, 2).filter(|v| (1..=31).contains(v))?),
        _ => return None,
    }
    Some(m)
}

impl Moment {
    /// Nanoseconds since an epoch, in UTC when the value has a time zone (absent parts are
    /// the same for every value of a type: year 2000, January, the 1st, midnight).
    fn instant(&self) -> i128 {
        let days = days_from_civil(self.year.unwrap_or(2000), self.month.unwrap_or(1), self.day.unwrap_or(1));
        days as i128 * DAY + self.nanos.unwrap_or(0) - self.tz.unwrap_or(0) as i128 * 60 * NANOS
    }

    fn write(&self, b: Builtin) -> String {
        use Builtin::*;
        let year = |y: i64| if y < 0 { format!("-{:04}", -y) } else { format!("{y:04}") };
        let time = |n: i128| {
            let (secs, frac) = (n / NANOS, n % NANOS);
            let mut t = format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
            if frac != 0 {
                t.push_str(format!(".{frac:09}").trim_end_matches('0'));
            }
            t
        };
        let (y, mo, d, n) = (self.year.unwrap_or(2000), self.month.unwrap_or(1), self.day.unwrap_or(1), self.nanos.unwrap_or(0));
        let body = match b {
            DateTime => format!("{}-{mo:02}-{d:02}T{}", year(y), time(n)),
            Date => format!("{}-{mo:02}-{d:02}", year(y)),
            Time => time(n),
            GYear => year(y),
            GYearMonth => format!("{}-{mo:02}", year(y)),
            GMonth => format!("--{mo:02}"),
            GMonthDay => format!("--{mo:02}-{d:02}"),
            _ => format!("---{d:02}"),
        };
        format!("{body}{}", self.tz_text)
    }

    /// The neighbour one step (of the type's smallest part) away: `up` or down. `None` when
    /// it leaves the type's space (a time past midnight, a month past December).
    fn step(&self, b: Builtin, up: bool) -> Option<Moment> {
        use Builtin::*;
        let k: i64 = if up { 1 } else { -1 };
        let mut m = self.clone();
        match b {
            DateTime | Time => {
                let n = m.nanos? + k as i128 * NANOS;
                if b == Time && !(0..DAY).contains(&n) {
                    return None;
                }
                let days = days_from_civil(m.year.unwrap_or(2000), m.month.unwrap_or(1), m.day.unwrap_or(1)) + n.div_euclid(DAY) as i64;
                m.nanos = Some(n.rem_euclid(DAY));
                if b == DateTime {
                    let (y, mo, d) = civil_from_days(days);
                    (m.year, m.month, m.day) = (Some(y), Some(mo), Some(d));
                }
            }
            Date => {
                let (y, mo, d) = civil_from_days(days_from_civil(m.year?, m.month?, m.day?) + k);
                (m.year, m.month, m.day) = (Some(y), Some(mo), Some(d));
            }
            GYear => m.year = Some(m.year? + k),
            GYearMonth => {
                let months = m.year? * 12 + m.month? as i64 - 1 + k;
                (m.year, m.month) = (Some(months.div_euclid(12)), Some(months.rem_euclid(12) as u32 + 1));
            }
            GMonth => m.month = Some(m.month?.checked_add_signed(k as i32).filter(|v| (1..=12).contains(v))?),
            GMonthDay => {
                let (y, mo, d) = civil_from_days(days_from_civil(2000, m.month?, m.day?) + k);
                if y != 2000 {
                    return None;
                }
                (m.month, m.day) = (Some(mo), Some(d));
            }
            GDay => m.day = Some(m.day?.checked_add_signed(k as i32).filter(|v| (1..=31).contains(v))?),
            _ => return None,
        }
        Some(m)
    }
}

/// A duration: months and nanoseconds, both with the duration's sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    months: i128,
    nanos: i128,
}

fn parse_span(s: &str) -> Option<Span> {
    let s = s.trim();
    let (neg, body) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let body = body.strip_prefix('P')?;
    let (date, time) = match body.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return None,
        None => (body, None),
    };
    if date.is_empty() && time.is_none() {
        return None;
    }
    let (mut months, mut nanos) = (0i128, 0i128);
    let mut parts = |text: &str, units: &[(char, bool, i128)]| -> Option<()> {
        let mut rest = text;
        let mut allowed = units;
        while !rest.is_empty() {
            let at = rest.find(|c: char| !c.is_ascii_digit() && c != '.')?;
            let (n, unit) = (&rest[..at], rest[at..].chars().next()?);
            let i = allowed.iter().position(|(u, _, _)| *u == unit)?;
            let (_, is_month, size) = allowed[i];
            if n.is_empty() {
                return None;
            }
            if unit == 'S' {
                let d = Dec::parse(n)?;
                nanos += d.rescale(9)?;
            } else {
                let v: i128 = num_any(n)?;
                if is_month { months += v * size } else { nanos += v * size }
            }
            allowed = &allowed[i + 1..];
            rest = &rest[at + 1..];
        }
        Some(())
    };
    parts(date, &[('Y', true, 12), ('M', true, 1), ('D', false, DAY)])?;
    if let Some(t) = time {
        parts(t, &[('H', false, 3600 * NANOS), ('M', false, 60 * NANOS), ('S', false, NANOS)])?;
    }
    let sign = if neg { -1 } else { 1 };
    Some(Span { months: sign * months, nanos: sign * nanos })
}

fn num_any(s: &str) -> Option<i128> {
    (!s.is_empty() && s.len() < 30 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

impl Span {
    /// The order, when certain whatever the length of the months (28 to 31 days).
    fn order(self, other: Span) -> Option<Ordering> {
        let (dm, dn) = (self.months - other.months, self.nanos - other.nanos);
        let at = |days: i128| dm * days * DAY + dn;
        let (a, b) = (at(28), at(31));
        if dm == 0 && dn == 0 {
            Some(Ordering::Equal)
        } else if a > 0 && b > 0 {
            Some(Ordering::Greater)
        } else if a < 0 && b < 0 {
            Some(Ordering::Less)
        } else {
            None
        }
    }

    fn write(self) -> String {
        let neg = self.months < 0 || (self.months == 0 && self.nanos < 0);
        if (self.months < 0 && self.nanos > 0) || (self.months > 0 && self.nanos < 0) {
            // Mixed signs have no lexical form; callers only make same-signed spans.
            return String::new();
        }
        let (months, nanos) = (self.months.abs(), self.nanos.abs());
        let mut out = String::from(if neg { "-P" } else { "P" });
        let (y, mo) = (months / 12, months % 12);
        let (d, rest) = (nanos / DAY, nanos % DAY);
        let (h, mi, s, frac) = (rest / (3600 * NANOS), rest / (60 * NANOS) % 60, rest / NANOS % 60, rest % NANOS);
        for (v, u) in [(y, 'Y'), (mo, 'M'), (d, 'D')] {
            if v != 0 {
                out.push_str(&format!("{v}{u}"));
            }
        }
        if rest != 0 {
            out.push('T');
            for (v, u) in [(h, 'H'), (mi, 'M')] {
                if v != 0 {
                    out.push_str(&format!("{v}{u}"));
                }
            }
            if s != 0 || frac != 0 {
                out.push_str(&s.to_string());
                if frac != 0 {
                    out.push_str(format!(".{frac:09}").trim_end_matches('0'));
                }
                out.push('S');
            }
        }
        if out.ends_with('P') {
            out.push_str("T0S");
        }
        out
    }

    /// A span just above (`up`) or below this one, of the same sign.
    fn step(self, up: bool) -> Option<Span> {
        let toward_zero = up == (self.months < 0 || self.nanos < 0);
        let sign = if self.months < 0 || self.nanos < 0 { -1 } else { 1 };
        let (months, nanos) = (self.months.abs(), self.nanos.abs());
        let (months, nanos) = if !toward_zero {
            (months, nanos + NANOS)
        } else if nanos >= NANOS {
            (months, nanos - NANOS)
        } else if months > 0 {
            // One month less and 27 days more is shorter whatever the months' lengths.
            (months - 1, nanos + 27 * DAY)
        } else {
            return None;
        };
        Some(Span { months: sign * months, nanos: sign * nanos })
    }
}

/// Whether `b` has an order this module knows (decimals, integers, dates and times, durations).
pub fn is_ordered(b: Builtin) -> bool {
    use Builtin::*;
    is_temporal(b) || matches!(b, Duration | Decimal | Integer | I8 | I16 | I32 | I64 | U8 | U16 | U32 | U64)
}

/// The order of two values of `b`, when it is certain; `None` when either does not parse or
/// the two are incomparable.
pub fn compare(b: Builtin, x: &str, y: &str) -> Option<Ordering> {
    if b == Builtin::Duration {
        return parse_span(x)?.order(parse_span(y)?);
    }
    if is_temporal(b) {
        let (p, q) = (parse_moment(b, x)?, parse_moment(b, y)?);
        let (i, j) = (p.instant(), q.instant());
        // Without a time zone, a value is anywhere from 14 hours before to 14 hours after.
        let spread = |m: &Moment| if m.tz.is_some() { 0 } else { 14 * 3600 * NANOS };
        let (lo_p, hi_p, lo_q, hi_q) = (i - spread(&p), i + spread(&p), j - spread(&q), j + spread(&q));
        return if p.tz.is_some() == q.tz.is_some() {
            Some(i.cmp(&j))
        } else if hi_p < lo_q {
            Some(Ordering::Less)
        } else if lo_p > hi_q {
            Some(Ordering::Greater)
        } else {
            None
        };
    }
    Dec::parse(x)?.order(Dec::parse(y)?)
}

/// Whether `v` is a value of `b` this module can read (for the ordered types).
pub fn parses(b: Builtin, v: &str) -> bool {
    if b == Builtin::Duration {
        parse_span(v).is_some()
    } else if is_temporal(b) {
        parse_moment(b, v).is_some()
    } else {
        Dec::parse(v).is_some()
    }
}

/// The value of `b` just above (`up`) or below `bound`, in the bound's form (its time zone
/// kept); `None` when there is none or the bound does not parse.
pub fn neighbour(b: Builtin, bound: &str, up: bool) -> Option<String> {
    if b == Builtin::Duration {
        let s = parse_span(bound)?.step(up)?.write();
        return (!s.is_empty()).then_some(s);
    }
    if is_temporal(b) {
        return Some(parse_moment(b, bound)?.step(b, up)?.write(b));
    }
    let d = Dec::parse(bound)?;
    // Integers step by one; decimals by one unit past the bound's last digit.
    let integral = !matches!(b, Builtin::Decimal);
    let next = if integral { d.add_units(if up { 1 } else { -1 }, 0)? } else { d.add_units(if up { 1 } else { -1 }, d.scale + 1)? };
    Some(next.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Builtin::*;

    #[test]
    fn decimals_compare_exactly() {
        assert_eq!(compare(Integer, "543609894158592832", "543609894158592833"), Some(Ordering::Less));
        assert_eq!(compare(Decimal, "1.50", "1.5"), Some(Ordering::Equal));
        assert_eq!(compare(Decimal, "-0.1", "0"), Some(Ordering::Less));
        assert_eq!(neighbour(Decimal, "1.5", true).as_deref(), Some("1.51"));
        assert_eq!(neighbour(Decimal, "-1.5", false).as_deref(), Some("-1.51"));
        assert_eq!(neighbour(I64, "-9223372036854775807", false).as_deref(), Some("-9223372036854775808"));
        assert_eq!(Dec::parse("2.5").unwrap().floor(), Some(2));
        assert_eq!(Dec::parse("-2.5").unwrap().ceil(), Some(-2));
        assert_eq!(Dec::parse("1").unwrap().midpoint(Dec::parse("2").unwrap()).unwrap().to_string(), "1.5");
    }

    #[test]
    fn dates_and_times_step_in_their_own_form() {
        assert_eq!(neighbour(Date, "2030-12-31", true).as_deref(), Some("2031-01-01"));
        assert_eq!(neighbour(Date, "1970-01-01", false).as_deref(), Some("1969-12-31"));
        assert_eq!(neighbour(DateTime, "1970-01-01T00:00:00Z", false).as_deref(), Some("1969-12-31T23:59:59Z"));
        assert_eq!(neighbour(Time, "10:21:00-05:00", true).as_deref(), Some("10:21:01-05:00"));
        assert_eq!(neighbour(Time, "23:59:59", true), None);
        assert_eq!(neighbour(GYearMonth, "2029-12", true).as_deref(), Some("2030-01"));
        assert_eq!(neighbour(GMonthDay, "--02-28", true).as_deref(), Some("--02-29"));
        assert_eq!(neighbour(GDay, "---25", false).as_deref(), Some("---24"));
        assert_eq!(neighbour(GMonth, "--12", true), None);
        assert_eq!(neighbour(GYear, "2022", false).as_deref(), Some("2021"));
    }

    #[test]
    fn time_zones_order_only_when_certain() {
        assert_eq!(compare(DateTime, "2000-01-01T12:00:00Z", "2000-01-01T13:00:00+02:00"), Some(Ordering::Greater));
        assert_eq!(compare(DateTime, "2000-01-01T12:00:00", "2000-01-01T13:00:00Z"), None);
        assert_eq!(compare(DateTime, "2000-01-01T12:00:00", "2000-01-02T13:00:00Z"), Some(Ordering::Less));
        assert_eq!(compare(Time, "10:21:01-05:00", "10:21:00-05:00"), Some(Ordering::Greater));
        assert_eq!(compare(Date, "2000-02-30", "2000-01-01"), None);
    }

    #[test]
    fn durations_order_whatever_the_length_of_a_month() {
        assert_eq!(compare(Duration, "P1Y1MT1H1S", "P1Y1MT1H"), Some(Ordering::Greater));
        assert_eq!(compare(Duration, "P1M", "P30D"), None);
        assert_eq!(compare(Duration, "P1M", "P27D"), Some(Ordering::Greater));
        assert_eq!(neighbour(Duration, "P1Y1MT1H", true).as_deref(), Some("P1Y1MT1H1S"));
        assert_eq!(neighbour(Duration, "P1Y", false).as_deref(), Some("P11M27D"));
        assert_eq!(compare(Duration, "P11M27D", "P1Y"), Some(Ordering::Less));
        assert_eq!(neighbour(Duration, "-P1D", true).as_deref(), Some("-PT23H59M59S"));
        assert_eq!(parse_span("P1978Y12M21DT17H22M44S").map(|s| s.write()).as_deref(), Some("P1979Y21DT17H22M44S"));
        assert!(parse_span("P").is_none() && parse_span("PT").is_none() && parse_span("P1S").is_none());
    }
}
