//! Dates as MediaWiki's parser functions and magic words write them:
//! `{{#time:format|date}}` for a given date (or now), `{{#formatdate:…}}`,
//! and the current-date words (`{{CURRENTYEAR}}`, `{{CURRENTMONTHNAME}}`…,
//! their `LOCAL` twins read as UTC). Dates are read in the forms articles
//! write them (`2009-03-24`, `24 March 2009`, `March 24, 2009`, a bare
//! year, with a time or without); English names, as MediaWiki's default
//! content language. Pure but for reading the clock when a date is "now";
//! never panics: an unreadable date is MediaWiki's error message.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, Weekday};

use crate::wiki::MONTH_NAMES as MONTHS;

/// MediaWiki's message for a date `#time` cannot read.
const INVALID_TIME: &str = "<strong class=\"error\">Error: Invalid time.</strong>";

/// The current time, UTC.
fn now() -> PrimitiveDateTime {
    let now = OffsetDateTime::now_utc();
    PrimitiveDateTime::new(now.date(), now.time())
}

/// The value of a current-date magic word (`CURRENTYEAR`…), or `None`
/// when `name` is none.
pub fn magic_word(name: &str) -> Option<String> {
    let name = name
        .strip_prefix("CURRENT")
        .or_else(|| name.strip_prefix("LOCAL"))?;
    let format = match name {
        "YEAR" => "Y",
        "MONTH" | "MONTH2" => "m",
        "MONTH1" => "n",
        "MONTHNAME" | "MONTHNAMEGEN" => "F",
        "MONTHABBREV" => "M",
        "DAY" => "j",
        "DAY2" => "d",
        "DOW" => "w",
        "DAYNAME" => "l",
        "TIME" => "H:i",
        "HOUR" => "H",
        "WEEK" => "W",
        "TIMESTAMP" => "YmdHis",
        _ => return None,
    };
    Some(formatted(format, now()))
}

/// `{{#time:format|date}}`: `date` (now when empty) written by `format`'s
/// letters (PHP's `date()` letters; `\x` and `"…"` are literal).
pub fn time(format: &str, date: &str) -> String {
    let date = date.trim();
    let when = if date.is_empty() || date.eq_ignore_ascii_case("now") {
        Some(now())
    } else {
        read_date(date)
            .map(|(date, time)| PrimitiveDateTime::new(date.unwrap_or_else(|| now().date()), time))
    };
    match when {
        Some(when) => formatted(format, when),
        None => INVALID_TIME.to_string(),
    }
}

/// `{{#formatdate:date|style}}`: `date` rewritten in `style` (`dmy`,
/// `mdy`, `ymd`, `ISO 8601`), or as it was when it cannot be read or no
/// style is asked for.
pub fn format_date(date: &str, style: &str) -> String {
    let date = date.trim();
    let Some(parts) = read_parts(date) else {
        return date.to_string();
    };
    let month = MONTHS[usize::from(parts.month - 1)];
    let year = parts.year.map(|year| {
        // ISO year 0 is 1 BC.
        if year <= 0 {
            format!("{} BC", 1 - year)
        } else {
            year.to_string()
        }
    });
    let day = parts.day;
    match (style.trim().to_ascii_lowercase().as_str(), year, day) {
        ("dmy", Some(year), Some(day)) => format!("{day} {month} {year}"),
        ("dmy", None, Some(day)) => format!("{day} {month}"),
        ("mdy", Some(year), Some(day)) => format!("{month} {day}, {year}"),
        ("mdy", None, Some(day)) => format!("{month} {day}"),
        ("ymd", Some(year), Some(day)) => format!("{year} {month} {day}"),
        ("iso 8601", Some(_), Some(day)) => {
            format!("{:04}-{:02}-{day:02}", parts.year.unwrap_or(0), parts.month)
        }
        ("dmy" | "mdy", Some(year), None) => format!("{month} {year}"),
        _ => date.to_string(),
    }
}

/// A date as written: year (ISO, so 0 is 1 BC), month 1–12, day.
struct Parts {
    year: Option<i32>,
    month: u8,
    day: Option<u8>,
}

