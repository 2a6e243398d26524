// The English stemmer, remembering what it has stemmed. Indexing stems every
// word of every story twice (topic tagging and the term generator), and the
// same few thousand words make up most of the text, so a lookup replaces most
// stemming. Like any Xapian::Stem, one per thread.
#pragma once

#include <xapian.h>

namespace scatter {

// A new stemmer with its own memory, bounded to a fixed number of words.
Xapian::Stem remembering_english_stemmer();

// This thread's remembering stemmer.
Xapian::Stem& thread_english_stemmer();

}  // namespace scatter
