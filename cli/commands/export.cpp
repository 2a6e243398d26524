#include "cli/commands/commands.h"

#include "cli/errors.h"
#include "cli/options.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

namespace scatter::cli {
namespace {

// "[#########           ] 45%  450,000 of 1,000,000 stories" on stderr,
// redrawn at most ten times a second, when stderr is a terminal.
class ProgressBar {
 public:
  explicit ProgressBar(bool shown) : shown_(shown) {}
  void update(std::uint64_t rows, std::uint64_t total) {
    if (!shown_) return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && rows < total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    drawn_ = true;
    constexpr int kWidth = 30;
    const double share = total == 0 ? 1.0 : static_cast<double>(rows) / static_cast<double>(total);
    const int filled = static_cast<int>(share * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, ' ');
    std::fprintf(stderr, "\r[%s] %3d%%  %llu of %llu stories", bar.c_str(), static_cast<int>(share * 100),
                 static_cast<unsigned long long>(rows), static_cast<unsigned long long>(total));
    std::fflush(stderr);
  }
  void finish() {
    if (shown_ && drawn_) std::fputs("\n", stderr);
  }

 private:
  bool shown_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// --out FILE is written under another name beside it and renamed at the end:
// an export that fails leaves no half file where the whole one was expected.
class OutputFile {
 public:
  explicit OutputFile(std::filesystem::path path) : path_(std::move(path)) {
    std::random_device random;
    partial_ = path_;
    partial_ += ".partial-" + std::to_string(random());
    out_.open(partial_, std::ios::binary | std::ios::trunc);
    if (!out_) throw Unavailable("--out: cannot write " + path_.string() + " (cannot create " + partial_.string() + ")");
  }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile() {
    if (committed_) return;
    out_.close();
    std::error_code ignored;
    std::filesystem::remove(partial_, ignored);
  }
  void write(std::string_view bytes) {
    out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out_) throw Unavailable("--out: writing " + partial_.string() + " failed (is the disk full?)");
  }
  void commit() {
    out_.close();
    if (!out_) throw Unavailable("--out: writing " + partial_.string() + " failed (is the disk full?)");
    std::error_code error;
    std::filesystem::rename(partial_, path_, error);
    if (error) throw Unavailable("--out: cannot rename " + partial_.string() + " to " + path_.string() + ": " + error.message());
    committed_ = true;
  }

 private:
  std::filesystem::path path_, partial_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace

// Every match of a search, in its order, as CSV or JSON Lines: what searchd's
// /export streams, to stdout or a file, with a progress bar on a terminal.
int export_command(int argc, char** argv, std::string_view synopsis) {
  po::options_description options("export options");
  options.add_options()("format", po::value<std::string>()->value_name("FORMAT"),
                        "csv (RFC 4180, a header row) or jsonl (one story per line, with its text); "
                        "default csv, or jsonl with --json")(
      "out", po::value<std::string>()->value_name("FILE"), "write to FILE (replaced only once the export is whole); "
                                                            "default stdout");
  options.add(ranking_options());
  options.add(filter_options());
  const auto vm = parse_command(argc, argv, options, "query", synopsis);
  if (!vm) return kExitOk;
  const CommonOptions common = common_options(*vm);
  SearchRequest request{.q = words(*vm, "query")};
  read_ranking(*vm, request);
  read_filters(*vm, request);
  exports::ExportFormat format = common.json ? exports::ExportFormat::kJsonl : exports::ExportFormat::kCsv;
  if (vm->count("format")) {
    const std::string name = (*vm)["format"].as<std::string>();
    const auto chosen = exports::export_format_from_name(name);
    if (!chosen) throw UsageError("--format: '" + name + "' is not one of csv, jsonl");
    format = *chosen;
  }
  std::optional<OutputFile> file;
  if (vm->count("out")) file.emplace((*vm)["out"].as<std::string>());
  ProgressBar progress(isatty(STDERR_FILENO) != 0);
  const auto write = [&](std::string_view bytes) {
    if (file) {
      file->write(bytes);
    } else {
      std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      if (!std::cout) throw Unavailable("writing the export to stdout failed");
    }
  };
  const std::uint64_t rows = open_source(common.source)->export_matches(
      request, format, write, [&](std::uint64_t done, std::uint64_t total) { progress.update(done, total); });
  progress.finish();
  std::cout.flush();
  if (file) {
    file->commit();
    std::cerr << "exported " << rows << (rows == 1 ? " story" : " stories") << " to " << (*vm)["out"].as<std::string>()
              << "\n";
  }
  return kExitOk;
}

}  // namespace scatter::cli
