#include "index/index_writer.h"

#include "index/database_layout.h"
#include "index/spelling.h"
#include "index/stored_story.h"
#include "schema/schema.h"
#include "text/hash.h"
#include "text/stemmer.h"

#include <xapian.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <cstring>
#include <sstream>

namespace scatter {
namespace {

// Each field is indexed under its prefix, with positions (phrases and
// proximity are per field).
void index_field(Xapian::TermGenerator& terms, const std::string& text, const schema::Field& field,
                 Xapian::termcount wdf) {
  terms.index_text(text, wdf, std::string(field.prefix));
  // A gap in positions keeps phrases from spanning two paragraphs or fields.
  terms.increase_termpos();
}

// The words of the three text fields once more, as one field: each word and
// each stem unprefixed (schema::all_fields_term), its wdf the sum of its
// fields' (so the field weights hold), without positions. A plain query's word
// is then one posting list, not a synonym of three: Xapian weighs it by the
// word's true frequency, the same in one database and in shards (a synonym's
// frequency is estimated per shard), and can skip in it (a synonym ignores the
// weight threshold). Every term's wdf is counted twice in the document's
// length, so BM25's length ratios are unchanged.
//
// And each pair of words at neighbouring positions (schema::word_pair_term),
// read from the field terms' positions, so a pair is exactly what a two-word
// phrase of that field checks. Fields and paragraphs are 100 positions apart
// (index_field), so no pair spans two of them.
void add_all_fields_terms(Xapian::Document& doc) {
  std::vector<std::pair<std::string, Xapian::termcount>> all_fields;
  std::vector<std::pair<Xapian::termpos, std::string>> placed;
  for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
    auto word = schema::all_fields_term(*term);
    if (!word) continue;
    if (!word->starts_with(schema::kStemPrefix)) {
      for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) placed.emplace_back(*pos, *word);
    }
    all_fields.emplace_back(std::move(*word), term.get_wdf());
  }
  for (const auto& [word, wdf] : all_fields) doc.add_term(word, wdf);
  std::sort(placed.begin(), placed.end());
  for (std::size_t i = 1; i < placed.size(); ++i) {
    if (placed[i].first == placed[i - 1].first + 1) {
      doc.add_boolean_term(schema::word_pair_term(placed[i - 1].second, placed[i].second));
    }
  }
}

// Sorts as date, then issue, then story, then id: a total order that every
// layout of the index shares, unlike document ids.
std::string order_key(const StoryRecord& record) {
  char fixed[32];
  std::snprintf(fixed, sizeof fixed, "%s%010d%06d", record.date ? record.date->yyyymmdd().c_str() : "00000000",
                record.issue.value_or(0), record.story.number);
  return fixed + record.story.id;
}

// Ascending: newest date first, then the highest issue, then the story's place in it.
std::string newest_key(const StoryRecord& record) {
  const long date = record.date ? std::stol(record.date->yyyymmdd()) : 0;
  char fixed[40];
  std::snprintf(fixed, sizeof fixed, "%08ld%010lld%06d", 99999999L - date, 9999999999LL - record.issue.value_or(0),
                record.story.number);
  return fixed + record.story.id;
}

// Declared fields by type: a keyword as one exact term and its value (for
// facets), a number or date as a sortable value, text as words under the
// field's prefix and, unprefixed, among the words every plain query searches.
void add_declared_fields(Xapian::Document& doc, Xapian::TermGenerator& terms, const Story& story,
                         const UserFields& fields) {
  for (const auto& [name, value] : story.fields) {
    const UserField* field = fields.find(name);
    if (field == nullptr) continue;
    const Xapian::valueno slot = schema::field_slot(*field);
    switch (field->type) {
      case FieldType::kKeyword:
        doc.add_boolean_term(schema::keyword_term(*field, value));
        doc.add_value(slot, value);
        break;
      case FieldType::kNumber: doc.add_value(slot, Xapian::sortable_serialise(std::strtod(value.c_str(), nullptr))); break;
      case FieldType::kDate:
        if (const auto date = Date::from_stored(value)) doc.add_value(slot, date->yyyymmdd());
        break;
      case FieldType::kText:
        terms.index_text(value, schema::kBodyWdf, schema::text_prefix(*field));
        terms.increase_termpos();
        terms.index_text_without_positions(value, schema::kBodyWdf);
        break;
    }
  }
}

std::string fresh_commit_token() {
  std::random_device random;
  char token[17];
  std::snprintf(token, sizeof token, "%08x%08x", random(), random());
  return token;
}

