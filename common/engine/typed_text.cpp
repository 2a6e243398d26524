#include "engine/typed_text.h"

#include "query/indexed_words.h"
#include "text/utf8.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace scatter {
namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Typographic quotes count, as in the query language: people paste them.
constexpr std::array<std::string_view, 3> kQuotes = {"\"", "\xE2\x80\x9C", "\xE2\x80\x9D"};

std::size_t quote_starting(std::string_view text) {
  for (const std::string_view quote : kQuotes) {
    if (text.starts_with(quote)) return quote.size();
  }
  return 0;
}

std::size_t quote_ending(std::string_view text) {
  for (const std::string_view quote : kQuotes) {
    if (text.ends_with(quote)) return quote.size();
  }
  return 0;
}

bool is_operator(std::string_view token) {
  std::string upper(token);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper == "AND" || upper == "OR" || upper == "NOT" || upper == "&&" || upper == "||";
}

// The words typed side by side that the word being typed may continue.
struct Run {
  std::vector<std::string> words{};
  std::string field{};
  std::size_t field_before_end = 0;  // just after the field's colon
  std::size_t value_start = 0;       // where the field's value begins
  bool in_quote = false;
  bool sealed = false;  // a field, a mark or a closing quote ends the run at this token
};

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  TypedText read() {
    std::size_t pos = 0;
    while (pos < text_.size()) {
      if (is_space(text_[pos])) {
        ++pos;
        continue;
      }
      std::size_t end = pos;
      while (end < text_.size() && !is_space(text_[end])) ++end;
      token(pos, end);
      pos = end;
    }
    return finish();
  }

 private:
  void token(std::size_t at, std::size_t end) {
    if (run_.sealed) run_ = Run{};
    bool excluded = false, standalone = false;
    if (!run_.in_quote) {
      if (is_operator(text_.substr(at, end - at))) {
        run_ = Run{};
        return;
      }
      for (; at < end && text_[at] == '('; ++at) run_ = Run{};
      if (at < end && (text_[at] == '+' || text_[at] == '-')) {
        excluded = text_[at] == '-';
        standalone = true;
        run_ = Run{};
        ++at;
      }
      const std::size_t colon = text_.find(':', at);
      const bool field_here = colon < end && colon > at && is_query_field(text_.substr(at, colon - at));
      if (field_here) {
        run_ = Run{
            .field = to_lower(text_.substr(at, colon - at)), .field_before_end = colon + 1, .value_start = colon + 1};
        standalone = true;
        at = colon + 1;
      }
      if (const std::size_t quote = quote_starting(text_.substr(at, end - at)); quote > 0) {
        if (!field_here) run_ = Run{};
        at += quote;
        run_.in_quote = true;
        run_.value_start = at;
      }
    }
    std::size_t value_end = end;
    bool closes = false;
    for (bool stripped = true; stripped && value_end > at;) {
      stripped = false;
      if (text_[value_end - 1] == ')' && !run_.in_quote) --value_end, stripped = closes = true;
      const std::size_t quote = run_.in_quote ? quote_ending(text_.substr(at, value_end - at)) : 0;
      if (quote > 0) value_end -= quote, stripped = closes = true, run_.in_quote = false;
    }
    const std::vector<std::string> words = query::indexed_words(text_.substr(at, value_end - at));
    run_.words.insert(run_.words.end(), words.begin(), words.end());
    // A title is asked for the words a reader means as words, not as names of a company or dates.
    if (run_.field.empty() || run_.field == "title") {
      std::vector<std::string>& to = excluded ? excluded_ : words_;
      to.insert(to.end(), words.begin(), words.end());
    }
    run_.sealed = closes || (standalone && !run_.in_quote);
  }

  TypedText finish() const {
    TypedText out{.words = words_, .excluded = excluded_};
    if (run_.words.empty() || text_.empty() || is_space(text_.back())) return out;
    const std::string& last = run_.words.back();
    if (text_.size() < last.size() || to_lower(text_.substr(text_.size() - last.size())) != last) return out;
    out.word = last;
    out.before = std::string(text_.substr(0, text_.size() - last.size()));
    out.field = run_.field;
    out.in_open_quote = run_.in_quote;
    const std::size_t phrase_end = run_.words.size() - 1;
    out.phrase.assign(run_.words.begin() + static_cast<long>(phrase_end - std::min(phrase_end, kPhraseWords)),
                      run_.words.begin() + static_cast<long>(phrase_end));
    if (!run_.field.empty()) {
      out.field_before = std::string(text_.substr(0, run_.field_before_end));
      out.field_value = to_lower(trim(text_.substr(run_.value_start)));
    }
    return out;
  }

  std::string_view text_;
  Run run_{};
  std::vector<std::string> words_{}, excluded_{};
};

}  // namespace

bool is_query_field(std::string_view name) {
  static constexpr std::array<std::string_view, 10> kFields = {"title", "body", "why",   "company", "topic",
                                                               "issue", "date", "after", "before",  "year"};
  const std::string lower = to_lower(name);
  return std::find(kFields.begin(), kFields.end(), lower) != kFields.end();
}

TypedText read_typed(std::string_view typed) {
  while (!typed.empty() && is_space(typed.front())) typed.remove_prefix(1);
  return Reader(typed).read();
}

}  // namespace scatter
