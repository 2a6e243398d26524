// The index schema, in one place: every term prefix, value slot and metadata key
// the indexer writes and the engine reads. Prefixes follow Xapian's conventions
// (Q for the unique id, S for the title, X... for our own). Values stored in an
// index are on disk: never renumber a slot or change a prefix without raising
// kSchemaVersion.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scatter::schema {

inline constexpr int kSchemaVersion = 9;  // 2: topics; 3: content hashes, order key, shards; 4: spelling, synonyms;
                                          // 5: company and topic slots for facets; 6: all-fields terms;
                                          // 7: word pairs; 8: newest-first key, commit token;
                                          // 9: declared fields (fields.json), JSON Lines ids kept

// A user-visible field and the term prefix it is indexed under. Free-text fields
// are indexed only under their prefix; a plain query searches all of them.
struct Field {
  std::string_view name;    // what a query or filter calls it
  std::string_view prefix;  // Xapian term prefix
  bool boolean;             // filter term (exact value) rather than free text
};

inline constexpr Field kTitle{"title", "S", false};
inline constexpr Field kBody{"body", "XB", false};
inline constexpr Field kWhy{"why", "XW", false};          // the "Why it matters" bullets
inline constexpr Field kCompany{"company", "XC", true};   // lower-cased canonical name
inline constexpr Field kTopic{"topic", "XT", true};       // lower-cased topic name
inline constexpr Field kIssue{"issue", "XI", true};       // issue number in decimal
inline constexpr Field kDay{"date", "D", true};           // YYYYMMDD
inline constexpr Field kMonth{"month", "M", true};        // YYYYMM
inline constexpr Field kYear{"year", "Y", true};          // YYYY
inline constexpr Field kFields[] = {kTitle, kBody, kWhy, kCompany, kTopic, kIssue, kDay, kMonth, kYear};

// The three text fields as one: a word as TermGenerator writes it, unprefixed
// ("model"), and its English stem as "Z" + stem ("Zmodel"), with the summed
// wdf of the fields and no positions. What a plain query's words search.
// all_fields_term("XBmodels") is "models", of "ZSmodel" "Zmodel"; nullopt for a
// term of no text field (filters, ids, an all-fields term itself).
std::optional<std::string> all_fields_term(std::string_view field_term);
inline constexpr std::string_view kStemPrefix = "Z";

// Two words that stand next to each other in a text field, as one boolean term
// (no wdf, so no document length changes, and no positions): "XPlarge language".
// A phrase can only match a story that has each of its adjacent pairs, so the
// engine ANDs them into the phrase as a filter. Xapian then walks the rare pair
// terms and checks positions only where every pair is, rather than checking
// positions for every story that has all the phrase's (common) words.
inline constexpr std::string_view kWordPairPrefix = "XP";
std::string word_pair_term(std::string_view first, std::string_view second);

inline constexpr std::string_view kIdPrefix = "Q";        // one per document: the story id
inline constexpr std::string_view kSourcePrefix = "XF";   // hash of an archive file the story was read from

// Within-document frequency added per occurrence, by field: a word in the title
// counts as much as three in the body, a bullet word as two. BM25 turns these
// into the field weighting users see as "title matches first".
inline constexpr Xapian::termcount kTitleWdf = 3;
inline constexpr Xapian::termcount kWhyWdf = 2;
inline constexpr Xapian::termcount kBodyWdf = 1;

enum Slot : Xapian::valueno {
  kDateSlot = 0,    // YYYYMMDD as text: sorts and range-filters as a string
  kIssueSlot = 1,   // Xapian::sortable_serialise(issue number)
  kStorySlot = 2,   // Xapian::sortable_serialise(story number)
  kHashSlot = 3,    // content hash (16 hex digits) then the story id: what an incremental run compares
  kOrderSlot = 4,   // date, issue, story, id: breaks ties in relevance the same way in any layout
  kCompaniesSlot = 5,  // canonical company names as written, joined by kListSeparator: facet counts
  kTopicsSlot = 6,     // topic names, joined by kListSeparator: facet counts
  // Date, issue and story as ascending order reads newest first (stories of an
  // issue still in reading order), then the id. Sorting by one slot, not by a
  // KeyMaker, is what Xapian's remote backend can do (shards on other hosts).
  kNewestSlot = 7,
  // kFirstFieldSlot + n: the n-th field of fields.json (fields/user_fields.h).
  kFirstFieldSlot = 32,
};
// Terms of declared fields: "XK" + name + ":" + lower-cased keyword value;
// "XX" + name + ":" the prefix of a text field's words.

// Joins the names in a list slot. A match spy reads one value per story, which
// is far cheaper than walking a story's terms to count its companies.
inline constexpr char kListSeparator = '\x1f';
std::string join_list(const std::vector<std::string>& names);
std::vector<std::string_view> split_list(std::string_view value);

// Database metadata keys.
inline constexpr std::string_view kSchemaVersionKey = "scatter.schema_version";
inline constexpr std::string_view kCompaniesKey = "scatter.companies";  // gazetteer JSON
inline constexpr std::string_view kTopicsKey = "scatter.topics";        // taxonomy JSON
inline constexpr std::string_view kSynonymsKey = "scatter.synonyms";    // synonyms file text (query/synonyms.h)
inline constexpr std::string_view kFieldsKey = "scatter.fields";        // declared fields JSON (fields/user_fields.h)
// A fresh random token at every commit of a shard: what tells a reader of a
// remote shard (which gives no revision number) that the shard has changed.
inline constexpr std::string_view kCommitKey = "scatter.commit";
// Written to the first shard only, by the run that committed it:
inline constexpr std::string_view kFilesKey = "scatter.files";          // {"relative path": "content hash"}
inline constexpr std::string_view kConfigKey = "scatter.config";        // hash of what shapes documents
inline constexpr std::string_view kWarningsKey = "scatter.warnings";    // that run's warnings, JSON array
inline constexpr std::string_view kIssuesKey = "scatter.issues";        // that run's count of issues

// The spelling table holds the words of the text fields (index/spelling.h), in
// the first shard. The document data is the stored story, as JSON (see
// index/stored_story.h).

std::string id_term(std::string_view story_id);
std::string company_term(std::string_view canonical_name);
std::string topic_term(std::string_view topic_name);
std::string issue_term(int issue_number);

// The shard a story lives in, for a sharded index of `shards` shards. Stable
// across runs and versions of this schema: an incremental run finds a story
// where the last run put it.
std::size_t shard_of(std::string_view story_id, std::size_t shards);

// The kHashSlot value and its parts.
std::string hash_value(std::string_view content_hash_hex, std::string_view story_id);
struct HashValue {
  std::string_view content_hash;
  std::string_view story_id;
};
HashValue split_hash_value(std::string_view value);

}  // namespace scatter::schema
