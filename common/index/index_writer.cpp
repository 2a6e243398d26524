#include "index/index_writer.h"

#include "index/stored_story.h"
#include "schema/schema.h"

#include <xapian.h>

namespace scatter {
namespace {

void index_field(Xapian::TermGenerator& terms, const std::string& text, const schema::Field& field,
                 Xapian::termcount wdf) {
  terms.index_text(text, wdf);
  terms.index_text(text, 1, std::string(field.prefix));
  // A gap in positions keeps phrases from spanning two paragraphs or fields.
  terms.increase_termpos();
}

Xapian::WritableDatabase open_writable(const std::filesystem::path& path, bool& rebuilt) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) throw IndexError(path.string() + ": cannot create its folder: " + ec.message());
  try {
    Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OPEN);
    const std::string version = db.get_metadata(std::string(schema::kSchemaVersionKey));
    if (version.empty() && db.get_doccount() > 0) {
      throw IndexError(path.string() + ": a Xapian database this indexer did not write; "
                                       "refusing to change it (choose another --db)");
    }
    if (!version.empty() && version != std::to_string(schema::kSchemaVersion)) {
      db.close();
      rebuilt = true;
      return Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    }
    return db;
  } catch (const Xapian::DatabaseLockError&) {
    throw IndexError(path.string() + ": locked by another indexer; wait for it to finish");
  } catch (const Xapian::Error& e) {
    throw IndexError(path.string() + ": cannot open for writing: " + e.get_description());
  }
}

}  // namespace

Xapian::Document make_document(const StoryRecord& record) {
  const Story& story = record.story;
  Xapian::Document doc;
  Xapian::TermGenerator terms;
  terms.set_stemmer(Xapian::Stem("english"));
  terms.set_document(doc);

  index_field(terms, story.title, schema::kTitle, schema::kTitleWdf);
  for (const std::string& paragraph : story.paragraphs) index_field(terms, paragraph, schema::kBody, schema::kBodyWdf);
  for (const std::string& bullet : story.bullets) index_field(terms, bullet, schema::kWhy, schema::kWhyWdf);

  doc.add_boolean_term(schema::id_term(story.id));
  for (const std::string& company : story.companies) doc.add_boolean_term(schema::company_term(company));
  for (const TopicScore& topic : story.topics) doc.add_boolean_term(schema::topic_term(topic.name));
  if (record.issue) {
    doc.add_boolean_term(schema::issue_term(*record.issue));
    doc.add_value(schema::kIssueSlot, Xapian::sortable_serialise(*record.issue));
  }
  if (record.date) {
    const std::string day = record.date->yyyymmdd();
    doc.add_boolean_term(std::string(schema::kDay.prefix) + day);
    doc.add_boolean_term(std::string(schema::kMonth.prefix) + day.substr(0, 6));
    doc.add_boolean_term(std::string(schema::kYear.prefix) + day.substr(0, 4));
    doc.add_value(schema::kDateSlot, day);
  }
  doc.add_value(schema::kStorySlot, Xapian::sortable_serialise(story.number));
  doc.set_data(encode_stored_story(record));
  return doc;
}

IndexWriter::IndexWriter(const std::filesystem::path& db) : path_(db), db_(open_writable(db, rebuilt_)) {
  // Everything up to commit() is one transaction: if the run fails or is killed,
  // the destructor discards it and readers keep the previous revision.
  db_.begin_transaction();
}

void IndexWriter::add(const StoryRecord& record) {
  try {
    db_.replace_document(schema::id_term(record.story.id), make_document(record));
  } catch (const Xapian::Error& e) {
    throw IndexError(path_.string() + ": cannot add story " + record.story.id + ": " + e.get_description());
  }
}

void IndexWriter::set_gazetteer(const Gazetteer& gazetteer) {
  db_.set_metadata(std::string(schema::kCompaniesKey), gazetteer.to_json());
}

void IndexWriter::set_topics(const TopicTagger& topics) {
  db_.set_metadata(std::string(schema::kTopicsKey), topics.to_json());
}

void IndexWriter::commit() {
  try {
    db_.set_metadata(std::string(schema::kSchemaVersionKey), std::to_string(schema::kSchemaVersion));
    db_.commit_transaction();
  } catch (const Xapian::Error& e) {
    throw IndexError(path_.string() + ": commit failed: " + e.get_description());
  }
}

}  // namespace scatter
