// A calendar date, as newsletters print it and as the index sorts it.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace scatter {

struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31, valid for the month and year

  // Strict YYYY-MM-DD, the form of API parameters; nullopt unless the date exists.
  static std::optional<Date> from_iso(std::string_view text);

  // The forms newsletters print: 2026-02-09, February 9, 2026, Feb 9, 2026,
  // 9 February 2026 (case-insensitive month names), RFC 2822
  // (Mon, 09 Feb 2026 10:00:00 +0000). nullopt when none fits.
  static std::optional<Date> parse(std::string_view text);

  std::string iso() const;       // 2026-02-09
  std::string yyyymmdd() const;  // 20260209: sorts as a string, the index's value form

  // Days since 1970-01-01 (negative before), and back: calendar arithmetic for
  // trend periods.
  long day_number() const;
  static Date from_day_number(long days);
  Date week_start() const;  // the Monday of this date's week (ISO 8601 weeks start on Monday)

  friend auto operator<=>(const Date&, const Date&) = default;
};

bool is_valid_date(int year, int month, int day);

}  // namespace scatter
