#include "schema/schema.h"

#include "text/utf8.h"

namespace scatter::schema {

std::string id_term(std::string_view story_id) {
  return std::string(kIdPrefix) + std::string(story_id);
}

std::string company_term(std::string_view canonical_name) {
  return std::string(kCompany.prefix) + to_lower(canonical_name);
}

std::string topic_term(std::string_view topic_name) {
  return std::string(kTopic.prefix) + to_lower(topic_name);
}

std::string issue_term(int issue_number) {
  return std::string(kIssue.prefix) + std::to_string(issue_number);
}

}  // namespace scatter::schema
