# Writes OUTPUT: a C++ file holding every file of WEB_DIR (the search page, its
# scripts and styles, the widget) as bytes with its SHA-256, the table behind
# embedded_web_files() (static_files.h). Run by the build whenever a file of
# web/ changes:
#   cmake -DWEB_DIR=web -DOUTPUT=web_files.cpp -P embed_web_files.cmake
# Hidden files (editor swap files, .DS_Store) are left out.
cmake_minimum_required(VERSION 3.22)

file(GLOB_RECURSE names RELATIVE "${WEB_DIR}" "${WEB_DIR}/*")
list(FILTER names EXCLUDE REGEX "(^|/)\\.")
list(SORT names)

set(arrays "")
set(table "")
set(index 0)
foreach(name IN LISTS names)
  file(READ "${WEB_DIR}/${name}" hex HEX)
  file(SHA256 "${WEB_DIR}/${name}" digest)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  # Every byte as \xNN: any content (quotes, backslashes, NUL, non-UTF-8) is safe.
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" escaped "${hex}")
  string(APPEND arrays "// web/${name}: ${size} bytes\nconstexpr char kFile${index}[] = \"${escaped}\";\n")
  string(APPEND table "      {\"${name}\", {kFile${index}, ${size}}, \"${digest}\"},\n")
  math(EXPR index "${index} + 1")
endforeach()

set(content "// Generated from web/ by searchd/embed_web_files.cmake at build time: do not edit.
#include \"searchd/static_files.h\"

namespace scatter::searchd {
namespace {

${arrays}
}  // namespace

std::span<const EmbeddedFile> embedded_web_files() {
  static constexpr EmbeddedFile kFiles[] = {
${table}  };
  return kFiles;
}

}  // namespace scatter::searchd
")

# Rewritten only when it changes, so an unchanged web/ rebuilds nothing.
file(WRITE "${OUTPUT}.new" "${content}")
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.new")