/// `2009-03-24`, `-0001-12-31`, `24 March 2009`, `March 24, 2009`,
/// `March 24`, `24 March`, `March 2009`.
fn read_parts(text: &str) -> Option<Parts> {
    if let Some(iso) = read_iso(text) {
        return Some(iso);
    }
    let words: Vec<&str> = text
        .split([' ', ','])
        .filter(|word| !word.is_empty())
        .collect();
    let month_at = words.iter().position(|word| month_number(word).is_some())?;
    let month = month_number(words[month_at])?;
    let numbers: Vec<i64> = words
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != month_at)
        .map(|(_, word)| word.parse::<i64>().ok())
        .collect::<Option<_>>()?;
    let (day, year) = match numbers.as_slice() {
        [day] if (1..=31).contains(day) => (Some(*day), None),
        [year] => (None, Some(*year)),
        [day, year] if (1..=31).contains(day) => (Some(*day), Some(*year)),
        _ => return None,
    };
    Some(Parts {
        year: year.and_then(|y| i32::try_from(y).ok()),
        month,
        day: day.and_then(|d| u8::try_from(d).ok()),
    })
}

fn read_iso(text: &str) -> Option<Parts> {
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text),
    };
    let mut pieces = unsigned.split('-');
    let (year, month, day) = (pieces.next()?, pieces.next()?, pieces.next()?);
    if pieces.next().is_some()
        || year.len() != 4
        || month.len() != 2
        || day.len() != 2
        || ![year, month, day]
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let month: u8 = month.parse().ok()?;
    let day: u8 = day.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(Parts {
        year: Some(sign * year.parse::<i32>().ok()?),
        month,
        day: Some(day),
    })
}

/// January… (any case, or their first three letters) → 1…
fn month_number(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|month| {
            month.eq_ignore_ascii_case(word)
                || (word.len() == 3 && month[..3].eq_ignore_ascii_case(word))
        })
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// A date and time of day as `#time` reads them: the date, unless only
/// a time was given, and the time (midnight when none).
fn read_date(text: &str) -> Option<(Option<Date>, Time)> {
    let (date_text, time_text) = split_time(text);
    let time = match time_text {
        Some(t) => read_clock(t)?,
        None => Time::MIDNIGHT,
    };
    if date_text.is_empty() {
        return time_text.map(|_| (None, time));
    }
    let parts = match read_parts(date_text) {
        Some(parts) => parts,
        // A bare year.
        None if date_text.len() == 4 && date_text.bytes().all(|b| b.is_ascii_digit()) => Parts {
            year: date_text.parse().ok(),
            month: 1,
            day: Some(1),
        },
        None => return None,
    };
    let month = Month::try_from(parts.month).ok()?;
    let year = parts.year.unwrap_or_else(|| now().year());
    let date = Date::from_calendar_date(year, month, parts.day.unwrap_or(1)).ok()?;
    Some((Some(date), time))
}

/// `2009-03-24 12:30` → (`2009-03-24`, `12:30`); `2009-03-24T12:30:00Z` too.
fn split_time(text: &str) -> (&str, Option<&str>) {
    let text = text.trim().trim_end_matches('Z');
    let at = text
        .rfind([' ', 'T'])
        .filter(|&at| text[at + 1..].contains(':'));
    match at {
        Some(at) => (text[..at].trim(), Some(&text[at + 1..])),
        None if text.contains(':') => ("", Some(text)),
        None => (text, None),
    }
}

fn read_clock(text: &str) -> Option<Time> {
    let mut pieces = text.split(':');
    let hour: u8 = pieces.next()?.trim().parse().ok()?;
    let minute: u8 = pieces.next()?.trim().parse().ok()?;
    let second: u8 = match pieces.next() {
        Some(s) => s.trim().parse().ok()?,
        None => 0,
    };
    Time::from_hms(hour, minute, second).ok()
}

