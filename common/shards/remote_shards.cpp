#include "shards/remote_shards.h"

#include "archive/diagnostics.h"

#include <charconv>
#include <fstream>
#include <stdexcept>

namespace scatter::shards {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

Endpoint parse_endpoint(std::string_view text) {
  const std::string_view given = trimmed(text);
  const auto colon = given.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    throw std::invalid_argument("'" + std::string(given) + "' is not HOST:PORT");
  }
  Endpoint out{.host = std::string(given.substr(0, colon))};
  if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']') out.host = out.host.substr(1, out.host.size() - 2);
  const std::string_view port = given.substr(colon + 1);
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), out.port);
  if (error != std::errc() || end != port.data() + port.size() || out.port < 1 || out.port > 65535) {
    throw std::invalid_argument("'" + std::string(given) + "': the port must be a number from 1 to 65535");
  }
  if (out.host.empty()) throw std::invalid_argument("'" + std::string(given) + "' names no host");
  return out;
}

}  // namespace

std::string Endpoint::text() const {
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::vector<Endpoint> parse_replicas(std::string_view text) {
  std::vector<Endpoint> replicas;
  while (true) {
    const auto comma = text.find(',');
    replicas.push_back(parse_endpoint(text.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return replicas;
}

std::vector<std::vector<Endpoint>> read_shard_list(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw ParseError(file, 0, "cannot open the shard list");
  std::vector<std::vector<Endpoint>> shards;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string_view text = trimmed(line);
    if (text.empty() || text.front() == '#') continue;
    // Xapian's own stub line for a TCP remote reads the same: "remote HOST:PORT".
    if (text.starts_with("remote ")) text = trimmed(text.substr(7));
    try {
      shards.push_back(parse_replicas(text));
    } catch (const std::invalid_argument& e) {
      throw ParseError(file, number, e.what());
    }
  }
  if (shards.empty()) throw ParseError(file, 0, "lists no shard (one line of HOST:PORT[,HOST:PORT...] per shard)");
  return shards;
}

RemoteShards::RemoteShards(std::vector<std::vector<Endpoint>> shards, Settings settings)
    : shards_(std::move(shards)), settings_(settings) {
  if (shards_.empty()) throw std::invalid_argument("no remote shard given");
  for (const auto& replicas : shards_) {
    if (replicas.empty()) throw std::invalid_argument("a remote shard has no replica");
    health_.emplace_back(replicas.size());
  }
}

std::vector<std::size_t> RemoteShards::order(std::size_t shard, std::size_t reader) const {
  const std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  const std::vector<Health>& replicas = health_.at(shard);
  std::vector<std::size_t> up, due;
  for (std::size_t i = 0; i < replicas.size(); ++i) {
    const std::size_t replica = (reader + i) % replicas.size();
    if (replicas[replica].up) up.push_back(replica);
    else if (now >= replicas[replica].retry_at) due.push_back(replica);
  }
  up.insert(up.end(), due.begin(), due.end());
  return up;
}

bool RemoteShards::may_try(std::size_t shard) const {
  const std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  for (const Health& replica : health_.at(shard)) {
    if (replica.up || now >= replica.retry_at) return true;
  }
  return false;
}

void RemoteShards::answered(std::size_t shard, std::size_t replica) {
  const std::lock_guard lock(mutex_);
  health_.at(shard).at(replica).up = true;
}

void RemoteShards::failed(std::size_t shard, std::size_t replica) {
  const std::lock_guard lock(mutex_);
  Health& health = health_.at(shard).at(replica);
  health.up = false;
  health.retry_at = std::chrono::steady_clock::now() + settings_.retry_after;
  ++health.errors;
}

void RemoteShards::failed_over(std::size_t shard, std::size_t replica) {
  const std::lock_guard lock(mutex_);
  ++health_.at(shard).at(replica).failovers;
}

RemoteShards::Found RemoteShards::replica_of(std::string_view error_context) const {
  // Xapian's context of a TCP remote: "remote:tcp(HOST:PORT)".
  for (std::size_t shard = 0; shard < shards_.size(); ++shard) {
    for (std::size_t replica = 0; replica < shards_[shard].size(); ++replica) {
      const Endpoint& endpoint = shards_[shard][replica];
      if (error_context == "remote:tcp(" + endpoint.host + ":" + std::to_string(endpoint.port) + ")") {
        return {shard, replica, true};
      }
    }
  }
  return {};
}

std::vector<RemoteShards::ReplicaState> RemoteShards::states() const {
  const std::lock_guard lock(mutex_);
  std::vector<ReplicaState> out;
  for (std::size_t shard = 0; shard < shards_.size(); ++shard) {
    for (std::size_t replica = 0; replica < shards_[shard].size(); ++replica) {
      const Health& health = health_[shard][replica];
      out.push_back({shard, shards_[shard][replica].text(), health.up, health.errors, health.failovers});
    }
  }
  return out;
}

}  // namespace scatter::shards
