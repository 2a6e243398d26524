#include "query/query_syntax.h"

#include <cctype>
#include <stdexcept>

namespace scatter::query {
namespace {

struct Token {
  enum class Type { kWord, kPrefix, kPhrase, kField, kOpen, kClose, kAnd, kOr, kNot, kEnd };
  Type type = Type::kEnd;
  Node::Mark mark = Node::Mark::kNone;
  std::string text{};   // word, phrase words, or field value
  std::string field{};  // kField: lower-cased name
  bool quoted = false;  // kField: the value was quoted
};

struct SyntaxError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Typographic quotes count as quotes: people paste from the newsletter.
std::size_t quote_length(std::string_view text, std::size_t i) {
  if (text[i] == '"') return 1;
  if (text.substr(i, 3) == "\xE2\x80\x9C" || text.substr(i, 3) == "\xE2\x80\x9D") return 3;
  return 0;
}

bool ends_word(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  return is_space(c) || c == '(' || c == ')' || quote_length(text, i) > 0;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Letters, then letters, digits or '_': built-in names and those fields.json may declare.
bool is_field_name(std::string_view name) {
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  for (const char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> tokens() {
    std::vector<Token> out;
    while (true) {
      Token token = next();
      const bool end = token.type == Token::Type::kEnd;
      out.push_back(std::move(token));
      if (end) return out;
    }
  }

 private:
  Token next() {
    while (pos_ < text_.size() && is_space(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    if (pos_ >= text_.size()) return {};
    Token token;
    if (text_[pos_] == '+' || text_[pos_] == '-') {
      token.mark = text_[pos_] == '+' ? Node::Mark::kRequired : Node::Mark::kExcluded;
      ++pos_;
      if (pos_ >= text_.size() || is_space(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == ')') {
        throw SyntaxError(std::string("'") + (token.mark == Node::Mark::kRequired ? '+' : '-') +
                          "' has nothing after it");
      }
    }
    const char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      token.type = Token::Type::kOpen;
      return token;
    }
    if (c == ')') {
      if (token.mark != Node::Mark::kNone) throw SyntaxError("'+' or '-' before ')'");
      ++pos_;
      token.type = Token::Type::kClose;
      return token;
    }
    if (const std::size_t q = quote_length(text_, pos_); q > 0) {
      pos_ += q;
      token.type = Token::Type::kPhrase;
      token.text = quoted();
      return token;
    }
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !ends_word(text_, pos_)) ++pos_;
    std::string_view word = text_.substr(start, pos_ - start);
    if (const std::size_t colon = word.find(':'); colon != std::string_view::npos && colon > 0 &&
                                                  is_field_name(word.substr(0, colon))) {
      token.type = Token::Type::kField;
      token.field = lower_ascii(word.substr(0, colon));
      token.text = std::string(word.substr(colon + 1));
      if (token.text.empty()) {
        if (pos_ < text_.size() && quote_length(text_, pos_) > 0) {
          pos_ += quote_length(text_, pos_);
          token.text = quoted();
          token.quoted = true;
        } else {
          throw SyntaxError(token.field + ": has no value after it");
        }
      }
      return token;
    }
    if (token.mark == Node::Mark::kNone) {
      const std::string upper = [&] {
        std::string u(word);
        for (char& ch : u) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        return u;
      }();
      if (upper == "AND" || upper == "&&") return Token{.type = Token::Type::kAnd};
      if (upper == "OR" || upper == "||") return Token{.type = Token::Type::kOr};
      if (upper == "NOT") return Token{.type = Token::Type::kNot};
    }
    if (word.size() > 1 && word.back() == '*') {
      token.type = Token::Type::kPrefix;
      word.remove_suffix(1);
    } else {
      token.type = Token::Type::kWord;
    }
    token.text = std::string(word);
    return token;
  }

  // The text up to the closing quote, which must be there.
  std::string quoted() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && quote_length(text_, pos_) == 0) ++pos_;
    if (pos_ >= text_.size()) throw SyntaxError("a quote is not closed");
    std::string phrase(text_.substr(start, pos_ - start));
    pos_ += quote_length(text_, pos_);
    return phrase;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Node parse() {
    if (peek().type == Token::Type::kEnd) return Node{.kind = Node::Kind::kSequence};
    Node root = or_expr();
    if (peek().type == Token::Type::kClose) throw SyntaxError("a ')' has no '(' before it");
    if (peek().type != Token::Type::kEnd) throw SyntaxError("unexpected text at the end");
    return root;
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }
  Token take() { return tokens_[pos_++]; }

  Node or_expr() {
    if (++depth_ > kMaxDepth) throw SyntaxError("parentheses nested more than " + std::to_string(kMaxDepth) + " deep");
    Node first = and_expr("OR");
    Node node{.kind = Node::Kind::kOr};
    node.children.push_back(std::move(first));
    while (peek().type == Token::Type::kOr) {
      take();
      node.children.push_back(and_expr("OR"));
    }
    --depth_;
    if (node.children.size() == 1) return std::move(node.children.front());
    return node;
  }

  // `after`: the operator that came before, named when nothing follows it.
  Node and_expr(const char* after) {
    Node first = sequence(after);
    if (peek().type != Token::Type::kAnd) return first;
    Node node{.kind = Node::Kind::kAnd};
    node.children.push_back(std::move(first));
    while (peek().type == Token::Type::kAnd) {
      take();
      node.children.push_back(sequence("AND"));
    }
    return node;
  }

  // `after` names the operator before it, for the message when nothing follows.
  Node sequence(const char* after) {
    Node node{.kind = Node::Kind::kSequence};
    while (true) {
      const Token::Type type = peek().type;
      if (type == Token::Type::kEnd || type == Token::Type::kClose || type == Token::Type::kAnd ||
          type == Token::Type::kOr) {
        break;
      }
      node.children.push_back(unary());
    }
    if (node.children.empty()) {
      const Token::Type type = peek().type;
      if (type == Token::Type::kAnd || type == Token::Type::kOr) {
        throw SyntaxError(std::string(type == Token::Type::kAnd ? "AND" : "OR") + " needs words on both sides");
      }
      if (pos_ > 0 && tokens_[pos_ - 1].type == Token::Type::kOpen) throw SyntaxError("'()' holds nothing");
      throw SyntaxError(std::string(after) + " needs words on both sides");
    }
    if (node.children.size() == 1) return std::move(node.children.front());
    return node;
  }

  Node unary() {
    if (peek().type == Token::Type::kNot) {
      take();
      const Token::Type type = peek().type;
      if (type == Token::Type::kEnd || type == Token::Type::kClose || type == Token::Type::kAnd ||
          type == Token::Type::kOr || type == Token::Type::kNot) {
        throw SyntaxError("NOT needs words after it");
      }
      Node node = atom();
      node.mark = Node::Mark::kExcluded;
      return node;
    }
    return atom();
  }

  Node atom() {
    Token token = take();
    Node node{.mark = token.mark};
    switch (token.type) {
      case Token::Type::kOpen: {
        const Node::Mark mark = token.mark;
        node = or_expr();
        if (peek().type != Token::Type::kClose) throw SyntaxError("a '(' is not closed");
        take();
        if (mark != Node::Mark::kNone) {
          // -(a b) marks the group as a whole: wrap it so that its own marks stay.
          Node group{.kind = Node::Kind::kSequence, .mark = mark};
          group.children.push_back(std::move(node));
          return group;
        }
        return node;
      }
      case Token::Type::kWord:
        node.kind = Node::Kind::kWord;
        node.text = std::move(token.text);
        return node;
      case Token::Type::kPrefix:
        node.kind = Node::Kind::kPrefix;
        node.text = std::move(token.text);
        return node;
      case Token::Type::kPhrase:
        node.kind = Node::Kind::kPhrase;
        node.text = std::move(token.text);
        return node;
      case Token::Type::kField:
        node.kind = Node::Kind::kField;
        node.field = std::move(token.field);
        node.text = std::move(token.text);
        node.quoted = token.quoted;
        return node;
      default:
        throw SyntaxError("unexpected operator");
    }
  }

  // A query is a line of text, not a program: deeper nesting is a mistake, and
  // unbounded recursion would exhaust the stack.
  static constexpr int kMaxDepth = 64;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

bool ends_in_space(std::string_view text) {
  return !text.empty() && is_space(static_cast<unsigned char>(text.back()));
}

// The last word of the tree, if it is a plain word typed last.
Node* last_word(Node& node) {
  if (node.kind == Node::Kind::kWord && node.field.empty()) return &node;
  if ((node.kind == Node::Kind::kSequence || node.kind == Node::Kind::kAnd || node.kind == Node::Kind::kOr) &&
      !node.children.empty()) {
    return last_word(node.children.back());
  }
  return nullptr;
}

void mark_prefix(Node& root, std::string_view text, const ParseOptions& options) {
  if (!options.last_word_is_prefix || ends_in_space(text)) return;
  if (!text.empty() && (text.back() == ')' || text.back() == '"' || text.ends_with("\xE2\x80\x9C") ||
                        text.ends_with("\xE2\x80\x9D"))) {
    return;
  }
  if (Node* word = last_word(root); word != nullptr) word->kind = Node::Kind::kPrefix;
}

}  // namespace

Node plain_reading(std::string_view text, const ParseOptions& options) {
  Node root{.kind = Node::Kind::kSequence};
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (ends_word(text, i) || text[i] == '+' || text[i] == '-' || text[i] == '*' ||
                               text[i] == ':')) {
      i += std::max<std::size_t>(1, quote_length(text, i));
    }
    const std::size_t start = i;
    while (i < text.size() && !ends_word(text, i) && text[i] != ':' && text[i] != '*') ++i;
    if (i > start) root.children.push_back(Node{.kind = Node::Kind::kWord, .text = std::string(text.substr(start, i - start))});
  }
  mark_prefix(root, text, options);
  return root;
}

ParseOutcome parse(std::string_view text, const ParseOptions& options) {
  try {
    ParseOutcome outcome{Parser(Lexer(text).tokens()).parse(), ""};
    mark_prefix(outcome.root, text, options);
    return outcome;
  } catch (const SyntaxError& e) {
    return {plain_reading(text, options), e.what()};
  }
}

}  // namespace scatter::query
