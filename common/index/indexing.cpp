#include "index/indexing.h"

#include "index/index_writer.h"

#include <chrono>

namespace scatter {
namespace {

Gazetteer load_gazetteer(const IndexConfig& config) {
  if (config.companies) return Gazetteer::load(*config.companies);
  const auto beside = config.archive / "companies.json";
  if (std::filesystem::exists(beside)) return Gazetteer::load(beside);
  return Gazetteer{};
}

}  // namespace

void tag_companies(Issue& issue, const Gazetteer& gazetteer) {
  for (Story& story : issue.stories) {
    std::string text = story.title;
    for (const auto& part : {std::cref(story.paragraphs), std::cref(story.bullets)}) {
      for (const std::string& line : part.get()) text += "\n" + line;
    }
    story.companies = gazetteer.companies_in(text);
  }
}

IndexSummary index_archive(const IndexConfig& config) {
  const auto start = std::chrono::steady_clock::now();
  const Gazetteer gazetteer = load_gazetteer(config);
  Archive archive = read_archive(config.archive);

  IndexWriter writer(config.db);
  IndexSummary summary{.files_read = archive.files_read,
                       .files_skipped = archive.files_skipped,
                       .issues = archive.issues.size(),
                       .companies_known = gazetteer.companies().size(),
                       .rebuilt = writer.rebuilt(),
                       .warnings = std::move(archive.warnings)};
  for (Issue& issue : archive.issues) {
    tag_companies(issue, gazetteer);
    assign_ids_and_urls(issue, config.urls);
    for (const Story& story : issue.stories) {
      writer.add(StoryRecord{story, issue.newsletter, issue.number, issue.date});
      ++summary.stories;
    }
  }
  writer.set_gazetteer(gazetteer);
  writer.commit();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace scatter
