// common/story/date.h: dates as API parameters give them and as newsletters print them.
#include "story/date.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace scatter {
namespace {

std::string shown(const std::optional<Date>& date) { return date ? date->iso() : "nullopt"; }

struct Row {
  std::string text;
  std::optional<Date> expected;
};

TEST(DateFromIso, AcceptsOnlyStrictExistingDates) {
  const std::vector<Row> rows = {
      {"2026-02-09", Date{2026, 2, 9}},
      {"2025-12-31", Date{2025, 12, 31}},
      {"2024-02-29", Date{2024, 2, 29}},  // leap year
      {"2000-02-29", Date{2000, 2, 29}},  // divisible by 400: leap
      {"2026-02-30", std::nullopt},       // February has no 30th
      {"2026-02-29", std::nullopt},       // 2026 is not a leap year
      {"1900-02-29", std::nullopt},       // divisible by 100, not by 400: not leap
      {"2026-04-31", std::nullopt},       // April has 30 days
      {"2026-13-01", std::nullopt},       // no 13th month
      {"2026-00-10", std::nullopt},       // no month 0
      {"2026-01-00", std::nullopt},       // no day 0
      {"2026-2-9", std::nullopt},         // digits must be padded
      {"26-02-09", std::nullopt},         // four-digit year
      {"2026-02-09x", std::nullopt},      // trailing text
      {"2026-02-09T10:00", std::nullopt}, // a timestamp is not a date parameter
      {" 2026-02-09", std::nullopt},      // leading space
      {"2026/02/09", std::nullopt},
      {"February 9, 2026", std::nullopt}, // only parse() reads printed forms
      {"", std::nullopt},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("from_iso(\"" + row.text + "\")");
    EXPECT_EQ(shown(Date::from_iso(row.text)), shown(row.expected));
  }
}

TEST(DateParse, ReadsTheFormsNewslettersPrint) {
  const std::vector<Row> rows = {
      {"2026-02-09", Date{2026, 2, 9}},
      {"Mon, 09 Feb 2026 10:00:00 +0000", Date{2026, 2, 9}},
      {"9 Feb 2026 23:59 GMT", Date{2026, 2, 9}},
      {"Mon, 30 Feb 2026 10:00:00 +0000", std::nullopt},
      {"February 9, 2026", Date{2026, 2, 9}},
      {"Feb 9, 2026", Date{2026, 2, 9}},
      {"Feb. 9, 2026", Date{2026, 2, 9}},
      {"9 February 2026", Date{2026, 2, 9}},
      {"february 9, 2026", Date{2026, 2, 9}},
      {"FEBRUARY 9 2026", Date{2026, 2, 9}},
      {"Sept 3, 2025", Date{2025, 9, 3}},
      {"Sep 3, 2025", Date{2025, 9, 3}},
      {"Sept. 3, 2025", Date{2025, 9, 3}},
      {"3 Sept 2025", Date{2025, 9, 3}},
      {"September 03, 2025", Date{2025, 9, 3}},
      {"  February 9, 2026  ", Date{2026, 2, 9}},  // surrounding space from a capture line
      {"February 29, 2024", Date{2024, 2, 29}},
      {"February 29, 2026", std::nullopt},  // not a leap year
      {"February 30, 2026", std::nullopt},
      {"Febtember 9, 2026", std::nullopt},  // not a month
      {"9 Foo 2026", std::nullopt},
      {"February 2026", std::nullopt},      // no day
      {"February 9, 2026 · Issue #3", std::nullopt},  // a date line, not a date
      {"2026-2-9", std::nullopt},
      {"", std::nullopt},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("parse(\"" + row.text + "\")");
    EXPECT_EQ(shown(Date::parse(row.text)), shown(row.expected));
  }
}

TEST(DateParse, ReadsIsoDateTimesByTheirCalendarDate) {
  const std::vector<Row> rows = {
      {"1901-03-04T12:00:00Z", Date{1901, 3, 4}},
      {"2026-02-09T23:59:59.123+05:30", Date{2026, 2, 9}},
      {"2026-02-09 10:00", Date{2026, 2, 9}},
      {"2026-02-30T10:00:00Z", std::nullopt},
      {"2026-02-09Tnoon", std::nullopt},
      {"2026-02-09T1", std::nullopt},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("parse(\"" + row.text + "\")");
    EXPECT_EQ(shown(Date::parse(row.text)), shown(row.expected));
  }
}

// JSON Lines of old documents date some by year or month alone; the date keeps
// that precision rather than being refused or made a day.
TEST(DateParseAllowingPartial, KeepsAMonthOrAYearAlone) {
  const std::vector<Row> rows = {
      {"1901", Date{1901, 0, 0}},
      {"1901-03", Date{1901, 3, 0}},
      {"March 1901", Date{1901, 3, 0}},
      {"Mar. 1901", Date{1901, 3, 0}},
      {"1901-03-04", Date{1901, 3, 4}},
      {"1901-03-04T12:00:00Z", Date{1901, 3, 4}},
      {"March 4, 1901", Date{1901, 3, 4}},
      {"1901-13", std::nullopt},
      {"0000", std::nullopt},
      {"Smarch 1901", std::nullopt},
      {"190", std::nullopt},
      {"someday", std::nullopt},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE("parse_allowing_partial(\"" + row.text + "\")");
    EXPECT_EQ(shown(Date::parse_allowing_partial(row.text)), shown(row.expected));
  }
  EXPECT_EQ(Date::parse("1901"), std::nullopt) << "a capture's line of digits is no date";
  EXPECT_EQ(Date::parse("March 1901"), std::nullopt);
}

TEST(DatePrecision, WritesSortsAndSpansAsWhatItNames) {
  EXPECT_EQ((Date{1901, 0, 0}).iso(), "1901");
  EXPECT_EQ((Date{1901, 3, 0}).iso(), "1901-03");
  EXPECT_EQ((Date{1901, 0, 0}).yyyymmdd(), "19010000");
  EXPECT_EQ((Date{1901, 3, 0}).yyyymmdd(), "19010300");
  EXPECT_LT((Date{1901, 0, 0}), (Date{1901, 1, 1})) << "a year alone sorts before its days";
  EXPECT_LT((Date{1901, 3, 0}), (Date{1901, 3, 1}));
  EXPECT_EQ((Date{1900, 2, 0}).last_day(), (Date{1900, 2, 28}));
  EXPECT_EQ((Date{1904, 0, 0}).last_day(), (Date{1904, 12, 31}));
  EXPECT_EQ((Date{1904, 0, 0}).first_day(), (Date{1904, 1, 1}));
  for (const std::string text : {"1901", "1901-03", "1901-03-04"}) {
    EXPECT_EQ(shown(Date::from_stored(text)), text) << "round trip";
  }
}

TEST(DateBounds, FromAndToOfAYearAMonthOrADay) {
  EXPECT_EQ(first_day_of("1990"), (Date{1990, 1, 1}));
  EXPECT_EQ(last_day_of("1990"), (Date{1990, 12, 31}));
  EXPECT_EQ(first_day_of("2024-02"), (Date{2024, 2, 1}));
  EXPECT_EQ(last_day_of("2024-02"), (Date{2024, 2, 29}));
  EXPECT_EQ(last_day_of("2026-02-09"), (Date{2026, 2, 9}));
  for (const std::string bad : {"", "90", "1990-1", "1990-02-30", "March 1990", "1990-02-09T00:00"}) {
    EXPECT_EQ(first_day_of(bad), std::nullopt) << bad;
    EXPECT_EQ(last_day_of(bad), std::nullopt) << bad;
  }
}

TEST(DateParse, ALongLineIsNoDateAndNoCrash) {
  // std::regex recursed once per character and overflowed the stack on long lines.
  const std::string long_line(1 << 20, '9');
  EXPECT_EQ(Date::parse(long_line), std::nullopt);
  EXPECT_EQ(Date::parse_allowing_partial("February 9, " + long_line), std::nullopt);
}

TEST(DateParse, EveryMonthNameAndAbbreviation) {
  const std::vector<std::string> names = {"January", "February", "March",     "April",   "May",      "June",
                                          "July",    "August",   "September", "October", "November", "December"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    const int month = static_cast<int>(i) + 1;
    for (const std::string& name : {names[i], names[i].substr(0, 3)}) {
      SCOPED_TRACE(name + " 1, 2026");
      EXPECT_EQ(shown(Date::parse(name + " 1, 2026")), shown(Date{2026, month, 1}));
      EXPECT_EQ(shown(Date::parse("1 " + name + " 2026")), shown(Date{2026, month, 1}));
    }
  }
}

TEST(IsValidDate, LeapYearsAndMonthLengths) {
  struct ValidRow {
    int year, month, day;
    bool valid;
  };
  const std::vector<ValidRow> rows = {
      {2024, 2, 29, true}, {2026, 2, 29, false}, {2000, 2, 29, true}, {2100, 2, 29, false},
      {2026, 1, 31, true}, {2026, 4, 31, false}, {2026, 12, 31, true}, {2026, 13, 1, false},
      {2026, 0, 1, false}, {2026, 1, 0, false},  {2026, 6, 30, true},  {2026, 6, 31, false},
  };
  for (const ValidRow& row : rows) {
    SCOPED_TRACE(std::to_string(row.year) + "-" + std::to_string(row.month) + "-" + std::to_string(row.day));
    EXPECT_EQ(is_valid_date(row.year, row.month, row.day), row.valid);
  }
}

TEST(DateFormat, IsoAndIndexValueAreZeroPadded) {
  struct FormatRow {
    Date date;
    std::string iso, yyyymmdd;
  };
  const std::vector<FormatRow> rows = {
      {{2026, 2, 9}, "2026-02-09", "20260209"},
      {{2025, 12, 31}, "2025-12-31", "20251231"},
      {{999, 1, 1}, "0999-01-01", "09990101"},
  };
  for (const FormatRow& row : rows) {
    SCOPED_TRACE(row.iso);
    EXPECT_EQ(row.date.iso(), row.iso);
    EXPECT_EQ(row.date.yyyymmdd(), row.yyyymmdd);
    EXPECT_EQ(shown(Date::from_iso(row.date.iso())), row.iso) << "iso() does not read back";
  }
}

TEST(DateOrder, CalendarOrderAgreesWithIndexValueOrder) {
  const std::vector<Date> ascending = {{2025, 9, 3}, {2025, 12, 31}, {2026, 1, 1}, {2026, 2, 9},
                                       {2026, 2, 10}, {2026, 10, 1}, {2027, 1, 1}};
  for (std::size_t i = 0; i + 1 < ascending.size(); ++i) {
    const Date& a = ascending[i];
    const Date& b = ascending[i + 1];
    SCOPED_TRACE(a.iso() + " < " + b.iso());
    EXPECT_TRUE(a < b);
    EXPECT_FALSE(b < a);
    EXPECT_TRUE(a != b);
    EXPECT_LT(a.yyyymmdd(), b.yyyymmdd()) << "the index would sort these the wrong way";
  }
  EXPECT_EQ((Date{2026, 2, 9}), (Date{2026, 2, 9}));
}

TEST(DateDayNumber, CountsDaysFrom1970) {
  struct DayRow {
    Date date;
    long days;
  };
  const std::vector<DayRow> rows = {
      {{1970, 1, 1}, 0},        {{1970, 1, 2}, 1},         {{1969, 12, 31}, -1},     {{1969, 1, 1}, -365},
      {{1971, 1, 1}, 365},      {{1972, 3, 1}, 790},       {{2000, 2, 29}, 11016},   {{2000, 3, 1}, 11017},
      {{2026, 2, 9}, 20493},    {{1900, 3, 1}, -25508},    {{1600, 2, 29}, -135081}, {{2100, 2, 28}, 47540},
      {{1, 1, 1}, -719162},     {{9999, 12, 31}, 2932896},
  };
  for (const DayRow& row : rows) {
    SCOPED_TRACE(row.date.iso());
    EXPECT_EQ(row.date.day_number(), row.days);
    EXPECT_EQ(Date::from_day_number(row.days).iso(), row.date.iso());
  }
}

TEST(DateDayNumber, RoundTripsEveryDayAcrossLeapYearsAndCenturies) {
  // 1899 to 2101: 1900 and 2100 are not leap years, 2000 is; 1970 in between.
  const long first = Date{1899, 1, 1}.day_number(), last = Date{2101, 12, 31}.day_number();
  Date previous = Date::from_day_number(first - 1);
  for (long days = first; days <= last; ++days) {
    const Date date = Date::from_day_number(days);
    ASSERT_TRUE(is_valid_date(date.year, date.month, date.day)) << days << " -> " << date.iso();
    ASSERT_EQ(date.day_number(), days) << date.iso();
    ASSERT_LT(previous, date) << days;
    // The next day: the next date of the month, or the first of the next month.
    const bool first_of_month = date.day == 1;
    if (first_of_month) {
      ASSERT_TRUE(date.month == previous.month % 12 + 1) << previous.iso() << " -> " << date.iso();
      ASSERT_FALSE(is_valid_date(previous.year, previous.month, previous.day + 1)) << previous.iso();
    } else {
      ASSERT_EQ(date, (Date{previous.year, previous.month, previous.day + 1})) << previous.iso();
    }
    previous = date;
  }
  EXPECT_EQ((Date{1900, 3, 1}.day_number() - Date{1900, 2, 28}.day_number()), 1) << "1900 has no February 29";
  EXPECT_EQ((Date{2000, 3, 1}.day_number() - Date{2000, 2, 28}.day_number()), 2) << "2000 has a February 29";
  EXPECT_EQ((Date{2100, 3, 1}.day_number() - Date{2100, 2, 28}.day_number()), 1) << "2100 has no February 29";
}

TEST(DateWeekStart, IsTheMondayOfTheWeek) {
  struct WeekRow {
    Date date;
    std::string weekday, monday;
  };
  const std::vector<WeekRow> rows = {
      {{2026, 2, 9}, "Monday", "2026-02-09"},     {{2026, 2, 10}, "Tuesday", "2026-02-09"},
      {{2026, 2, 11}, "Wednesday", "2026-02-09"}, {{2026, 2, 12}, "Thursday", "2026-02-09"},
      {{2026, 2, 13}, "Friday", "2026-02-09"},    {{2026, 2, 14}, "Saturday", "2026-02-09"},
      {{2026, 2, 15}, "Sunday", "2026-02-09"},    {{2026, 2, 16}, "Monday", "2026-02-16"},
      {{2026, 3, 1}, "Sunday", "2026-02-23"},     // back across a month end
      {{2025, 1, 1}, "Wednesday", "2024-12-30"},  // back across a year end
      {{2024, 3, 2}, "Saturday", "2024-02-26"},   // across February 29
      {{1970, 1, 1}, "Thursday", "1969-12-29"},   // day 0
      {{1969, 12, 31}, "Wednesday", "1969-12-29"},
      {{1969, 12, 28}, "Sunday", "1969-12-22"},   // before 1970: negative day numbers
      {{1970, 1, 5}, "Monday", "1970-01-05"},
      {{1900, 1, 1}, "Monday", "1900-01-01"},
  };
  for (const WeekRow& row : rows) {
    SCOPED_TRACE(row.date.iso() + " (" + row.weekday + ")");
    EXPECT_EQ(row.date.week_start().iso(), row.monday);
    EXPECT_EQ(row.date.week_start().week_start(), row.date.week_start()) << "a Monday is its own week's start";
  }
}

TEST(DateWeekStart, EveryDayIsInTheWeekOfAMondayAtMostSixDaysBefore) {
  const Date monday{1969, 12, 29};
  for (long days = Date{1969, 6, 1}.day_number(); days <= Date{1970, 7, 1}.day_number(); ++days) {
    const Date date = Date::from_day_number(days);
    const long back = days - date.week_start().day_number();
    ASSERT_GE(back, 0) << date.iso();
    ASSERT_LE(back, 6) << date.iso();
    ASSERT_EQ((date.week_start().day_number() - monday.day_number()) % 7, 0) << date.iso() << " starts on a non-Monday";
  }
}

}  // namespace
}  // namespace scatter
