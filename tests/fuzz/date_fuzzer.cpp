// The date parser on arbitrary text: every way the readers, the indexer and the
// API read a date, and the arithmetic done on what they return (stored forms,
// trend periods), which must round-trip.
#include "fuzz_support.h"

#include "story/date.h"

namespace {

using scatter::Date;
using scatter::fuzz::require;

void check_calendar(const Date& date) {
  const Date first = date.first_day(), last = date.last_day();
  require(scatter::is_valid_date(first.year, first.month, first.day), "first_day() exists");
  require(scatter::is_valid_date(last.year, last.month, last.day), "last_day() exists");
  require(first <= last, "a span starts before it ends");
  require(Date::from_day_number(first.day_number()) == first, "day numbers round-trip");
  const Date monday = first.week_start();
  require(monday <= first && first.day_number() - monday.day_number() < 7, "week_start() is the Monday before");
  require(Date::from_stored(date.iso()) == date, "the stored form reads back");
  require(date.yyyymmdd().size() == 8, "the index's key has eight digits");
}

void check_day(std::string_view text) {
  const auto date = Date::parse(text);
  if (!date) return;
  require(scatter::is_valid_date(date->year, date->month, date->day), "parse() returns a date that exists");
  require(Date::from_iso(date->iso()) == date, "iso() reads back through from_iso()");
  check_calendar(*date);
}

void check_partial(std::string_view text) {
  if (const auto date = Date::parse_allowing_partial(text)) check_calendar(*date);
}

void check_range_bounds(std::string_view text) {
  const auto first = scatter::first_day_of(text), last = scatter::last_day_of(text);
  require(first.has_value() == last.has_value(), "a range bound reads both ways or neither");
  if (first) require(*first <= *last, "first_day_of() <= last_day_of()");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = scatter::fuzz::text_of(data, size);
  check_day(text);
  check_partial(text);
  check_range_bounds(text);
  return 0;
}
