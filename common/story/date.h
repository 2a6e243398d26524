// A calendar date, as newsletters print it and as the index sorts it.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace scatter {

// A day, or a month or year alone when that is all a source says: a corpus of
// old documents dates some only "1901" or "March 1901". Such a date keeps its
// precision (month or day 0) and sorts before the days of its span.
struct Date {
  int year = 0;
  int month = 0;  // 1..12; 0: the year alone
  int day = 0;    // 1..31, valid for the month and year; 0: the month (or year) alone

  // Strict YYYY-MM-DD, the form of API parameters; nullopt unless the date exists.
  static std::optional<Date> from_iso(std::string_view text);

  // The forms newsletters print: 2026-02-09, February 9, 2026, Feb 9, 2026,
  // 9 February 2026 (case-insensitive month names), RFC 2822
  // (Mon, 09 Feb 2026 10:00:00 +0000), ISO 8601 date-times
  // (2026-02-09T12:00:00Z; the calendar date as written). nullopt when none fits.
  // Read by hand, never by a backtracking regex: the text comes from captures.
  static std::optional<Date> parse(std::string_view text);

  // parse(), and also a month or a year alone: 1901, 1901-03, March 1901, Mar. 1901.
  static std::optional<Date> parse_allowing_partial(std::string_view text);

  // YYYY, YYYY-MM or YYYY-MM-DD, as stored and as iso() writes it.
  static std::optional<Date> from_stored(std::string_view text);

  bool has_month() const { return month != 0; }
  bool has_day() const { return day != 0; }

  std::string iso() const;       // 2026-02-09, 1901-03, 1901
  std::string yyyymmdd() const;  // 20260209, 19010300, 19010000: sorts as a string, the index's value form

  // The first and the last day of the span the date names (itself for a day).
  Date first_day() const;
  Date last_day() const;

  // Days since 1970-01-01 (negative before), and back: calendar arithmetic for
  // trend periods. A partial date counts from its first day.
  long day_number() const;
  static Date from_day_number(long days);
  Date week_start() const;  // the Monday of this date's week (ISO 8601 weeks start on Monday)

  friend auto operator<=>(const Date&, const Date&) = default;
};

// Bounds of a date range as researchers type them (API from/to, CLI --from/--to):
// YYYY, YYYY-MM or YYYY-MM-DD. first_day_of("1990") is 1990-01-01 and
// last_day_of("1990") is 1990-12-31; nullopt for anything else.
std::optional<Date> first_day_of(std::string_view text);
std::optional<Date> last_day_of(std::string_view text);

bool is_valid_date(int year, int month, int day);

}  // namespace scatter
