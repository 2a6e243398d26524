#include "index/spelling.h"

#include "index/index_writer.h"
#include "schema/schema.h"

#include <xapian.h>

#include <cctype>
#include <map>

namespace scatter {
namespace {

// Words worth correcting to: letters first (not "12b" or "1.5"), and long
// enough that a one-letter change is not a different word.
bool is_spelling_word(std::string_view word) {
  return word.size() >= 3 && !std::isdigit(static_cast<unsigned char>(word[0])) &&
         word.find_first_of(".'") == std::string_view::npos;
}

}  // namespace

void update_spelling_table(const std::vector<Xapian::Database>& shards, Xapian::WritableDatabase& first_shard) {
  std::map<std::string, Xapian::doccount> wanted;
  for (const Xapian::Database& shard : shards) {
    for (const schema::Field& field : {schema::kTitle, schema::kBody, schema::kWhy}) {
      const std::string prefix(field.prefix);
      for (auto term = shard.allterms_begin(prefix); term != shard.allterms_end(prefix); ++term) {
        const std::string word = (*term).substr(prefix.size());
        // "XB" also lists "XBx..." of no other field today; a capital would mean another prefix.
        if (word.empty() || std::isupper(static_cast<unsigned char>(word[0])) || !is_spelling_word(word)) continue;
        wanted[word] += term.get_termfreq();  // a story is in one shard: frequencies add up
      }
    }
  }
  std::map<std::string, Xapian::termcount> present;
  for (auto it = first_shard.spellings_begin(); it != first_shard.spellings_end(); ++it) {
    present.emplace(*it, it.get_termfreq());
  }
  for (const auto& [word, frequency] : present) {
    const auto want = wanted.find(word);
    const Xapian::termcount target = want == wanted.end() ? 0 : want->second;
    if (target < frequency) first_shard.remove_spelling(word, frequency - target);
  }
  for (const auto& [word, frequency] : wanted) {
    const auto have = present.find(word);
    const Xapian::termcount current = have == present.end() ? 0 : have->second;
    if (frequency > current) first_shard.add_spelling(word, frequency - current);
  }
}

void refresh_spelling(const std::filesystem::path& index, const std::filesystem::path& first_shard) {
  try {
    const std::vector<Xapian::Database> shards = {Xapian::Database(index.string())};
    Xapian::WritableDatabase db(first_shard.string(), Xapian::DB_OPEN);
    update_spelling_table(shards, db);
    db.commit();
  } catch (const Xapian::Error& e) {
    throw IndexError(first_shard.string() + ": cannot write the spelling table: " + e.get_description());
  }
}

}  // namespace scatter
