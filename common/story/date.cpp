#include "story/date.h"

#include "text/utf8.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <regex>

namespace scatter {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

// Full names and three-letter abbreviations ("Sept" too); 0 when unknown.
int month_number(std::string_view name) {
  const std::string lower = to_lower(name);
  std::string_view key = lower;
  if (key.ends_with('.')) key.remove_suffix(1);
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (key == kMonths[i] || key == kMonths[i].substr(0, 3) || (i == 8 && key == "sept")) {
      return static_cast<int>(i) + 1;
    }
  }
  return 0;
}

int to_int(const std::string& digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

std::optional<Date> make_date(int year, int month, int day) {
  if (!is_valid_date(year, month, day)) return std::nullopt;
  return Date{year, month, day};
}

}  // namespace

bool is_valid_date(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
  return day <= last;
}

std::optional<Date> Date::from_iso(std::string_view text) {
  static const std::regex kIso(R"((\d{4})-(\d{2})-(\d{2}))");
  std::cmatch m;
  if (!std::regex_match(text.begin(), text.end(), m, kIso)) return std::nullopt;
  return make_date(to_int(m[1]), to_int(m[2]), to_int(m[3]));
}

std::optional<Date> Date::parse(std::string_view raw) {
  const std::string text(trim(raw));
  if (auto iso = from_iso(text)) return iso;
  static const std::regex kMonthFirst(R"(([A-Za-z]+\.?)\s+(\d{1,2}),?\s+(\d{4}))");
  static const std::regex kDayFirst(R"((\d{1,2})\s+([A-Za-z]+\.?),?\s+(\d{4}))");
  // RFC 2822 (feeds, mail): "Mon, 09 Feb 2026 10:00:00 +0000". The calendar date
  // as written is kept; the time and zone do not move a newsletter's issue date.
  static const std::regex kRfc2822(
      R"((?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+\d{2}:\d{2}(?::\d{2})?(?:\s*(?:[+-]\d{4}|[A-Za-z]{1,5}))?)");
  std::smatch m;
  if (std::regex_match(text, m, kRfc2822)) {
    return make_date(to_int(m[3]), month_number(m[2].str()), to_int(m[1]));
  }
  if (std::regex_match(text, m, kMonthFirst)) {
    return make_date(to_int(m[3]), month_number(m[1].str()), to_int(m[2]));
  }
  if (std::regex_match(text, m, kDayFirst)) {
    return make_date(to_int(m[3]), month_number(m[2].str()), to_int(m[1]));
  }
  return std::nullopt;
}

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string Date::yyyymmdd() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
  return buf;
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
long Date::day_number() const {
  const long y = month <= 2 ? year - 1 : year;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long year_of_era = y - era * 400;
  const long day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

Date Date::from_day_number(long days) {
  days += 719468;
  const long era = (days >= 0 ? days : days - 146096) / 146097;
  const long day_of_era = days - era * 146097;
  const long year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const long shifted_month = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  const int month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  const int year = static_cast<int>(year_of_era + era * 400 + (month <= 2 ? 1 : 0));
  return Date{year, month, day};
}

Date Date::week_start() const {
  const long days = day_number();
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
  const long weekday = ((days % 7) + 7 + 3) % 7;
  return from_day_number(days - weekday);
}

}  // namespace scatter
