#include "story/date.h"

#include "text/utf8.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <vector>

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

bool all_digits(std::string_view text, std::size_t min, std::size_t max) {
  if (text.size() < min || text.size() > max) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int to_int(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

bool all_letters(std::string_view text, std::size_t min, std::size_t max) {
  if (text.size() < min || text.size() > max) return false;
  for (const char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

// A month name as printed: letters, perhaps a full stop ("Feb."); 0 otherwise.
int month_token(std::string_view token) {
  std::string_view letters = token;
  if (letters.ends_with('.')) letters.remove_suffix(1);
  return all_letters(letters, 3, 9) ? month_number(letters) : 0;
}

std::optional<Date> make_date(int year, int month, int day) {
  if (!is_valid_date(year, month, day)) return std::nullopt;
  return Date{year, month, day};
}

// Space-separated words; a comma ends a word too ("9," "Mon,09"). Bounded: a
// date is a few words, and a long line is no date.
constexpr std::size_t kMaxDateLength = 64;
std::vector<std::string_view> words_of(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == ',')) ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != ',') ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

// hh:mm or hh:mm:ss.
bool is_clock_time(std::string_view text) {
  if (text.size() != 5 && text.size() != 8) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool colon = i == 2 || i == 5;
    if (colon ? text[i] != ':' : !all_digits(text.substr(i, 1), 1, 1)) return false;
  }
  return true;
}

// +0000, -0500, or a zone name of 1-5 letters (GMT, UT, EST).
bool is_zone(std::string_view text) {
  if (text.size() == 5 && (text[0] == '+' || text[0] == '-')) return all_digits(text.substr(1), 4, 4);
  return all_letters(text, 1, 5);
}

// YYYY-MM-DD then 'T' or a space and a time of day: hh:mm, seconds, fractions,
// and Z or an offset. The calendar date as written is kept: a time and zone do
// not move a story's day.
std::optional<Date> iso_date_time(std::string_view text) {
  if (text.size() < 16 || (text[10] != 'T' && text[10] != ' ')) return std::nullopt;
  const std::string_view time = text.substr(11);
  if (!is_clock_time(time.substr(0, 5))) return std::nullopt;
  for (const char c : time) {
    if (!((c >= '0' && c <= '9') || c == ':' || c == '.' || c == '+' || c == '-' || c == 'Z')) return std::nullopt;
  }
  return Date::from_iso(text.substr(0, 10));
}

// Month D YYYY, D Month YYYY, and RFC 2822: [Www,] D Mon YYYY hh:mm[:ss] [zone].
std::optional<Date> printed_date(std::string_view text) {
  std::vector<std::string_view> w = words_of(text);
  if (w.size() == 3) {
    if (const int month = month_token(w[0]); month != 0 && all_digits(w[1], 1, 2) && all_digits(w[2], 4, 4)) {
      return make_date(to_int(w[2]), month, to_int(w[1]));
    }
    if (const int month = month_token(w[1]); month != 0 && all_digits(w[0], 1, 2) && all_digits(w[2], 4, 4)) {
      return make_date(to_int(w[2]), month, to_int(w[0]));
    }
    return std::nullopt;
  }
  if (!w.empty() && all_letters(w[0], 3, 3) && month_number(w[0]) == 0) w.erase(w.begin());  // the weekday
  if (w.size() < 4 || w.size() > 5 || !all_digits(w[0], 1, 2) || !all_letters(w[1], 3, 3) ||
      !all_digits(w[2], 4, 4) || !is_clock_time(w[3]) || (w.size() == 5 && !is_zone(w[4]))) {
    return std::nullopt;
  }
  const int month = month_number(w[1]);
  if (month == 0) return std::nullopt;
  return make_date(to_int(w[2]), month, to_int(w[0]));
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
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4), 4, 4) ||
      !all_digits(text.substr(5, 2), 2, 2) || !all_digits(text.substr(8, 2), 2, 2)) {
    return std::nullopt;
  }
  return make_date(to_int(text.substr(0, 4)), to_int(text.substr(5, 2)), to_int(text.substr(8, 2)));
}

std::optional<Date> Date::parse(std::string_view raw) {
  const std::string_view text = trim(raw);
  if (text.size() > kMaxDateLength) return std::nullopt;
  if (auto iso = from_iso(text)) return iso;
  if (auto stamp = iso_date_time(text)) return stamp;
  return printed_date(text);
}

std::optional<Date> Date::parse_allowing_partial(std::string_view raw) {
  if (auto day = parse(raw)) return day;
  const std::string_view text = trim(raw);
  if (auto partial = from_stored(text)) return partial;
  const std::vector<std::string_view> w = words_of(text);
  if (text.size() <= kMaxDateLength && w.size() == 2 && all_digits(w[1], 4, 4)) {
    const int month = month_token(w[0]), year = to_int(w[1]);
    if (month != 0 && year >= 1) return Date{year, month, 0};
  }
  return std::nullopt;
}

std::optional<Date> Date::from_stored(std::string_view text) {
  if (text.size() == 10) return from_iso(text);
  if (all_digits(text, 4, 4)) {
    const int year = to_int(text);
    if (year < 1) return std::nullopt;
    return Date{year, 0, 0};
  }
  if (text.size() == 7 && text[4] == '-' && all_digits(text.substr(0, 4), 4, 4) && all_digits(text.substr(5), 2, 2)) {
    const int year = to_int(text.substr(0, 4)), month = to_int(text.substr(5));
    if (year < 1 || month < 1 || month > 12) return std::nullopt;
    return Date{year, month, 0};
  }
  return std::nullopt;
}

Date Date::first_day() const { return Date{year, has_month() ? month : 1, has_day() ? day : 1}; }

Date Date::last_day() const {
  if (has_day()) return *this;
  const int last_month = has_month() ? month : 12;
  int last = 31;
  while (!is_valid_date(year, last_month, last)) --last;
  return Date{year, last_month, last};
}

std::optional<Date> first_day_of(std::string_view text) {
  const auto date = Date::from_stored(text);
  return date ? std::optional<Date>(date->first_day()) : std::nullopt;
}

std::optional<Date> last_day_of(std::string_view text) {
  const auto date = Date::from_stored(text);
  return date ? std::optional<Date>(date->last_day()) : std::nullopt;
}

std::string Date::iso() const {
  char buf[16];
  if (!has_month()) std::snprintf(buf, sizeof buf, "%04d", year);
  else if (!has_day()) std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  else std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string Date::yyyymmdd() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
  return buf;
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
long Date::day_number() const {
  if (!has_day()) return first_day().day_number();
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