/// `when` written by the letters of `format`.
fn formatted(format: &str, when: PrimitiveDateTime) -> String {
    let (date, time) = (when.date(), when.time());
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '"' => {
                for quoted in chars.by_ref() {
                    if quoted == '"' {
                        break;
                    }
                    out.push(quoted);
                }
            }
            'Y' => out.push_str(&date.year().to_string()),
            'y' => out.push_str(&format!("{:02}", date.year().rem_euclid(100))),
            'L' => out.push(if is_leap(date.year()) { '1' } else { '0' }),
            'n' => out.push_str(&u8::from(date.month()).to_string()),
            'm' => out.push_str(&format!("{:02}", u8::from(date.month()))),
            'F' => out.push_str(MONTHS[usize::from(u8::from(date.month()) - 1)]),
            'M' => out.push_str(&MONTHS[usize::from(u8::from(date.month()) - 1)][..3]),
            'x' if chars.peek() == Some(&'g') => {
                chars.next();
                out.push_str(MONTHS[usize::from(u8::from(date.month()) - 1)]);
            }
            'j' => out.push_str(&date.day().to_string()),
            'd' => out.push_str(&format!("{:02}", date.day())),
            'z' => out.push_str(&(date.ordinal() - 1).to_string()),
            'W' => out.push_str(&format!("{:02}", date.iso_week())),
            'N' => out.push_str(&date.weekday().number_from_monday().to_string()),
            'w' => out.push_str(&date.weekday().number_days_from_sunday().to_string()),
            'D' => out.push_str(&day_name(date.weekday())[..3]),
            'l' => out.push_str(day_name(date.weekday())),
            't' => out.push_str(&date.month().length(date.year()).to_string()),
            'H' => out.push_str(&format!("{:02}", time.hour())),
            'G' => out.push_str(&time.hour().to_string()),
            'h' => out.push_str(&format!("{:02}", (time.hour() + 11) % 12 + 1)),
            'g' => out.push_str(&((time.hour() + 11) % 12 + 1).to_string()),
            'i' => out.push_str(&format!("{:02}", time.minute())),
            's' => out.push_str(&format!("{:02}", time.second())),
            'a' => out.push_str(if time.hour() < 12 { "am" } else { "pm" }),
            'A' => out.push_str(if time.hour() < 12 { "AM" } else { "PM" }),
            'U' => out.push_str(&when.assume_utc().unix_timestamp().to_string()),
            'c' => out.push_str(&formatted("Y-m-d\\TH:i:s+00:00", when)),
            other => out.push(other),
        }
    }
    out
}

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_writes_a_fixed_date_by_its_format() {
        assert_eq!(time("Y-m-d", "24 March 2009"), "2009-03-24");
        assert_eq!(time("j F Y", "2009-03-24"), "24 March 2009");
        assert_eq!(time("l, M j, y", "March 24, 2009"), "Tuesday, Mar 24, 09");
        assert_eq!(time("H:i:s", "2009-03-24 13:05:09"), "13:05:09");
        assert_eq!(time("g A \\Y \"Y\"", "2009-03-24 13:05"), "1 PM Y Y");
        assert_eq!(time("Y", "1934"), "1934");
        assert_eq!(time("U", "1970-01-02"), "86400");
        assert_eq!(time("Y", "not a date"), INVALID_TIME);
        assert_eq!(time("Y", "2009-02-30"), INVALID_TIME);
        assert_eq!(time("Y", "99:99"), INVALID_TIME);
        // Now, when no date is given.
        assert_eq!(time("Y", ""), OffsetDateTime::now_utc().year().to_string());
    }

    #[test]
    fn formatdate_rewrites_what_it_can_read_and_keeps_the_rest() {
        assert_eq!(format_date("2009-03-24", ""), "2009-03-24");
        assert_eq!(format_date("2009-03-24", "mdy"), "March 24, 2009");
        assert_eq!(format_date("2009-03-24", "dmy"), "24 March 2009");
        assert_eq!(format_date("june 3", "dmy"), "3 June");
        assert_eq!(format_date("January 15", ""), "January 15");
        assert_eq!(format_date("2019-22-22", "dmy"), "2019-22-22");
        assert_eq!(format_date("-0001-12-31", "mdy"), "December 31, 2 BC");
        assert_eq!(format_date("0000-12-31", "mdy"), "December 31, 1 BC");
        assert_eq!(format_date("24 March 2009", "ISO 8601"), "2009-03-24");
    }

    #[test]
    fn current_date_words_read_the_clock() {
        let now = OffsetDateTime::now_utc();
        assert_eq!(magic_word("CURRENTYEAR"), Some(now.year().to_string()));
        assert_eq!(magic_word("LOCALYEAR"), Some(now.year().to_string()));
        assert_eq!(
            magic_word("CURRENTMONTH").map(|m| m.len()),
            Some(2),
            "two digits"
        );
        assert!(magic_word("CURRENTMONTHNAME").is_some_and(|m| MONTHS.contains(&m.as_str())));
        assert_eq!(magic_word("CURRENTNOTHING"), None);
        assert_eq!(magic_word("PAGENAME"), None);
    }
}