Xapian::WritableDatabase open_writable(const std::filesystem::path& path, ShardWriter::Mode mode) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) throw IndexError(path.string() + ": cannot create its folder: " + ec.message());
  try {
    const int sync = mode == ShardWriter::Mode::kBulk ? Xapian::DB_NO_SYNC : 0;
    return Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE_OR_OPEN | sync);
  } catch (const Xapian::DatabaseLockError&) {
    throw IndexError(path.string() + ": locked by another indexer; wait for it to finish");
  } catch (const Xapian::Error&) {
    throw_index_error(path, "cannot open for writing");
  }
}

// The first error in the report of Xapian's check, after the name of its table
// ("docdata: Error unpacking docid from key"). The report's other lines are
// headers ("docdata:") and findings ("... checked OK", "... errors found: 1").
std::string first_check_error(const std::string& report) {
  std::istringstream lines(report);
  std::string table;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    if (line.back() == ':' && line.find(' ') == std::string::npos) {
      table = line;
    } else if (line.find("checked OK") == std::string::npos && line.find("errors found") == std::string::npos &&
               line.find("not implemented") == std::string::npos && line.find("Lazily created") == std::string::npos) {
      return table + " " + line;
    }
  }
  return "run xapian-check for the details";
}

}  // namespace

void throw_index_error(const std::filesystem::path& path, const std::string& what) {
  try {
    throw;
  } catch (const Xapian::DatabaseCorruptError& e) {
    throw IndexError(damaged_index_message(path, what + ": " + e.get_description()));
  } catch (const Xapian::DatabaseModifiedError& e) {
    throw IndexError(damaged_index_message(path, what + ": " + e.get_description()));
  } catch (const Xapian::Error& e) {
    throw IndexError(path.string() + ": " + what + ": " + e.get_description());
  }
}

void check_not_damaged(const std::filesystem::path& path) {
  std::ostringstream report;
  std::size_t errors = 0;
  try {
    errors = Xapian::Database::check(path.string(), 0, &report);
  } catch (const Xapian::Error& e) {
    throw IndexError(damaged_index_message(path, "Xapian's check: " + e.get_description()));
  }
  if (errors > 0) {
    throw IndexError(damaged_index_message(
        path, "Xapian's check found " + std::to_string(errors) + " error(s), the first: " + first_check_error(report.str())));
  }
}

std::string source_term(std::string_view relative_path) {
  return std::string(schema::kSourcePrefix) + hex64(content_hash(relative_path));
}

std::string story_content_hash(std::string_view stored_form, const std::vector<std::string>& sources) {
  ContentHasher hasher;
  hasher.update(stored_form);
  for (const std::string& source : sources) {
    hasher.update("\n");
    hasher.update(source);
  }
  return hex64(hasher.digest());
}

StoryDocument make_document(const StoryRecord& record, const std::vector<std::string>& sources,
                            const UserFields& fields) {
  const Story& story = record.story;
  StoryDocument out{.id = story.id};
  Xapian::Document& doc = out.document;
  Xapian::TermGenerator terms;
  terms.set_stemmer(thread_english_stemmer());
  terms.set_document(doc);

  index_field(terms, story.title, schema::kTitle, schema::kTitleWdf);
  for (const std::string& paragraph : story.paragraphs) index_field(terms, paragraph, schema::kBody, schema::kBodyWdf);
  for (const std::string& bullet : story.bullets) index_field(terms, bullet, schema::kWhy, schema::kWhyWdf);
  add_all_fields_terms(doc);
  // After the all-fields terms: a text field's unprefixed words are its share of them.
  add_declared_fields(doc, terms, story, fields);

  doc.add_boolean_term(schema::id_term(story.id));
  for (const std::string& company : story.companies) doc.add_boolean_term(schema::company_term(company));
  for (const TopicScore& topic : story.topics) doc.add_boolean_term(schema::topic_term(topic.name));
  if (!story.companies.empty()) doc.add_value(schema::kCompaniesSlot, schema::join_list(story.companies));
  std::vector<std::string> topic_names;
  for (const TopicScore& topic : story.topics) topic_names.push_back(topic.name);
  if (!topic_names.empty()) doc.add_value(schema::kTopicsSlot, schema::join_list(topic_names));
  for (const std::string& source : sources) doc.add_boolean_term(source_term(source));
  if (record.issue) {
    doc.add_boolean_term(schema::issue_term(*record.issue));
    doc.add_value(schema::kIssueSlot, Xapian::sortable_serialise(*record.issue));
  }
  if (record.date) {
    // A story dated by month or year alone has no day or month term: it filters
    // as that month or year, and a span that covers only part of it leaves it out.
    const std::string day = record.date->yyyymmdd();
    if (record.date->has_day()) doc.add_boolean_term(std::string(schema::kDay.prefix) + day);
    if (record.date->has_month()) doc.add_boolean_term(std::string(schema::kMonth.prefix) + day.substr(0, 6));
    doc.add_boolean_term(std::string(schema::kYear.prefix) + day.substr(0, 4));
    doc.add_value(schema::kDateSlot, day);
  }
  doc.add_value(schema::kStorySlot, Xapian::sortable_serialise(story.number));
  doc.add_value(schema::kOrderSlot, order_key(record));
  doc.add_value(schema::kNewestSlot, newest_key(record));
  std::string data = encode_stored_story(record);
  out.content_hash = story_content_hash(data, sources);
  doc.add_value(schema::kHashSlot, schema::hash_value(out.content_hash, story.id));
  doc.set_data(std::move(data));
  return out;
}

