#include "index/indexing.h"

#include "index/index_writer.h"

#include <chrono>

namespace scatter {
namespace {

// An explicit file, else the archive's own file of that name, else nothing.
template <typename Table>
Table load_table(const std::optional<std::filesystem::path>& explicit_file, const std::filesystem::path& archive,
                 const char* default_name) {
  if (explicit_file) return Table::load(*explicit_file);
  const auto beside = archive / default_name;
  if (std::filesystem::exists(beside)) return Table::load(beside);
  return Table{};
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

void tag_topics(Issue& issue, const TopicTagger& topics) {
  for (Story& story : issue.stories) story.topics = topics.topics_for(story);
}

IndexSummary index_archive(const IndexConfig& config) {
  const auto start = std::chrono::steady_clock::now();
  const auto gazetteer = load_table<Gazetteer>(config.companies, config.archive, "companies.json");
  const auto topics = load_table<TopicTagger>(config.topics, config.archive, "topics.json");
  Archive archive = read_archive(config.archive);

  IndexSummary summary{.files_read = archive.files_read,
                       .files_skipped = archive.files_skipped,
                       .issues = archive.issues.size(),
                       .companies_known = gazetteer.companies().size(),
                       .topics_known = topics.topics().size(),
                       .warnings = std::move(archive.warnings)};
  if (config.strict && !summary.warnings.empty()) {
    // Decided before the database is opened: a strict run with warnings does not touch it.
    summary.committed = false;
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
  }
  IndexWriter writer(config.db);
  summary.rebuilt = writer.rebuilt();
  for (Issue& issue : archive.issues) {
    tag_companies(issue, gazetteer);
    tag_topics(issue, topics);
    assign_ids_and_urls(issue, config.urls);
    for (const Story& story : issue.stories) {
      writer.add(StoryRecord{story, issue.newsletter, issue.number, issue.date});
      ++summary.stories;
    }
  }
  writer.set_gazetteer(gazetteer);
  writer.set_topics(topics);
  writer.commit();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace scatter
