// searchd/access_log.h: one line per request, as text or JSON Lines, written by
// flush(); what a client sends cannot forge or break a line.
#include "searchd/access_log.h"

#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace scatter::searchd {
namespace {

using scatter::test::TempDir;

// An AccessLog writing to a file of its own, and the lines written so far.
class LogFile {
 public:
  explicit LogFile(AccessLog::Format format)
      : file_(std::fopen((dir_ / "access.log").string().c_str(), "w")), log_(file_, format) {}
  ~LogFile() {
    log_.flush();
    std::fclose(file_);
  }
  AccessLog& log() { return log_; }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    std::istringstream text(scatter::test::read_file(dir_ / "access.log"));
    for (std::string line; std::getline(text, line);) out.push_back(line);
    return out;
  }
  std::string bytes() const { return scatter::test::read_file(dir_ / "access.log"); }

 private:
  TempDir dir_;
  std::FILE* file_;
  AccessLog log_;
};

const std::regex kTextLine(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (\S+) (\S+) (\d{3}) (\d+\.\d{3})ms (\d+)B)");

TEST(AccessLog, TextLinesSayMethodTargetStatusMillisecondsAndBytes) {
  LogFile file(AccessLog::Format::kText);
  file.log().record("GET", "/search?q=latent+attention", 200, 1.23456, 2048);
  file.log().record("POST", "/search", 405, 0.05, 120);
  file.log().flush();
  const std::vector<std::string> lines = file.lines();
  ASSERT_EQ(lines.size(), 2u);
  std::smatch m;
  ASSERT_TRUE(std::regex_match(lines[0], m, kTextLine)) << lines[0];
  EXPECT_EQ(m[1], "GET");
  EXPECT_EQ(m[2], "/search?q=latent+attention");
  EXPECT_EQ(m[3], "200");
  EXPECT_EQ(m[4], "1.235");
  EXPECT_EQ(m[5], "2048");
  ASSERT_TRUE(std::regex_match(lines[1], m, kTextLine)) << lines[1];
  EXPECT_EQ(m[1], "POST");
  EXPECT_EQ(m[3], "405");
}

TEST(AccessLog, JsonLinesHaveNamedFields) {
  LogFile file(AccessLog::Format::kJson);
  file.log().record("GET", "/stories/3-1", 404, 0.4567, 77);
  file.log().flush();
  const std::vector<std::string> lines = file.lines();
  ASSERT_EQ(lines.size(), 1u);
  const nlohmann::json entry = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(entry.at("method"), "GET");
  EXPECT_EQ(entry.at("path"), "/stories/3-1");
  EXPECT_EQ(entry.at("status"), 404);
  EXPECT_NEAR(entry.at("ms").get<double>(), 0.457, 1e-9);
  EXPECT_EQ(entry.at("bytes"), 77);
  EXPECT_TRUE(std::regex_match(entry.at("time").get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << entry.at("time");
}

TEST(AccessLog, LinesAreWrittenByFlushAndNoneAreLost) {
  LogFile file(AccessLog::Format::kText);
  file.log().record("GET", "/healthz", 200, 0.1, 15);
  file.log().flush();
  EXPECT_EQ(file.lines().size(), 1u);
  file.log().flush();  // nothing new: nothing written twice
  EXPECT_EQ(file.lines().size(), 1u);
  // A burst larger than the buffer is written without waiting for a flush.
  const std::string long_target = "/search?q=" + std::string(1000, 'a');
  for (int i = 0; i < 200; ++i) file.log().record("GET", long_target, 200, 0.1, 15);
  EXPECT_GT(file.lines().size(), 1u);
  file.log().flush();
  EXPECT_EQ(file.lines().size(), 201u);
}

TEST(AccessLog, ControlCharactersCannotForgeALine) {
  // No spaces: a request line cannot carry them in its target.
  const std::string forged = "/search?q=x\n2026-01-01T00:00:00.000Z\tGET\t/admin\t200\r\x1b[31m\x7f";
  {
    LogFile file(AccessLog::Format::kText);
    file.log().record("GE\rT\x1b[2K", forged, 400, 0.1, 50);  // httplib reports even a method it refused
    file.log().flush();
    const std::vector<std::string> lines = file.lines();
    ASSERT_EQ(lines.size(), 1u) << file.bytes();
    std::smatch m;
    ASSERT_TRUE(std::regex_match(lines[0], m, kTextLine)) << lines[0];
    EXPECT_EQ(m[3], "400");
    for (const char c : lines[0]) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7f) << lines[0];
  }
  {
    LogFile file(AccessLog::Format::kJson);
    file.log().record("GET", forged + "\xff\xfe", 400, 0.1, 50);  // and bytes that are not UTF-8
    file.log().flush();
    const std::vector<std::string> lines = file.lines();
    ASSERT_EQ(lines.size(), 1u) << file.bytes();
    const nlohmann::json entry = nlohmann::json::parse(lines[0]);
    EXPECT_EQ(entry.at("path").get<std::string>().substr(0, 12), "/search?q=x\n") << "kept, escaped in JSON";
    EXPECT_EQ(entry.at("status"), 400);
  }
}

TEST(AccessLog, ThreadsWriteWholeLines) {
  LogFile file(AccessLog::Format::kJson);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&file, t] {
      for (int i = 0; i < 500; ++i) {
        file.log().record("GET", "/search?q=thread" + std::to_string(t) + "-" + std::to_string(i), 200, 0.1, 10);
        if (i % 50 == 0) file.log().flush();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  file.log().flush();
  const std::vector<std::string> lines = file.lines();
  ASSERT_EQ(lines.size(), 2000u);
  std::vector<int> next(4, 0);  // each thread's lines appear in the order it recorded them
  for (const std::string& line : lines) {
    const std::string path = nlohmann::json::parse(line).at("path");
    const int t = path[16] - '0';
    ASSERT_EQ(path, "/search?q=thread" + std::to_string(t) + "-" + std::to_string(next[t])) << line;
    ++next[t];
  }
}

TEST(AccessLog, WithoutAFileItIsOff) {
  AccessLog log(nullptr, AccessLog::Format::kText);
  EXPECT_FALSE(log.enabled());
  log.record("GET", "/search", 200, 0.1, 10);
  log.flush();
}

}  // namespace
}  // namespace scatter::searchd