ShardWriter::ShardWriter(const std::filesystem::path& path, Mode mode)
    : path_(path), mode_(mode), db_(open_writable(path, mode)) {
  // Everything up to commit() is one transaction: if the run fails or is killed,
  // it is discarded and readers keep the previous revision. Xapian still writes
  // postings to disk at its flush threshold inside it.
  if (mode_ == Mode::kTransaction) db_.begin_transaction();
}

void ShardWriter::fail(const std::string& what) const {
  try {
    throw_index_error(path_, what);
  } catch (const IndexError& e) {
    if (mode_ != Mode::kTransaction) throw;
    // Xapian writes blocks before the commit too, so a full disk may stop any write.
    throw IndexError(std::string(e.what()) + "; the database keeps its last committed revision");
  }
}

void ShardWriter::add(StoryDocument story) {
  try {
    db_.add_document(story.document);
  } catch (const Xapian::Error&) {
    fail("cannot add story " + story.id);
  }
}

void ShardWriter::replace(StoryDocument story) {
  try {
    db_.replace_document(schema::id_term(story.id), story.document);
  } catch (const Xapian::Error&) {
    fail("cannot replace story " + story.id);
  }
}

void ShardWriter::remove(const std::string& story_id) {
  try {
    db_.delete_document(schema::id_term(story_id));
  } catch (const Xapian::Error&) {
    fail("cannot delete story " + story_id);
  }
}

void ShardWriter::set_metadata(std::string_view key, const std::string& value) {
  try {
    db_.set_metadata(std::string(key), value);
  } catch (const Xapian::Error&) {
    fail("cannot write its " + std::string(key));
  }
}

std::string ShardWriter::metadata(std::string_view key) const {
  try {
    return db_.get_metadata(std::string(key));
  } catch (const Xapian::Error&) {
    fail("cannot read its " + std::string(key));
  }
}

void ShardWriter::for_each_stored(const std::function<void(std::string_view, std::string_view)>& visit) const {
  try {
    for (auto it = db_.valuestream_begin(schema::kHashSlot); it != db_.valuestream_end(schema::kHashSlot); ++it) {
      const std::string value = *it;
      const schema::HashValue parts = schema::split_hash_value(value);
      visit(parts.story_id, parts.content_hash);
    }
  } catch (const Xapian::Error&) {
    fail("cannot read the stored stories");
  }
}

std::vector<std::string> ShardWriter::ids_from_source(std::string_view relative_path) const {
  std::vector<std::string> ids;
  const std::string term = source_term(relative_path);
  try {
    for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) {
      const std::string value = db_.get_document(*it).get_value(schema::kHashSlot);
      ids.emplace_back(schema::split_hash_value(value).story_id);
    }
  } catch (const Xapian::Error&) {
    fail("cannot read the stories of " + std::string(relative_path));
  }
  return ids;
}

void ShardWriter::refresh_spelling(const std::vector<const ShardWriter*>& shards) {
  std::vector<Xapian::Database> readers;
  for (const ShardWriter* shard : shards) readers.push_back(shard->db_);  // the writer itself, not a fresh reader
  try {
    update_spelling_table(readers, db_);
  } catch (const Xapian::Error&) {
    fail("cannot write the spelling table");
  }
}

void ShardWriter::commit() {
  try {
    db_.set_metadata(std::string(schema::kSchemaVersionKey), std::to_string(schema::kSchemaVersion));
    db_.set_metadata(std::string(schema::kCommitKey), fresh_commit_token());
    if (mode_ == Mode::kTransaction) {
      db_.commit_transaction();
    } else {
      db_.commit();
      db_.close();
      sync_to_disk(path_);
    }
  } catch (const Xapian::Error&) {
    fail("commit failed");
  }
}

void sync_to_disk(const std::filesystem::path& folder) {
  std::error_code ec;
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder, ec)) paths.push_back(entry.path());
  paths.push_back(folder);
  if (ec) throw IndexError(folder.string() + ": cannot list to sync: " + ec.message());
  for (const auto& path : paths) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    const bool synced = fd >= 0 && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    if (!synced) throw IndexError(path.string() + ": cannot sync to disk: " + std::strerror(errno));
  }
}

}  // namespace scatter
